/**
 * A recording's user audio played again as the user ('recorded-audio'): the configured (real)
 * providers hear it as they would a microphone, each frame fed at its own time on the session
 * clock (no drift accumulates), as `run --input FILE.wav` and `rerun REC --realtime` do. What the
 * session says about its providers is what a microphone session says.
 */
import type { StudioConfig } from '../../../shared/config';
import { pcm16ToBytes } from '../../../shared/binary-audio';
import { errorText } from '../../engine';
import type { RendererMicInput } from '../../io/renderer-mic-input';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import type { SessionProviders } from '../session-providers';
import { agentSpeaks, closeProviders, openConfigured, rendererSpeakers } from './configured-session';
import { LiveMicrophone, micProviderWarnings } from './microphone-io';
import type { OpenedSession, SessionIO, SessionIOContext } from './session-io';

export interface RecordedAudio {
  sampleRate: number;
  channels: number;
  data: Int16Array;
}

export interface RecordedAudioPlan {
  kind: 'recorded-audio';
  config: StudioConfig;
  audio: RecordedAudio;
  /** When the first sample plays, ms after the session started. */
  audioAtMs?: number;
  /** Each frame as it is fed, stamped with its due time (a re-run records the user track from it). */
  onFrame?(dueMs: number, frame: RecordedAudio): void;
  /** The audio is over (played to its end, or the session ended first). */
  onPlayed?(): void;
}

const FRAME_MS = 20;

export class RecordedAudioIO implements SessionIO {
  readonly mic = null;
  private readonly abort = new AbortController();
  private playing: Promise<void> | null = null;

  constructor(
    private readonly plan: RecordedAudioPlan,
    private readonly player: LiveMicrophone,
    readonly audioOutput: PacedAudioOutput | null,
    private readonly providers: SessionProviders,
    private readonly ctx: SessionIOContext,
  ) {}

  get audioInput(): RendererMicInput {
    return this.player.input;
  }

  async start(): Promise<void> {
    const playing = this.play().finally(() => {
      this.playing = null;
      this.plan.onPlayed?.();
    });
    this.playing = playing;
  }

  observe(): void {}

  end(): void {
    this.abort.abort(new Error('the session ended'));
    this.player.end();
  }

  halt(): void {
    this.end();
    this.audioOutput?.dispose();
  }

  async release(): Promise<void> {
    await this.playing;
    await closeProviders(this.providers, this.ctx);
  }

  pendingWork(): string[] {
    return this.playing ? ['recorded audio playback'] : [];
  }

  private async play(): Promise<void> {
    const { clock } = this.ctx;
    const { audio } = this.plan;
    const signal = this.abort.signal;
    const t0 = clock.now();
    const at = t0 + (this.plan.audioAtMs ?? 0);
    const step = Math.max(1, Math.round((audio.sampleRate * FRAME_MS) / 1000)) * audio.channels;
    try {
      for (let i = 0; i < audio.data.length && !signal.aborted; i += step) {
        const due = at + ((i / audio.channels) * 1000) / audio.sampleRate;
        const wait = due - clock.now();
        if (wait > 0) await clock.sleep(wait, signal);
        const data = audio.data.subarray(i, i + step);
        // Stamped with its due time: the track stays gapless and aligned even when a timer is late.
        this.plan.onFrame?.(due, { data, sampleRate: audio.sampleRate, channels: audio.channels });
        this.player.push({ sampleRate: audio.sampleRate, channels: audio.channels, pcm: pcm16ToBytes(data) });
      }
    } catch (err) {
      // Aborted while waiting for the next frame: the session ended, nothing more to feed.
      if (!signal.aborted)
        this.ctx.events.warn(`the recorded audio stopped: ${errorText(err)}`, 'microphone');
    } finally {
      this.player.end();
    }
  }
}

export function openRecordedAudio(plan: RecordedAudioPlan, ctx: SessionIOContext): Promise<OpenedSession> {
  return openConfigured(plan.config, ctx, { audioInput: true }, ({ providers }) => {
    const output = agentSpeaks(providers) ? rendererSpeakers(ctx, true) : null;
    const player = new LiveMicrophone({ clock: ctx.clock, events: ctx.events });
    for (const w of micProviderWarnings(plan.config, providers))
      ctx.events.warn(w.message, 'microphone', w.code);
    return new RecordedAudioIO(plan, player, output, providers, ctx);
  });
}

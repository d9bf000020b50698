/**
 * The studio's speakers in the renderer: plays main's `audio` pushes through an AudioContext,
 * chunk after chunk without gaps at each chunk's own sample rate (Web Audio resamples to the
 * device), and drops everything queued when main says playback was cut (`cleared`). Browsers
 * keep an AudioContext suspended until the user interacts with the page, so the player resumes
 * it on the first gesture; chunks that arrive while it cannot sound are counted, not queued
 * (live speech played late is worse than none). The math lives in playback-schedule.ts.
 */
import type { PushedEvents } from '../../../shared/studio-api';
import { decodePcm16, meterLevel, rmsOf } from './pcm';
import {
  addChunk,
  advance,
  clearSchedule,
  DEFAULT_SCHEDULE,
  emptySchedule,
  levelAt,
  placeChunk,
  playedMs,
  queuedMs,
  type ScheduleOptions,
  type ScheduleState,
} from './playback-schedule';

export type AudioPush = PushedEvents['audio'];

export interface PlayerStats {
  /** Audio chunks received (clears not counted). */
  received: number;
  /** Chunks scheduled to play. */
  scheduled: number;
  /** Chunks not played: the context could not sound yet, or the queue was too far ahead. */
  dropped: number;
  clears: number;
  underruns: number;
  /** Audio played since the player started, ms. */
  playedMs: number;
  /** Audio queued and not heard yet, ms. */
  queuedMs: number;
  /** Meter reading of what sounds now, in [0, 1] (shown even when muted). */
  level: number;
  muted: boolean;
  context: AudioContextState | 'none';
}

export interface AudioPlayerOptions {
  createContext?: () => AudioContext;
  schedule?: ScheduleOptions;
  /** Where the first user gesture is awaited (the window by default; null: never). */
  gestureTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
}

const GESTURES = ['pointerdown', 'keydown', 'touchstart'] as const;

export class AudioPlayer {
  private ctx: AudioContext | null = null;
  private gain: GainNode | null = null;
  private schedule: ScheduleState = emptySchedule();
  private readonly sources = new Set<AudioBufferSourceNode>();
  private mutedFlag = false;
  private readonly counts = { received: 0, scheduled: 0, dropped: 0, clears: 0 };
  private readonly onGesture = (): void => void this.resume();
  private listening = false;

  constructor(private readonly opts: AudioPlayerOptions = {}) {}

  /** Resumes the context on the next user gesture (until it runs); returns the undo. */
  listenForGesture(): () => void {
    const target = this.gestureTarget();
    if (target && !this.listening) {
      this.listening = true;
      for (const g of GESTURES) target.addEventListener(g, this.onGesture, { capture: true });
    }
    return () => this.stopWaitingForGesture();
  }

  /** Plays one push from main (or drops the queue for a `cleared` one). */
  enqueue(push: AudioPush): void {
    if (push.cleared) {
      this.clear();
      return;
    }
    this.counts.received += 1;
    const ctx = this.context();
    if (!ctx || ctx.state !== 'running' || push.pcm.byteLength === 0) {
      this.counts.dropped += 1;
      return;
    }
    const channels = decodePcm16(push.pcm, push.channels);
    const frames = channels[0]?.length ?? 0;
    if (frames === 0) return;
    const durationSec = frames / push.sampleRate;
    const now = ctx.currentTime;
    this.schedule = advance(this.schedule, now);
    const placement = placeChunk(this.schedule, now, durationSec, this.opts.schedule ?? DEFAULT_SCHEDULE);
    if (placement.kind === 'drop') {
      this.counts.dropped += 1;
      return;
    }
    const buffer = ctx.createBuffer(push.channels, frames, push.sampleRate);
    channels.forEach((data, c) => buffer.copyToChannel(data, c));
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(this.output(ctx));
    source.onended = () => {
      this.sources.delete(source);
      source.disconnect();
    };
    source.start(placement.startSec);
    this.sources.add(source);
    this.schedule = addChunk(this.schedule, placement, durationSec, meterLevel(rmsOf(channels)));
    this.counts.scheduled += 1;
  }

  /** Stops what sounds and drops what is queued. */
  clear(): void {
    this.counts.clears += 1;
    for (const s of this.sources) {
      s.onended = null;
      try {
        s.stop();
      } catch {
        // never started: nothing to stop
      }
      s.disconnect();
    }
    this.sources.clear();
    this.schedule = clearSchedule(this.schedule, this.ctx?.currentTime ?? 0);
  }

  setMuted(muted: boolean): void {
    this.mutedFlag = muted;
    if (this.gain && this.ctx) this.gain.gain.setValueAtTime(muted ? 0 : 1, this.ctx.currentTime);
  }

  get muted(): boolean {
    return this.mutedFlag;
  }

  /** Lets the context sound; called on a user gesture (browsers refuse it before one). */
  async resume(): Promise<void> {
    const ctx = this.context();
    if (!ctx || ctx.state === 'running' || ctx.state === 'closed') return;
    try {
      await ctx.resume();
    } catch {
      // refused without a gesture: the next gesture tries again
    }
    if ((ctx.state as AudioContextState) === 'running') this.stopWaitingForGesture();
  }

  stats(): PlayerStats {
    const now = this.ctx?.currentTime ?? 0;
    return {
      ...this.counts,
      underruns: this.schedule.underruns,
      playedMs: playedMs(this.schedule, now),
      queuedMs: queuedMs(this.schedule, now),
      level: levelAt(this.schedule, now),
      muted: this.mutedFlag,
      context: this.ctx?.state ?? 'none',
    };
  }

  /** Stops playback, releases the context and the gesture listeners; a later push starts afresh. */
  close(): void {
    this.clear();
    this.stopWaitingForGesture();
    const ctx = this.ctx;
    this.ctx = null;
    this.gain = null;
    if (ctx) void ctx.close().catch(() => undefined);
  }

  private context(): AudioContext | null {
    if (!this.ctx) {
      try {
        this.ctx = this.opts.createContext
          ? this.opts.createContext()
          : new AudioContext({ latencyHint: 'interactive' });
      } catch {
        return null; // no Web Audio here: every chunk is dropped and counted
      }
      if (this.ctx.state === 'running') this.stopWaitingForGesture();
    }
    return this.ctx;
  }

  private output(ctx: AudioContext): GainNode {
    if (!this.gain) {
      this.gain = ctx.createGain();
      this.gain.gain.value = this.mutedFlag ? 0 : 1;
      this.gain.connect(ctx.destination);
    }
    return this.gain;
  }

  private gestureTarget(): AudioPlayerOptions['gestureTarget'] {
    return this.opts.gestureTarget === undefined ? (globalThis.window ?? null) : this.opts.gestureTarget;
  }

  private stopWaitingForGesture(): void {
    const target = this.gestureTarget();
    if (!target || !this.listening) return;
    this.listening = false;
    for (const g of GESTURES) target.removeEventListener(g, this.onGesture, { capture: true });
  }
}

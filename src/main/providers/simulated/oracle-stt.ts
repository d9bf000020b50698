/**
 * The simulated STT: an oracle that is told what the simulated caller says instead of listening
 * (no open-vocabulary ASR runs offline here). It is still timed like a streaming recognizer
 * against the caller's real speech: start of speech when the voice sounds, interim transcripts
 * every `interimIntervalMs` with the words spoken so far, the final transcript `delayMs` after
 * the voice stops, then end of speech and usage. A caller line with `transcribe: false` produces
 * nothing, as a recognizer that hears a backchannel but finds no words. It reads time only from
 * the clock.
 */
import type { SttProviderConfig } from '../../../shared/config';
import type { AudioFrame } from '../../engine/audio/frame';
import { Channel } from '../../engine/base/channel';
import type { Clock, TimerHandle } from '../../engine/base/clock';
import type {
  SpeechData,
  SpeechEvent,
  SpeechEventType,
  STT,
  STTCapabilities,
  STTStream,
} from '../../engine/stt/stt';
import { instantOf } from '../../simulation/script-timeline';
import type { CallerSpeechSource, CallerUtterance } from './simulated-caller';

export type SimulatedSttConfig = Extract<SttProviderConfig, { provider: 'simulated' }>;

/** The words of `text` a listener has heard `elapsedMs` into `voicedMs` of speech (by character position). */
export function wordsHeard(text: string, elapsedMs: number, voicedMs: number): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (voicedMs <= 0 || elapsedMs >= voicedMs) return words.join(' ');
  const total = words.reduce((n, w) => n + w.length, 0);
  const budget = (elapsedMs / voicedMs) * total;
  const out: string[] = [];
  let spent = 0;
  for (const w of words) {
    spent += w.length;
    if (spent > budget) break;
    out.push(w);
  }
  return out.join(' ');
}

export class OracleSTT implements STT {
  readonly label = 'simulated.OracleSTT';
  readonly capabilities: STTCapabilities;
  private readonly open = new Set<OracleSttStream>();
  private count = 0;
  /** Frames the engine pushed into every stream (proves the audio path runs). */
  framesPushed = 0;

  constructor(
    private readonly config: SimulatedSttConfig,
    private readonly deps: { clock: Clock; caller: CallerSpeechSource },
  ) {
    this.capabilities = { streaming: true, interimResults: config.interimIntervalMs > 0 };
  }

  stream(options?: { language?: string }): STTStream {
    this.count += 1;
    const stream = new OracleSttStream(this.config, this.deps, {
      name: `oracle stt stream #${this.count}`,
      requestId: `sim_stt_${this.count}`,
      language: options?.language ?? 'en',
      countFrame: () => void (this.framesPushed += 1),
      onClosed: (s) => this.open.delete(s),
    });
    this.open.add(stream);
    return stream;
  }

  openStreams(): string[] {
    return [...this.open].map((s) => s.name);
  }
}

interface StreamInit {
  name: string;
  requestId: string;
  language: string;
  countFrame(): void;
  onClosed(s: OracleSttStream): void;
}

class OracleSttStream implements STTStream {
  readonly name: string;
  private readonly channel = new Channel<SpeechEvent>();
  private readonly timers = new Set<TimerHandle>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly config: SimulatedSttConfig,
    private readonly deps: { clock: Clock; caller: CallerSpeechSource },
    private readonly init: StreamInit,
  ) {
    this.name = init.name;
    this.unsubscribe = deps.caller.onSpeech(init.name, (ev) => {
      if (ev.type === 'speech_started') this.plan(ev.utterance);
    });
    const current = deps.caller.currentUtterance;
    if (current) this.plan(current);
  }

  /** Schedules everything this utterance will produce that is still in the future. */
  private plan(u: CallerUtterance): void {
    // A line scripted as untranscribed (a backchannel, a cough) yields no STT event at all.
    if (!u.transcribe) return;
    const now = instantOf(this.deps.clock);
    const voicedMs = u.voicedEndAt - u.voicedStartAt;
    const finalAt = u.voicedEndAt + this.config.delayMs;
    const at = (t: number, fn: () => void): void => {
      if (t < now) return;
      const h = this.deps.clock.setTimer(() => {
        this.timers.delete(h);
        fn();
      }, t - now);
      this.timers.add(h);
    };
    at(u.voicedStartAt, () => this.send('start_of_speech', u, ''));
    const interval = this.config.interimIntervalMs;
    if (interval > 0) {
      let last = '';
      for (let t = u.voicedStartAt + interval; t < finalAt; t += interval) {
        // Interims lag the voice by the recognizer's delay, capped so they still come while it speaks.
        const heard = wordsHeard(
          u.text,
          t - u.voicedStartAt - Math.min(this.config.delayMs, interval),
          voicedMs,
        );
        if (heard === '' || heard === last) continue;
        last = heard;
        at(t, () => this.send('interim_transcript', u, heard));
      }
    }
    at(finalAt, () => {
      this.send('final_transcript', u, u.text.trim());
      this.send('end_of_speech', u, '');
      this.channel.trySend({
        type: 'recognition_usage',
        requestId: this.init.requestId,
        alternatives: [],
        audioDurationMs: u.endsAt - u.startedAt,
      });
    });
  }

  private send(type: SpeechEventType, u: CallerUtterance, text: string): void {
    const alt: SpeechData = {
      text,
      language: this.init.language,
      startTimeMs: u.voicedStartAt,
      endTimeMs: u.voicedEndAt,
      confidence: 1,
      speakerId: null,
    };
    this.channel.trySend({
      type,
      requestId: this.init.requestId,
      alternatives: type.endsWith('transcript') ? [alt] : [],
    });
  }

  pushFrame(_frame: AudioFrame): void {
    this.init.countFrame();
  }

  flush(): void {}

  endInput(): void {
    this.finish();
  }

  async close(): Promise<void> {
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.channel.close();
    this.init.onClosed(this);
  }

  [Symbol.asyncIterator](): AsyncIterator<SpeechEvent> {
    return this.channel[Symbol.asyncIterator]();
  }
}

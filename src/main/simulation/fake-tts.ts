/**
 * Scripted streaming TTS (format §4.4). The key is the whole text of one segment (up to a flush or
 * the end of input). Once a segment's text is complete at f, all its audio (silence, 24 kHz mono,
 * 10 ms frames) arrives at f + ttfbMs and the segment is done at max(f + durationMs, f + ttfbMs);
 * segments are synthesized one after another. An unknown key yields no audio and ends at once.
 */
import { makeFrame, type AudioFrame } from '../engine/audio/frame';
import type { Clock, TimerHandle } from '../engine/base/clock';
import { Channel } from '../engine/base/channel';
import type { SynthesizedAudio, SynthesizeStream, TTS, TTSCapabilities } from '../engine/tts/tts';
import type { TtsResponse } from './scenario-loader';
import { instantOf } from './script-timeline';

export const FAKE_TTS_SAMPLE_RATE = 24000;
export const FAKE_TTS_FRAME_MS = 10;

export interface TtsSegmentRecord {
  /** Clock time the segment's text was complete. */
  t: number;
  text: string;
  scripted: boolean;
}

/** `durationMs` of silence as 10 ms frames (the last one shorter when it does not divide). */
export function silenceFrames(durationMs: number, sampleRate = FAKE_TTS_SAMPLE_RATE): AudioFrame[] {
  const total = Math.round((durationMs * sampleRate) / 1000);
  const per = Math.round((FAKE_TTS_FRAME_MS * sampleRate) / 1000);
  const frames: AudioFrame[] = [];
  for (let done = 0; done < total; done += per) {
    frames.push(makeFrame(new Int16Array(Math.min(per, total - done)), sampleRate, 1));
  }
  return frames;
}

export class FakeTTS implements TTS {
  readonly label = 'scenario.FakeTTS';
  readonly sampleRate = FAKE_TTS_SAMPLE_RATE;
  readonly numChannels = 1;
  readonly capabilities: TTSCapabilities = { streaming: true, alignedTranscript: false };
  readonly segments: TtsSegmentRecord[] = [];
  private readonly responses = new Map<string, TtsResponse>();
  private readonly open = new Set<FakeSynthesizeStream>();
  private count = 0;

  constructor(
    private readonly clock: Clock,
    responses: readonly TtsResponse[],
  ) {
    for (const r of responses) this.responses.set(r.input, r);
  }

  stream(options?: { signal?: AbortSignal }): SynthesizeStream {
    this.count += 1;
    const stream = new FakeSynthesizeStream(this.clock, `tts_${this.count}`, {
      lookup: (text) => {
        const r = this.responses.get(text);
        this.segments.push({ t: this.clock.now(), text, scripted: r !== undefined });
        return r;
      },
      signal: options?.signal,
      onFinished: (s) => this.open.delete(s),
    });
    if (!stream.finished) this.open.add(stream);
    return stream;
  }

  openStreams(): string[] {
    return [...this.open].map((s) => `fake tts stream ${s.requestId}`);
  }
}

interface StreamHooks {
  lookup(text: string): TtsResponse | undefined;
  signal: AbortSignal | undefined;
  onFinished(s: FakeSynthesizeStream): void;
}

class FakeSynthesizeStream implements SynthesizeStream {
  private readonly channel = new Channel<SynthesizedAudio>();
  private readonly timers = new Set<TimerHandle>();
  private readonly onAbort = (): void => this.finish();
  private pending = '';
  private inputEnded = false;
  private activeSegments = 0;
  /** Clock instant at which the previous segment is done; the next one starts no earlier. */
  private busyUntil = 0;
  private segmentCount = 0;
  finished = false;

  constructor(
    private readonly clock: Clock,
    readonly requestId: string,
    private readonly hooks: StreamHooks,
  ) {
    if (hooks.signal?.aborted) this.finish();
    else hooks.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  pushText(text: string): void {
    if (this.inputEnded || this.finished) return;
    this.pending += text;
  }

  flush(): void {
    this.segmentInput();
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.segmentInput();
    this.inputEnded = true;
    this.maybeEnd();
  }

  private segmentInput(): void {
    if (this.finished || this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    const response = this.hooks.lookup(text);
    const now = instantOf(this.clock);
    const start = Math.max(now, this.busyUntil);
    const segmentId = `${this.requestId}_seg${++this.segmentCount}`;
    if (!response) {
      this.busyUntil = start;
      return;
    }
    this.activeSegments += 1;
    const doneAt = start + Math.max(response.durationMs, response.ttfbMs);
    this.busyUntil = doneAt;
    this.at(start + response.ttfbMs - now, () => {
      const frames = silenceFrames(response.audioDurationMs);
      frames.forEach((frame, i) =>
        this.channel.trySend({
          frame,
          requestId: this.requestId,
          segmentId,
          isFinal: i === frames.length - 1,
        }),
      );
    });
    this.at(doneAt - now, () => {
      this.activeSegments -= 1;
      this.maybeEnd();
    });
  }

  private at(delayMs: number, fn: () => void): void {
    const h = this.clock.setTimer(() => {
      this.timers.delete(h);
      fn();
    }, delayMs);
    this.timers.add(h);
  }

  private maybeEnd(): void {
    if (this.inputEnded && this.activeSegments === 0) this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.hooks.signal?.removeEventListener('abort', this.onAbort);
    this.channel.close();
    this.hooks.onFinished(this);
  }

  async close(): Promise<void> {
    this.finish();
  }

  [Symbol.asyncIterator](): AsyncIterator<SynthesizedAudio> {
    return this.channel[Symbol.asyncIterator]();
  }
}

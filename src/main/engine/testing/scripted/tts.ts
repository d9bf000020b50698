/**
 * The scripted streaming TTS (scenario format §4.4). The key is the whole text of one segment (up
 * to a flush or the end of input). Once a segment's text is complete at f, all its audio (silence,
 * 10 ms frames) arrives at f + ttfbMs and the segment is done at f + max(durationMs, ttfbMs);
 * segments are synthesized one after another. An unknown key yields no audio and ends at once.
 */
import { makeFrame, type AudioFrame } from '../../audio/frame';
import type { Clock } from '../../base/clock';
import type { SynthesizedAudio, SynthesizeStream, TTS, TTSCapabilities } from '../../tts/tts';
import { ScriptedStream } from './stream';

export const SCRIPTED_TTS_SAMPLE_RATE = 24000;
export const SCRIPTED_TTS_FRAME_MS = 10;

export interface TimedTtsReply {
  audioDurationMs: number;
  ttfbMs?: number;
  /** When the segment is done, after its text is complete; never before its audio. */
  durationMs?: number;
  /** The stream fails with this message at ttfb, before any audio. */
  error?: string;
}

export interface TtsSegmentRecord {
  /** Clock time the segment's text was complete. */
  t: number;
  text: string;
  scripted: boolean;
}

/**
 * Zeroed sample arrays by length, shared by every silent frame of that length: a long scripted
 * run synthesizes hundreds of thousands of 10 ms frames, and a fresh array each was most of what
 * the collector had to sweep. Nothing writes into a frame's samples (frames are read, resampled
 * into new arrays, or copied), so one array of zeros can back them all; each frame is still its
 * own object.
 */
const zeros = new Map<number, Int16Array>();
function zeroSamples(n: number): Int16Array {
  let data = zeros.get(n);
  if (data === undefined) {
    data = new Int16Array(n);
    zeros.set(n, data);
  }
  return data;
}

/** `durationMs` of silence as 10 ms frames (the last one shorter when it does not divide). */
export function silenceFrames(durationMs: number, sampleRate = SCRIPTED_TTS_SAMPLE_RATE): AudioFrame[] {
  const total = Math.round((durationMs * sampleRate) / 1000);
  const per = Math.round((SCRIPTED_TTS_FRAME_MS * sampleRate) / 1000);
  const full = zeroSamples(per);
  const frames: AudioFrame[] = [];
  for (let done = 0; done < total; done += per) {
    const n = Math.min(per, total - done);
    frames.push(makeFrame(n === per ? full : zeroSamples(n), sampleRate, 1));
  }
  return frames;
}

export interface ScriptedTtsInit {
  clock: Clock;
  /** The reply for one segment's text, undefined when unscripted; default: the replies set with on(). */
  lookup?(text: string): TimedTtsReply | undefined;
  label?: string;
  /** Track streams until close() (unit tests' leak check); off, ended streams are let go. */
  trackUnclosed?: boolean;
}

export class ScriptedTTS implements TTS {
  readonly label: string;
  readonly sampleRate = SCRIPTED_TTS_SAMPLE_RATE;
  readonly numChannels = 1;
  readonly capabilities: TTSCapabilities = { streaming: true, alignedTranscript: false };
  readonly segments: TtsSegmentRecord[] = [];
  /** Replies by exact segment text, for the default lookup. */
  readonly replies = new Map<string, TimedTtsReply>();
  private readonly open = new Set<ScriptedStream<SynthesizedAudio>>();
  private readonly unclosed = new Set<ScriptedStream<SynthesizedAudio>>();
  private count = 0;

  constructor(private readonly init: ScriptedTtsInit) {
    this.label = init.label ?? 'scripted.TTS';
  }

  /** A TTS answering from a table keyed by the exact segment text (the last entry per key wins). */
  static fromTable(
    clock: Clock,
    replies: Iterable<readonly [string, TimedTtsReply]>,
    label?: string,
  ): ScriptedTTS {
    const tts = new ScriptedTTS({ clock, label });
    for (const [text, reply] of replies) tts.on(text, reply);
    return tts;
  }

  /** Scripts the reply for a segment's exact text (default lookup; the last one per text wins). */
  on(text: string, reply: TimedTtsReply): this {
    this.replies.set(text, reply);
    return this;
  }

  /** Texts of every segment synthesized so far. */
  get inputs(): string[] {
    return this.segments.map((s) => s.text);
  }

  stream(options?: { signal?: AbortSignal }): ScriptedStream<SynthesizedAudio> & SynthesizeStream {
    this.count += 1;
    const stream = new ScriptedSynthesizeStream({
      clock: this.init.clock,
      requestId: `tts_${this.count}`,
      signal: options?.signal,
      onFinished: (s) => this.open.delete(s),
      lookup: (text) => {
        const r = this.init.lookup ? this.init.lookup(text) : this.replies.get(text);
        this.segments.push({ t: this.init.clock.now(), text, scripted: r !== undefined });
        return r;
      },
      onClosed: (s) => this.unclosed.delete(s),
    });
    if (this.init.trackUnclosed) this.unclosed.add(stream);
    if (!stream.finished) this.open.add(stream);
    return stream;
  }

  /** Streams still producing (a closed session must have stopped them all). */
  openStreams(): string[] {
    return [...this.open].map((s) => `${this.label} stream ${s.requestId}`);
  }

  /** Streams the consumer never closed, ended or not. */
  unclosedStreams(): string[] {
    return [...this.unclosed].map((s) => `${this.label} stream ${s.requestId}`);
  }
}

interface SynthesizeInit {
  clock: Clock;
  requestId: string;
  signal: AbortSignal | undefined;
  onFinished(s: ScriptedStream<SynthesizedAudio>): void;
  onClosed(s: ScriptedStream<SynthesizedAudio>): void;
  lookup(text: string): TimedTtsReply | undefined;
}

class ScriptedSynthesizeStream extends ScriptedStream<SynthesizedAudio> implements SynthesizeStream {
  private pending = '';
  private inputEnded = false;
  private activeSegments = 0;
  /** Clock instant at which the previous segment is done; the next one starts no earlier. */
  private busyUntil = 0;
  private segmentCount = 0;

  constructor(private readonly hooks: SynthesizeInit) {
    super(hooks);
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

  override async close(): Promise<void> {
    this.hooks.onClosed(this);
    await super.close();
  }

  private segmentInput(): void {
    if (this.finished || this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    const reply = this.hooks.lookup(text);
    const start = Math.max(this.nowMs(), this.busyUntil);
    const segmentId = `${this.requestId}_seg${++this.segmentCount}`;
    if (!reply) {
      this.busyUntil = start;
      return;
    }
    this.activeSegments += 1;
    const ttfbMs = reply.ttfbMs ?? 200;
    const audioAt = start + ttfbMs;
    const doneAt = start + Math.max(reply.durationMs ?? ttfbMs, ttfbMs);
    this.busyUntil = doneAt;
    this.at(audioAt, () => {
      if (reply.error !== undefined) return this.finish(new Error(reply.error));
      const frames = silenceFrames(reply.audioDurationMs);
      frames.forEach((frame, i) =>
        this.send({ frame, requestId: this.requestId, segmentId, isFinal: i === frames.length - 1 }),
      );
    });
    this.at(doneAt, () => {
      this.activeSegments -= 1;
      this.maybeEnd();
    });
  }

  private maybeEnd(): void {
    if (this.inputEnded && this.activeSegments === 0) this.finish();
  }
}

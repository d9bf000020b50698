/**
 * Streaming synthesis over a one-shot engine. The LLM's text arrives in small chunks, but the
 * engine speaks whole texts, so the stream cuts the text into sentences and runs one engine
 * process per sentence, in order: the first sentence is heard while the LLM is still writing the
 * rest. A `flush` ends a segment (its last frame is marked final and one `tts` metric covers it).
 */
import type { MetricsData } from '../../../shared/engine-events';
import {
  type AudioFrame,
  Channel,
  type Clock,
  frameDurationMs,
  type SentenceStream,
  type SentenceTokenizer,
  type SynthesizedAudio,
  type SynthesizeStream,
} from '../../engine';
import { StreamShell } from '../common/stream-shell';

export type TtsMetrics = Extract<MetricsData, { type: 'tts' }>;

/** What a stream needs from its TTS: kept narrow so the stream can be tested on its own. */
export interface StreamDeps {
  clock: Clock;
  label: string;
  tokenizer: SentenceTokenizer;
  synthesize(text: string, signal: AbortSignal): AsyncIterable<AudioFrame>;
  onMetrics?: (m: TtsMetrics) => void;
  onClosed?: (s: LocalSynthesizeStream) => void;
}

interface Segment {
  id: string;
  sentences: SentenceStream;
  characters: number;
  firstTextAt: number | null;
}

export class LocalSynthesizeStream implements SynthesizeStream {
  private readonly segments = new Channel<Segment>();
  private readonly shell: StreamShell<SynthesizedAudio>;
  private current: Segment | null = null;
  private segmentCount = 0;
  private inputEnded = false;

  constructor(
    readonly requestId: string,
    private readonly deps: StreamDeps,
    externalSignal?: AbortSignal,
  ) {
    this.shell = new StreamShell({
      closedReason: `${requestId}: closed`,
      onAbort: () => {
        void this.current?.sentences.close();
        this.segments.close();
      },
    });
    this.shell.start((signal) => this.run(signal), externalSignal);
  }

  private get out(): StreamShell<SynthesizedAudio>['out'] {
    return this.shell.out;
  }

  pushText(text: string): void {
    if (this.shell.signal.aborted) return;
    if (this.inputEnded) throw new Error(`${this.deps.label}: pushText after endInput`);
    if (text === '') return;
    const seg = (this.current ??= this.openSegment());
    seg.firstTextAt ??= this.deps.clock.now();
    seg.characters += text.length;
    seg.sentences.pushText(text);
  }

  flush(): void {
    if (this.shell.signal.aborted || !this.current) return;
    this.current.sentences.endInput();
    this.current = null;
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.flush();
    this.inputEnded = true;
    this.segments.close();
  }

  /** Stops at once: the running engine process is killed and awaited, unspoken text dropped. */
  close(): Promise<void> {
    return this.shell.close();
  }

  /** True until the stream has finished or was closed. */
  get running(): boolean {
    return !this.out.closed;
  }

  [Symbol.asyncIterator](): AsyncIterator<SynthesizedAudio> {
    return this.shell.iterator();
  }

  private openSegment(): Segment {
    this.segmentCount += 1;
    const seg: Segment = {
      id: `${this.requestId}_seg${this.segmentCount}`,
      sentences: this.deps.tokenizer.stream(),
      characters: 0,
      firstTextAt: null,
    };
    this.segments.send(seg);
    return seg;
  }

  private async run(signal: AbortSignal): Promise<void> {
    try {
      for await (const seg of this.segments) {
        if (signal.aborted) break;
        await this.synthesizeSegment(seg, signal);
      }
    } catch (err) {
      // Once closed, an engine killed mid-sentence is no failure: the output just ends.
      if (signal.aborted) return;
      // The consumer sees the engine's error (a missing binary, a crash) from its iteration;
      // text pushed after that is dropped rather than queued for an engine that failed.
      void this.shell.abort();
      throw err;
    } finally {
      this.deps.onClosed?.(this);
    }
  }

  private async synthesizeSegment(seg: Segment, signal: AbortSignal): Promise<void> {
    const { clock } = this.deps;
    let held: AudioFrame | null = null;
    let firstFrameAt: number | null = null;
    let audioMs = 0;
    let completed = false;
    const send = (frame: AudioFrame, isFinal: boolean): void => {
      this.out.trySend({ frame, requestId: this.requestId, segmentId: seg.id, isFinal });
    };
    try {
      for await (const sentence of seg.sentences) {
        if (signal.aborted) break;
        for await (const frame of this.deps.synthesize(sentence.token, signal)) {
          firstFrameAt ??= clock.now();
          audioMs += frameDurationMs(frame);
          // The newest frame is held back so the segment's last one can carry isFinal.
          if (held) send(held, false);
          held = frame;
        }
      }
      if (held && !signal.aborted) send(held, true);
      completed = !signal.aborted;
    } finally {
      this.reportMetrics(seg, firstFrameAt, audioMs, !completed);
    }
  }

  private reportMetrics(
    seg: Segment,
    firstFrameAt: number | null,
    audioMs: number,
    cancelled: boolean,
  ): void {
    if (!this.deps.onMetrics || seg.firstTextAt === null) return;
    const now = this.deps.clock.now();
    const metrics: TtsMetrics = {
      type: 'tts',
      speechId: null,
      requestId: this.requestId,
      timestamp: now,
      // Measured from the first text pushed: what a listener waits for when the LLM streams.
      ttfbMs: firstFrameAt === null ? -1 : firstFrameAt - seg.firstTextAt,
      durationMs: now - seg.firstTextAt,
      audioDurationMs: audioMs,
      cancelled,
      charactersCount: seg.characters,
      streamed: true,
      label: this.deps.label,
    };
    this.deps.onMetrics(metrics);
  }
}

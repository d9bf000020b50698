/**
 * Streaming synthesis over a request-per-text API. Pushed text goes into one sentence stream per
 * segment (a segment ends at `flush`); a worker requests each sentence in order and forwards its
 * frames in order. The last frame of a segment must say `isFinal`, but whether a sentence is the
 * segment's last is only known when the next sentence or the segment's end shows up, so the
 * newest frame is held back until then: at most one frame (20 ms) of delay.
 */
import {
  type AudioFrame,
  BufferedSentenceStream,
  Channel,
  type SentenceStream,
  shortId,
  type SynthesizedAudio,
  type SynthesizeStream,
} from '../../engine';
import { StreamShell } from '../common/stream-shell';
import type { SpeechResult } from './tts';

/** What the stream needs from its TTS (kept narrow so the stream is testable on its own). */
export interface SpeechRequester {
  requestSpeech(text: string, signal: AbortSignal, onFrame: (f: AudioFrame) => void): Promise<SpeechResult>;
}

interface Segment {
  id: string;
  sentences: SentenceStream;
}

/** A "tokenizer" that keeps the whole segment as one piece (for one request per text). */
export function wholeTextStream(): SentenceStream {
  return new BufferedSentenceStream({
    tokenize: (t) => (t.trim() ? [[t, 0, t.length]] : []),
    minTokenLength: 1,
    minContextLength: 1,
  });
}

export class OpenAISynthesizeStream implements SynthesizeStream {
  readonly requestId = shortId('tts_stream');
  private readonly segments = new Channel<Segment>();
  private readonly shell: StreamShell<SynthesizedAudio>;
  private current: Segment | null = null;
  private inputEnded = false;

  constructor(
    private readonly tts: SpeechRequester,
    /** Makes the sentence stream of each segment. */
    private readonly makeSentences: () => SentenceStream,
    private readonly signal?: AbortSignal,
  ) {
    this.shell = new StreamShell({
      closedReason: 'tts stream closed',
      onAbort: async () => {
        this.inputEnded = true;
        this.segments.close();
        await this.current?.sentences.close();
      },
    });
    this.shell.start((sig) => this.run(sig), signal);
  }

  private get out(): StreamShell<SynthesizedAudio>['out'] {
    return this.shell.out;
  }

  pushText(text: string): void {
    if (this.inputEnded || this.shell.signal.aborted || text === '') return;
    if (!this.current) {
      this.current = { id: shortId('seg'), sentences: this.makeSentences() };
      this.segments.send(this.current);
    }
    this.current.sentences.pushText(text);
  }

  flush(): void {
    if (!this.current) return;
    this.current.sentences.endInput();
    this.current = null;
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.flush();
    this.inputEnded = true;
    this.segments.close();
  }

  close(): Promise<void> {
    return this.shell.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<SynthesizedAudio> {
    return this.shell.iterator();
  }

  private async run(signal: AbortSignal): Promise<void> {
    for await (const seg of this.segments) {
      let held: SynthesizedAudio | null = null;
      for await (const { token } of seg.sentences) {
        if (signal.aborted) break;
        if (token.trim() === '') continue;
        if (held) {
          this.out.trySend(held);
          held = null;
        }
        const requestId = shortId('tts_req');
        await this.tts.requestSpeech(token, signal, (frame) => {
          if (held) this.out.trySend(held);
          held = { frame, requestId, segmentId: seg.id, isFinal: false };
        });
      }
      if (signal.aborted) break;
      if (held) this.out.trySend({ ...(held as SynthesizedAudio), isFinal: true });
    }
  }
}

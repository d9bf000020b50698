/**
 * A streaming STT made from a recognizer of whole utterances and a VAD (upstream
 * stt/stream_adapter.py): the VAD finds where speech starts and ends in the pushed audio, and
 * each finished speech segment is recognized in one request. Segments are recognized one after
 * another so transcripts come out in the order they were spoken. Events: start_of_speech,
 * end_of_speech, then (when the recognizer heard words) interim transcripts if it streams, the
 * final transcript, and recognition_usage with the segment's audio duration.
 */
import type { AudioFrame, SpeechEvent, STT, STTCapabilities, STTStream, VAD, VADStream } from '../../engine';
import { framesDurationMs } from '../common/frames-wav';
import { StreamShell } from '../common/stream-shell';

export interface RecognizeOptions {
  language?: string;
  signal?: AbortSignal;
  /** Text so far, for recognizers that stream partial results. */
  onInterim?: (text: string) => void;
}

/** Recognizes one utterance (upstream STT.recognize). */
export interface Recognizer {
  readonly label: string;
  /** Whether `onInterim` is ever called. */
  readonly interimResults: boolean;
  /** Resolves with a final_transcript event (its text may be empty: nothing was said). */
  recognize(frames: readonly AudioFrame[], options?: RecognizeOptions): Promise<SpeechEvent>;
}

export class StreamAdapter implements STT {
  readonly label: string;
  readonly capabilities: STTCapabilities;

  constructor(
    readonly recognizer: Recognizer,
    private readonly vad: VAD,
  ) {
    this.label = recognizer.label;
    this.capabilities = { streaming: true, interimResults: recognizer.interimResults };
  }

  stream(options?: { language?: string }): STTStream {
    return new StreamAdapterStream(this.recognizer, this.vad.stream(), options?.language);
  }
}

class StreamAdapterStream implements STTStream {
  private readonly shell: StreamShell<SpeechEvent>;
  private inputEnded = false;

  constructor(
    private readonly recognizer: Recognizer,
    private readonly vadStream: VADStream,
    private readonly language: string | undefined,
  ) {
    this.shell = new StreamShell({
      closedReason: 'stt stream closed',
      onAbort: async () => {
        this.inputEnded = true;
        await this.vadStream.close();
      },
    });
    this.shell.start((signal) => this.run(signal));
  }

  private get out(): StreamShell<SpeechEvent>['out'] {
    return this.shell.out;
  }

  pushFrame(frame: AudioFrame): void {
    if (this.inputEnded) return;
    this.vadStream.pushFrame(frame);
  }

  flush(): void {
    if (!this.inputEnded) this.vadStream.flush();
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.vadStream.endInput();
  }

  close(): Promise<void> {
    return this.shell.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<SpeechEvent> {
    return this.shell.iterator();
  }

  private async run(signal: AbortSignal): Promise<void> {
    for await (const ev of this.vadStream) {
      if (signal.aborted) return;
      if (ev.type === 'start_of_speech') {
        this.out.trySend({ type: 'start_of_speech', requestId: '', alternatives: [] });
      } else if (ev.type === 'end_of_speech') {
        this.out.trySend({ type: 'end_of_speech', requestId: '', alternatives: [] });
        if (ev.frames.length === 0) continue;
        await this.recognizeSegment(ev.frames, signal);
      }
    }
  }

  private async recognizeSegment(frames: readonly AudioFrame[], signal: AbortSignal): Promise<void> {
    const final = await this.recognizer.recognize(frames, {
      ...(this.language !== undefined ? { language: this.language } : {}),
      signal,
      onInterim: (text) =>
        this.out.trySend({
          type: 'interim_transcript',
          requestId: '',
          alternatives: [
            { text, language: this.language ?? null, startTimeMs: 0, endTimeMs: 0, confidence: 0 },
          ],
        }),
    });
    const alt = final.alternatives[0];
    if (alt && alt.text.trim() !== '')
      this.out.trySend({ ...final, type: 'final_transcript', alternatives: [alt] });
    this.out.trySend({
      type: 'recognition_usage',
      requestId: final.requestId,
      alternatives: [],
      audioDurationMs: framesDurationMs(frames),
    });
  }
}

/**
 * An STT made of several, tried in order (upstream stt/fallback_adapter.py). Pushed audio goes
 * to the stream of the provider in use; when that stream fails, the next provider's stream takes
 * over. Unlike upstream, the audio since the last final transcript (bounded) is replayed into
 * the new stream, so the utterance during which the provider failed is still transcribed
 * instead of being lost. Transcripts already delivered stay delivered: STT can switch at any
 * time, there is no "first token" limit as for LLM and TTS.
 */
import {
  type AudioFrame,
  CancelledError,
  frameDurationMs,
  makeFrame,
  type SpeechEvent,
  type STT,
  type STTCapabilities,
  type STTStream,
} from '../../engine';
import { ChainStream } from './chain-stream';
import { ProviderPool, type FallbackOptions, type Probe } from './provider-pool';

export interface FallbackSTTOptions extends FallbackOptions {
  /** How a failed STT is checked; default: `recognize` half a second of silence if it can. */
  probe?: Probe<STT>;
  /** Longest audio replayed into the next provider after a failure, ms. */
  maxReplayMs?: number;
}

interface CanRecognize {
  recognize(frames: readonly AudioFrame[], options?: { signal?: AbortSignal }): Promise<SpeechEvent>;
}

function canRecognize(stt: STT): stt is STT & CanRecognize {
  return typeof (stt as Partial<CanRecognize>).recognize === 'function';
}

/**
 * The default probe. A recognizer (OpenAI STT) gets 500 ms of silence: a transcript, even an
 * empty one, proves the service answers. A pure streaming STT gets the same silence through a
 * stream, which must end without an error.
 */
export async function probeStt(stt: STT, signal: AbortSignal): Promise<void> {
  const silence = makeFrame(new Int16Array(8000), 16000, 1);
  if (canRecognize(stt)) {
    await stt.recognize([silence], { signal });
    return;
  }
  const stream = stt.stream();
  try {
    stream.pushFrame(silence);
    stream.endInput();
    for await (const _ of stream) if (signal.aborted) break;
  } finally {
    await stream.close();
  }
}

export class FallbackSTT implements STT {
  readonly label = 'FallbackSTT';
  readonly capabilities: STTCapabilities;
  readonly pool: ProviderPool<STT>;
  private readonly maxReplayMs: number;

  constructor(stts: readonly STT[], opts: FallbackSTTOptions) {
    this.pool = new ProviderPool('stt', stts, opts, opts.probe ?? probeStt);
    this.capabilities = { streaming: true, interimResults: stts.every((s) => s.capabilities.interimResults) };
    this.maxReplayMs = opts.maxReplayMs ?? 30_000;
  }

  stream(options?: { language?: string }): STTStream {
    return new FallbackSTTStream(this.pool, options, this.maxReplayMs);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

class FallbackSTTStream extends ChainStream<SpeechEvent> implements STTStream {
  /** Audio not yet covered by a final transcript: what a new provider must hear again. */
  private pending: AudioFrame[] = [];
  private pendingMs = 0;
  private inputEnded = false;
  private current: STTStream | null = null;

  constructor(
    private readonly pool: ProviderPool<STT>,
    private readonly options: { language?: string } | undefined,
    private readonly maxReplayMs: number,
  ) {
    super();
    this.start();
  }

  pushFrame(frame: AudioFrame): void {
    if (this.inputEnded) return;
    this.pending.push(frame);
    this.pendingMs += frameDurationMs(frame);
    while (this.pendingMs > this.maxReplayMs && this.pending.length > 1) {
      this.pendingMs -= frameDurationMs(this.pending.shift() as AudioFrame);
    }
    this.current?.pushFrame(frame);
  }

  flush(): void {
    if (!this.inputEnded) this.current?.flush();
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.current?.endInput();
  }

  async close(): Promise<void> {
    this.inputEnded = true;
    this.ctrl.abort(new CancelledError('stt stream closed'));
    await this.current?.close();
    await this.task;
  }

  protected run(): Promise<void> {
    return this.pool.serve(
      this.ctrl.signal,
      (stt) => {
        const stream = stt.stream(this.options);
        for (const f of this.pending) stream.pushFrame(f);
        if (this.inputEnded) stream.endInput();
        this.current = stream;
        return {
          read: async () => {
            for await (const ev of stream) {
              if (ev.type === 'final_transcript') {
                this.pending = [];
                this.pendingMs = 0;
              }
              this.out.trySend(ev);
            }
          },
          // Transcripts already delivered stay delivered; the next provider goes on.
          committed: () => false,
          close: async () => {
            this.current = null;
            await stream.close();
          },
        };
      },
      { stopIfAborted: true },
    );
  }
}

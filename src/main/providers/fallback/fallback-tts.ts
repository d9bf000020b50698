/**
 * A TTS made of several, tried in order (upstream tts/fallback_adapter.py). The stream keeps a
 * log of the text and flushes pushed so far, so when a provider fails before producing audio
 * the next one is given the same input from the start. A provider that fails after its audio
 * started ends the stream with its error: the listener already heard part of the reply, and a
 * second voice starting it over would be worse than stopping.
 */
import {
  CancelledError,
  type SynthesizedAudio,
  type SynthesizeStream,
  type TTS,
  type TTSCapabilities,
} from '../../engine';
import { ChainStream } from './chain-stream';
import { ProviderPool, type FallbackOptions, type Probe } from './provider-pool';

export interface FallbackTTSOptions extends FallbackOptions {
  /** How a failed TTS is checked; default: synthesize a short word up to its first frame. */
  probe?: Probe<TTS>;
}

export async function probeTts(tts: TTS, signal: AbortSignal): Promise<void> {
  const stream = tts.stream({ signal });
  try {
    stream.pushText('Okay.');
    stream.endInput();
    const first = await stream[Symbol.asyncIterator]().next();
    if (first.done) throw new Error(`${tts.label} produced no audio`);
  } finally {
    await stream.close();
  }
}

export class FallbackTTS implements TTS {
  readonly label = 'FallbackTTS';
  readonly sampleRate: number;
  readonly numChannels: number;
  readonly capabilities: TTSCapabilities;
  readonly pool: ProviderPool<TTS>;

  constructor(ttss: readonly TTS[], opts: FallbackTTSOptions) {
    this.pool = new ProviderPool('tts', ttss, opts, opts.probe ?? probeTts);
    const first = ttss[0];
    // The audio output is set up for one format; switching mid-session must not change it.
    const odd = ttss.find((t) => t.sampleRate !== first.sampleRate || t.numChannels !== first.numChannels);
    if (odd) {
      throw new Error(
        `FallbackTTS: ${odd.label} makes ${odd.sampleRate} Hz/${odd.numChannels} ch audio but ${first.label} ${first.sampleRate} Hz/${first.numChannels} ch; all must match`,
      );
    }
    this.sampleRate = first.sampleRate;
    this.numChannels = first.numChannels;
    this.capabilities = {
      streaming: true,
      alignedTranscript: ttss.every((t) => t.capabilities.alignedTranscript),
    };
  }

  stream(options?: { signal?: AbortSignal }): SynthesizeStream {
    return new FallbackSynthesizeStream(this.pool, options?.signal);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

type InputItem = { text: string } | 'flush';

class FallbackSynthesizeStream extends ChainStream<SynthesizedAudio> implements SynthesizeStream {
  readonly requestId: string;
  private readonly log: InputItem[] = [];
  private inputEnded = false;
  private current: SynthesizeStream | null = null;
  private readonly onAbort = (): void => this.ctrl.abort(new CancelledError('tts stream aborted'));
  private static count = 0;

  constructor(
    private readonly pool: ProviderPool<TTS>,
    private readonly signal?: AbortSignal,
  ) {
    super();
    FallbackSynthesizeStream.count += 1;
    this.requestId = `fallback_tts_${FallbackSynthesizeStream.count}`;
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
    this.start();
  }

  pushText(text: string): void {
    if (this.inputEnded) return;
    this.log.push({ text });
    this.current?.pushText(text);
  }

  flush(): void {
    if (this.inputEnded) return;
    this.log.push('flush');
    this.current?.flush();
  }

  endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.current?.endInput();
  }

  async close(): Promise<void> {
    this.onAbort();
    await this.current?.close();
    await this.task;
  }

  protected async run(): Promise<void> {
    const signal = this.ctrl.signal;
    try {
      await this.pool.serve(
        signal,
        (tts) => {
          const stream = tts.stream({ signal });
          // Give the new provider everything said so far, then live input.
          for (const item of this.log) {
            if (item === 'flush') stream.flush();
            else stream.pushText(item.text);
          }
          if (this.inputEnded) stream.endInput();
          this.current = stream;
          let produced = false;
          return {
            read: async () => {
              for await (const audio of stream) {
                produced = true;
                this.out.trySend(audio);
              }
            },
            committed: () => produced,
            close: async () => {
              this.current = null;
              await stream.close();
            },
          };
        },
        { stopIfAborted: true },
      );
    } finally {
      this.signal?.removeEventListener('abort', this.onAbort);
    }
  }
}

/**
 * An LLM made of several, tried in order (upstream llm/fallback_adapter.py). A provider that
 * fails before its first token is marked unavailable and the request goes to the next one; one
 * that fails after it ends the request with its error, since the text already reached TTS and
 * another model would start the reply over. Failed providers come back through a probe (a tiny
 * chat request) after a delay on the clock.
 */
import {
  CancelledError,
  type ChatChunk,
  ChatContext,
  type ChatOptions,
  type LLM,
  type LLMStream,
} from '../../engine';
import { ChainStream } from './chain-stream';
import { ProviderPool, type FallbackOptions, type Probe } from './provider-pool';

export interface FallbackLLMOptions extends FallbackOptions {
  /** How a failed LLM is checked; default: a one-word chat, read up to its first chunk. */
  probe?: Probe<LLM>;
}

/** The default probe: any first chunk (text, tool call or usage) proves the provider answers. */
export async function probeLlm(llm: LLM, signal: AbortSignal): Promise<void> {
  const chatCtx = new ChatContext();
  chatCtx.addMessage({ role: 'user', content: 'ping', createdAt: 0 });
  const stream = llm.chat({ chatCtx, tools: [], signal });
  try {
    const first = await stream[Symbol.asyncIterator]().next();
    if (first.done && signal.aborted) throw new CancelledError('probe aborted');
  } finally {
    await stream.close();
  }
}

export class FallbackLLM implements LLM {
  readonly label = 'FallbackLLM';
  readonly pool: ProviderPool<LLM>;

  constructor(llms: readonly LLM[], opts: FallbackLLMOptions) {
    this.pool = new ProviderPool('llm', llms, opts, opts.probe ?? probeLlm);
  }

  /** The model of the provider in use. */
  get model(): string {
    return this.pool.providers[this.pool.active].model;
  }

  chat(options: ChatOptions): LLMStream {
    return new FallbackLLMStream(this.pool, options);
  }

  /** Stops the recovery probes. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

class FallbackLLMStream extends ChainStream<ChatChunk> implements LLMStream {
  private id = '';
  private readonly onAbort = (): void => this.ctrl.abort(new CancelledError('llm request aborted'));

  constructor(
    private readonly pool: ProviderPool<LLM>,
    private readonly options: ChatOptions,
  ) {
    super();
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.start();
  }

  get requestId(): string {
    return this.id;
  }

  async close(): Promise<void> {
    this.onAbort();
    await this.task;
  }

  protected async run(): Promise<void> {
    const signal = this.ctrl.signal;
    try {
      await this.pool.serve(signal, (llm) => {
        const stream = llm.chat({ ...this.options, signal });
        let sent = false;
        return {
          read: async () => {
            for await (const chunk of stream) {
              this.id = chunk.id || this.id;
              if (chunk.delta?.content || chunk.delta?.toolCalls?.length) sent = true;
              this.out.trySend(chunk);
            }
          },
          committed: () => sent,
          close: () => stream.close(),
        };
      });
    } finally {
      this.options.signal?.removeEventListener('abort', this.onAbort);
    }
  }
}

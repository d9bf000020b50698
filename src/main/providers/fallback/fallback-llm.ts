/**
 * An LLM made of several, tried in order (upstream llm/fallback_adapter.py). A provider that
 * fails before its first token is marked unavailable and the request goes to the next one; one
 * that fails after it ends the request with its error, since the text already reached TTS and
 * another model would start the reply over. Failed providers come back through a probe (a tiny
 * chat request) after a delay on the clock.
 */
import { Channel } from '../../engine/base/channel';
import { CancelledError, isCancelled } from '../../engine/base/tasks';
import { ChatContext } from '../../engine/llm/chat-context';
import type { ChatChunk, ChatOptions, LLM, LLMStream } from '../../engine/llm/llm';
import { ProviderPool, errorText, type FallbackOptions, type Probe } from './provider-pool';

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

class FallbackLLMStream implements LLMStream {
  private readonly out = new Channel<ChatChunk>();
  private readonly ctrl = new AbortController();
  private readonly task: Promise<void>;
  private id = '';
  private readonly onAbort = (): void => this.ctrl.abort(new CancelledError('llm request aborted'));

  constructor(
    private readonly pool: ProviderPool<LLM>,
    private readonly options: ChatOptions,
  ) {
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.task = this.run().then(
      () => this.out.close(),
      (err: unknown) => this.out.close(err),
    );
  }

  get requestId(): string {
    return this.id;
  }

  async close(): Promise<void> {
    this.onAbort();
    await this.task;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatChunk> {
    return {
      next: () => this.out.next(),
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private async run(): Promise<void> {
    const signal = this.ctrl.signal;
    let reason = '';
    let lastError: unknown = null;
    try {
      for (const i of this.pool.candidates()) {
        this.pool.use(i, reason || this.pool.retryReason(i));
        const stream = this.pool.providers[i].chat({ ...this.options, signal });
        let sent = false;
        try {
          for await (const chunk of stream) {
            this.id = chunk.id || this.id;
            if (chunk.delta?.content || chunk.delta?.toolCalls?.length) sent = true;
            this.out.trySend(chunk);
          }
          return;
        } catch (err) {
          if (signal.aborted || isCancelled(err)) return;
          this.pool.markFailed(i);
          if (sent) throw err;
          lastError = err;
          reason = `${this.pool.names[i]} failed: ${errorText(err)}`;
        } finally {
          await stream.close();
        }
      }
      throw this.pool.allFailed(lastError);
    } finally {
      this.options.signal?.removeEventListener('abort', this.onAbort);
    }
  }
}

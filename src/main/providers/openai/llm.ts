/**
 * OpenAI chat.completions as the engine's LLM (upstream livekit-plugins-openai llm.py), for
 * OpenAI and any compatible server (`baseURL`: Ollama, vLLM, LM Studio). The request starts
 * when the stream is made; chunks go through a channel so closing the stream (or aborting its
 * signal) aborts the HTTP request whatever the consumer is doing. Failures before the first
 * token are retried on the clock; after it they are reported and not retried, because the text
 * already went to TTS and a retry would say it twice.
 */
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';
import {
  CancelledError,
  Channel,
  type ChatChunk,
  type ChatOptions,
  type CompletionUsage,
  type LLM,
  type LLMStream,
} from '../../engine';
import { toChatMessages, toToolChoice, toTools } from './chat-messages';
import {
  isOpenAIHost,
  localRequestId,
  resolveConnection,
  type OpenAIConnection,
  type ResolvedConnection,
} from './client';
import { afterFirstTokenError, truncatedStreamError } from '../common/provider-error';
import { withRetries } from '../common/retry';
import { toProviderError } from './errors';
import { ToolCallAccumulator } from './tool-calls';

export interface OpenAILLMOptions extends OpenAIConnection {
  model: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** Default for requests that do not say (the engine passes its own per request). */
  parallelToolCalls?: boolean;
}

export class OpenAILLM implements LLM {
  readonly label = 'openai.LLM';
  readonly model: string;
  readonly conn: ResolvedConnection;
  readonly requestOptions: Readonly<Record<string, unknown>>;

  constructor(readonly options: OpenAILLMOptions) {
    this.model = options.model;
    const { temperature, topP, maxTokens, parallelToolCalls } = options;
    this.requestOptions = Object.fromEntries(
      Object.entries({ temperature, topP, maxTokens, parallelToolCalls }).filter(([, v]) => v !== undefined),
    );
    this.conn = resolveConnection(options, 'llm', options.model);
  }

  chat(options: ChatOptions): LLMStream {
    return new OpenAILLMStream(this, options);
  }

  /** The request body for a chat call (exposed for tests and the studio's request inspector). */
  buildParams(options: ChatOptions): ChatCompletionCreateParamsStreaming {
    const o = this.options;
    const openai = isOpenAIHost(this.conn.baseURL);
    const params: ChatCompletionCreateParamsStreaming = {
      model: this.model,
      messages: toChatMessages(options.chatCtx, { developerRole: openai ? 'developer' : 'system' }),
      stream: true,
      stream_options: { include_usage: true },
    };
    if (o.temperature !== undefined) params.temperature = o.temperature;
    if (o.topP !== undefined) params.top_p = o.topP;
    // OpenAI deprecated max_tokens; compatible servers mostly still only know it.
    if (o.maxTokens !== undefined) {
      if (openai) params.max_completion_tokens = o.maxTokens;
      else params.max_tokens = o.maxTokens;
    }
    // Tool fields without tools are rejected by OpenAI, so they go only with tools.
    if (options.tools.length > 0) {
      params.tools = toTools(options.tools);
      if (options.toolChoice) params.tool_choice = toToolChoice(options.toolChoice);
      params.parallel_tool_calls = options.parallelToolCalls ?? o.parallelToolCalls ?? true;
    }
    return params;
  }
}

function toUsage(u: NonNullable<ChatCompletionChunk['usage']>): CompletionUsage {
  return {
    completionTokens: u.completion_tokens ?? 0,
    promptTokens: u.prompt_tokens ?? 0,
    promptCachedTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    totalTokens: u.total_tokens ?? 0,
  };
}

class OpenAILLMStream implements LLMStream {
  private readonly ch = new Channel<ChatChunk>();
  private readonly ctrl = new AbortController();
  private readonly finished: Promise<void>;
  private id = localRequestId('llm');
  private sentChars = 0;
  private sentSomething = false;
  private readonly onAbort = (): void => this.ctrl.abort(new CancelledError('llm request aborted'));

  constructor(
    private readonly llm: OpenAILLM,
    private readonly options: ChatOptions,
  ) {
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.finished = this.run().then(
      () => this.ch.close(),
      (err: unknown) => this.ch.close(err),
    );
  }

  get requestId(): string {
    return this.id;
  }

  async close(): Promise<void> {
    this.onAbort();
    await this.finished;
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatChunk> {
    return {
      next: () => this.ch.next(),
      return: async () => {
        await this.close();
        return { value: undefined, done: true };
      },
    };
  }

  private send(chunk: ChatChunk): void {
    this.ch.trySend(chunk);
  }

  private async run(): Promise<void> {
    const { clock, ctx, client } = this.llm.conn;
    const startedAt = clock.now();
    let firstAt: number | null = null;
    let usage: CompletionUsage | null = null;
    let ok = false;
    const params = this.llm.buildParams(this.options);
    try {
      await withRetries({
        classify: toProviderError,
        clock,
        policy: this.llm.conn.policy,
        timeoutMs: this.llm.conn.timeoutMs,
        deadlines: this.llm.conn.deadlines,
        signal: this.ctrl.signal,
        ctx,
        onRetry: this.llm.conn.onRetry,
        retryAllowed: () => !this.sentSomething,
        run: async (attempt) => {
          const calls = new ToolCallAccumulator();
          let finishSeen = false;
          const stream = await client.chat.completions.create(params, {
            signal: attempt.signal,
            maxRetries: 0,
          });
          for await (const chunk of stream) {
            // Only text and tool calls are progress: a server streaming empty deltas must still time out.
            attempt.touch();
            if (chunk.id) this.id = chunk.id;
            if (chunk.usage) {
              usage = toUsage(chunk.usage);
              this.send({ id: this.id, usage });
            }
            const choice = chunk.choices?.[0];
            if (!choice) continue;
            if (choice.delta?.tool_calls?.length) {
              calls.add(choice.delta.tool_calls);
              attempt.progress();
            }
            const content = choice.delta?.content;
            if (content) {
              attempt.progress();
              firstAt ??= clock.now();
              this.sentSomething = true;
              this.sentChars += content.length;
              this.send({ id: this.id, delta: { role: 'assistant', content } });
            }
            if (choice.finish_reason) {
              finishSeen = true;
              if (calls.size > 0) {
                firstAt ??= clock.now();
                this.sentSomething = true;
                this.send({ id: this.id, delta: { role: 'assistant', toolCalls: calls.drain() } });
              }
            }
          }
          // An aborted SDK stream ends quietly: withRetries tells a timeout from a close.
          if (attempt.signal.aborted) return;
          if (!finishSeen) throw truncatedStreamError(ctx);
        },
      });
      ok = true;
    } catch (e) {
      if (this.ctrl.signal.aborted) return;
      const err = toProviderError(e, ctx);
      throw this.sentSomething ? afterFirstTokenError(err, ctx, `${this.sentChars} characters`) : err;
    } finally {
      this.options.signal?.removeEventListener('abort', this.onAbort);
      this.reportMetrics(startedAt, firstAt, usage, ok);
    }
  }

  private reportMetrics(
    startedAt: number,
    firstAt: number | null,
    usage: CompletionUsage | null,
    ok: boolean,
  ): void {
    const { onMetrics, clock } = this.llm.conn;
    const cancelled = this.ctrl.signal.aborted;
    if (!onMetrics || firstAt === null || (!ok && !cancelled)) return;
    const now = clock.now();
    const durationMs = now - startedAt;
    const u: CompletionUsage = usage ?? {
      completionTokens: 0,
      promptTokens: 0,
      promptCachedTokens: 0,
      totalTokens: 0,
    };
    onMetrics({
      type: 'llm',
      speechId: null,
      requestId: this.id,
      timestamp: now,
      ttftMs: firstAt - startedAt,
      durationMs,
      cancelled,
      ...u,
      tokensPerSecond: durationMs > 0 ? u.completionTokens / (durationMs / 1000) : 0,
      label: this.llm.label,
    });
  }
}

/**
 * A scripted LLM for prototyping without API cost: replies and tool calls chosen by what the
 * request says, streamed with a configurable time to first token and token rate. It reads time
 * only from the injected clock, so a run on the VirtualClock is deterministic and a run on the
 * real clock feels like a real model. The request key is the scenario fake's (last user message,
 * else last tool output, else the reply's instructions) so scenario scripts carry over.
 */
import type { LlmProviderConfig } from '../../../shared/config';
import { Channel } from '../../engine/base/channel';
import type { Clock, TimerHandle } from '../../engine/base/clock';
import type { ChatChunk, ChatOptions, FunctionToolCall, LLM, LLMStream } from '../../engine/llm/llm';
import { llmLookupKey } from '../../engine/testing';
import { InputTable } from './input-match';

export type SimulatedLlmConfig = Extract<LlmProviderConfig, { provider: 'simulated' }>;
type Response = SimulatedLlmConfig['responses'][number];

export interface SimulatedLlmRequest {
  requestId: string;
  /** What the request was matched on ('' when it had nothing to match). */
  key: string;
  /** Index of the scripted response used, or null for the fallback reply. */
  responseIndex: number | null;
}

/** Splits text into word-sized tokens that keep their leading space, as model tokens do. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

export class SimulatedLLM implements LLM {
  readonly label = 'simulated.LLM';
  readonly model = 'scripted';
  readonly requests: SimulatedLlmRequest[] = [];
  private readonly table: InputTable<Response>;
  private readonly open = new Set<SimulatedLlmStream>();
  private count = 0;
  private callCount = 0;

  constructor(
    private readonly config: SimulatedLlmConfig,
    private readonly clock: Clock,
  ) {
    this.table = new InputTable(config.responses, 'providers.llm.responses');
  }

  chat(options: ChatOptions): LLMStream {
    this.count += 1;
    const requestId = `sim_llm_${this.count}`;
    const key = llmLookupKey(options) ?? '';
    const response = this.table.lookup(key);
    const index = response ? this.config.responses.indexOf(response) : null;
    this.requests.push({ requestId, key, responseIndex: index });
    const content = response ? response.content : this.config.fallbackReply.split('{input}').join(key);
    // A model told not to use tools does not; anything else is the engine's to validate.
    const toolCalls =
      response && options.toolChoice !== 'none'
        ? response.toolCalls.map((c): FunctionToolCall => {
            this.callCount += 1;
            const args = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
            return { callId: `sim_call_${this.callCount}`, name: c.name, arguments: args };
          })
        : [];
    const stream = new SimulatedLlmStream(this.clock, requestId, {
      tokens: tokenize(content),
      toolCalls,
      promptTokens: estimatePromptTokens(options),
      ttftMs: this.config.ttftMs,
      tokenIntervalMs: 1000 / this.config.tokensPerSecond,
      signal: options.signal,
      onFinished: (s) => this.open.delete(s),
    });
    if (!stream.finished) this.open.add(stream);
    return stream;
  }

  /** Streams still producing; a closed session must have stopped them all. */
  openStreams(): string[] {
    return [...this.open].map((s) => `simulated llm stream ${s.requestId}`);
  }
}

/** About four characters a token, as OpenAI's rule of thumb; only for usage numbers. */
function estimatePromptTokens(options: ChatOptions): number {
  let chars = 0;
  for (const item of options.chatCtx.items) chars += JSON.stringify(item).length;
  for (const t of options.tools) chars += JSON.stringify(t).length;
  return Math.ceil(chars / 4);
}

interface StreamPlan {
  tokens: string[];
  toolCalls: FunctionToolCall[];
  promptTokens: number;
  ttftMs: number;
  tokenIntervalMs: number;
  signal: AbortSignal | undefined;
  onFinished(s: SimulatedLlmStream): void;
}

class SimulatedLlmStream implements LLMStream {
  private readonly channel = new Channel<ChatChunk>();
  private readonly timers = new Set<TimerHandle>();
  private readonly onAbort = (): void => this.finish();
  finished = false;

  constructor(
    private readonly clock: Clock,
    readonly requestId: string,
    private readonly plan: StreamPlan,
  ) {
    if (plan.signal?.aborted) {
      this.finish();
      return;
    }
    plan.signal?.addEventListener('abort', this.onAbort, { once: true });
    // Token i arrives at ttft + i / rate; tool calls and usage come with the last token.
    const n = plan.tokens.length;
    plan.tokens.forEach((token, i) => {
      this.at(plan.ttftMs + i * plan.tokenIntervalMs, () => this.send({ role: 'assistant', content: token }));
    });
    this.at(plan.ttftMs + Math.max(0, n - 1) * plan.tokenIntervalMs, () => this.end());
  }

  private at(delayMs: number, fn: () => void): void {
    const h = this.clock.setTimer(() => {
      this.timers.delete(h);
      fn();
    }, delayMs);
    this.timers.add(h);
  }

  private send(delta: NonNullable<ChatChunk['delta']>): void {
    this.channel.trySend({ id: this.requestId, delta });
  }

  private end(): void {
    const { tokens, toolCalls, promptTokens } = this.plan;
    // An empty reply still sends one delta, so the first token (ttft) is observable.
    if (tokens.length === 0 && toolCalls.length === 0) this.send({ role: 'assistant', content: '' });
    if (toolCalls.length > 0) this.send({ role: 'assistant', toolCalls });
    const completionTokens = tokens.length + toolCalls.length * 8;
    this.channel.trySend({
      id: this.requestId,
      usage: {
        completionTokens,
        promptTokens,
        promptCachedTokens: 0,
        totalTokens: completionTokens + promptTokens,
      },
    });
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.plan.signal?.removeEventListener('abort', this.onAbort);
    this.channel.close();
    this.plan.onFinished(this);
  }

  async close(): Promise<void> {
    this.finish();
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatChunk> {
    return this.channel[Symbol.asyncIterator]();
  }
}

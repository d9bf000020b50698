/**
 * Scripted LLM (format §4.3): looks the request up by its key and streams the scripted answer on
 * the clock — content in 3-character chunks at ttftMs, tool calls when the stream ends at
 * durationMs. Every request is recorded so scenarios can pin what the engine asked for.
 */
import type { Clock, TimerHandle } from '../engine/base/clock';
import { Channel } from '../engine/base/channel';
import type { ChatChunk, ChatOptions, LLM, LLMStream, ToolChoice } from '../engine/llm/llm';
import type { LlmResponse } from './scenario-loader';

export interface LlmRequestRecord {
  /** Clock time of the request. */
  t: number;
  /** Names of the tools offered, sorted. */
  tools: string[];
  /** The tool choice the engine passed, null when none. */
  toolChoice: ToolChoice | null;
  /** The lookup key (format §4.3), null when the request has none. */
  key: string | null;
  requestId: string;
}

/** Chunk size of the streamed content, as the peer's fake. */
export const LLM_CHUNK_CHARS = 3;

/** The key of a request: last user message, else last tool output, else the reply's instructions. */
export function llmLookupKey(options: Pick<ChatOptions, 'chatCtx' | 'replyInstructions'>): string | null {
  const last = options.chatCtx.items.at(-1);
  if (last?.type === 'message' && last.role === 'user') return last.content;
  if (last?.type === 'function_call_output') return last.output;
  return options.replyInstructions ?? null;
}

export class FakeLLM implements LLM {
  readonly label = 'scenario.FakeLLM';
  readonly model = 'scripted';
  readonly requests: LlmRequestRecord[] = [];
  private readonly responses = new Map<string, LlmResponse>();
  private readonly open = new Set<FakeLLMStream>();

  constructor(
    private readonly clock: Clock,
    responses: readonly LlmResponse[],
  ) {
    // The last response scripted for a key wins.
    for (const r of responses) this.responses.set(r.input, r);
  }

  chat(options: ChatOptions): LLMStream {
    const key = llmLookupKey(options);
    const requestId = `llm_${this.requests.length + 1}`;
    this.requests.push({
      t: this.clock.now(),
      tools: options.tools.map((t) => t.name).sort(),
      toolChoice: options.toolChoice ?? null,
      key,
      requestId,
    });
    const response = key === null ? undefined : this.responses.get(key);
    const stream = new FakeLLMStream(this.clock, requestId, response, options.signal, (s) =>
      this.open.delete(s),
    );
    if (!stream.finished) this.open.add(stream);
    return stream;
  }

  /** Streams still producing (a closed session must have stopped them all). */
  openStreams(): string[] {
    return [...this.open].map((s) => `fake llm stream ${s.requestId}`);
  }
}

class FakeLLMStream implements LLMStream {
  private readonly channel = new Channel<ChatChunk>();
  private readonly timers: TimerHandle[] = [];
  private readonly onAbort = (): void => this.finish();
  finished = false;

  constructor(
    clock: Clock,
    readonly requestId: string,
    response: LlmResponse | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly onFinished: (s: FakeLLMStream) => void,
  ) {
    if (!response || signal?.aborted) {
      // Unknown key: an empty completion at once.
      this.finish();
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.timers.push(clock.setTimer(() => this.sendContent(response.content), response.ttftMs));
    this.timers.push(
      clock.setTimer(
        () => {
          if (response.toolCalls.length > 0) {
            this.channel.trySend({
              id: this.requestId,
              delta: { role: 'assistant', toolCalls: response.toolCalls.map((c) => ({ ...c })) },
            });
          }
          this.finish();
        },
        Math.max(response.ttftMs, response.durationMs),
      ),
    );
  }

  private sendContent(content: string): void {
    // An empty content still sends one empty delta, so the first token (ttft) is observable.
    const n = Math.max(1, Math.ceil(content.length / LLM_CHUNK_CHARS));
    for (let i = 0; i < n; i++) {
      const piece = content.slice(i * LLM_CHUNK_CHARS, (i + 1) * LLM_CHUNK_CHARS);
      this.channel.trySend({ id: this.requestId, delta: { role: 'assistant', content: piece } });
    }
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) t.cancel();
    this.signal?.removeEventListener('abort', this.onAbort);
    this.channel.close();
    this.onFinished(this);
  }

  async close(): Promise<void> {
    this.finish();
  }

  [Symbol.asyncIterator](): AsyncIterator<ChatChunk> {
    return this.channel[Symbol.asyncIterator]();
  }
}

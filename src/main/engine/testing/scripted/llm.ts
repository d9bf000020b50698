/**
 * The scripted LLM: a driver answers each request with a plan of timed chunks (a timed script for
 * scenario files and unit tests, a lookup table for the studio's `simulated` provider) and the
 * stream plays it on the injected clock. Every request is kept in the driver's record shape.
 */
import type { Clock } from '../../base/clock';
import type { ChatChunk, ChatOptions, FunctionToolCall, LLM } from '../../llm/llm';
import { ScriptedStream } from './stream';

/** What one stream sends: chunks at delays after the request, then its end (or failure). */
export interface LlmPlan {
  steps: Array<{ afterMs: number; chunks: ChatChunk[] }>;
  /** Sent at the end, in the same instant and turn as the end itself. */
  end: { afterMs: number; chunks?: ChatChunk[]; error?: Error };
}

export interface LlmDriver<R> {
  /** The record kept of a request and its plan; a null plan is an empty completion at once. */
  respond(options: ChatOptions, requestId: string, nowMs: number): { record: R; plan: LlmPlan | null };
}

export interface ScriptedLlmInit<R> {
  clock: Clock;
  /** Default: the replies set with on(), recorded as KeyedLlmRequest (unit tests). */
  driver?: LlmDriver<R>;
  label?: string;
  /** Request ids are `${idPrefix}${n}`. */
  idPrefix?: string;
  /** Track streams until close() (unit tests' leak check); off, ended streams are let go. */
  trackUnclosed?: boolean;
}

/** The key of a request: last user message, else last tool output, else the reply's instructions. */
export function llmLookupKey(options: Pick<ChatOptions, 'chatCtx' | 'replyInstructions'>): string | null {
  const last = options.chatCtx.items.at(-1);
  if (last?.type === 'message' && last.role === 'user') return last.content;
  if (last?.type === 'function_call_output') return last.output;
  return options.replyInstructions ?? null;
}

/** What the default driver records of a request. */
export interface KeyedLlmRequest {
  key: string | null;
  tools: string[];
  toolChoice: unknown;
  instructions: string | null;
  /** Contents of every message of the request, in order (`role:content`). */
  messages: string[];
  atMs: number;
}

export class ScriptedLLM<R = KeyedLlmRequest> implements LLM {
  readonly label: string;
  readonly model = 'scripted';
  readonly requests: R[] = [];
  /** Replies of the default driver by key; an unknown key streams nothing and ends at 300 ms. */
  readonly replies = new Map<string, TimedLlmReply>();
  private readonly driver: LlmDriver<R>;
  private readonly open = new Set<ScriptedStream<ChatChunk>>();
  private readonly unclosed = new Set<ScriptedStream<ChatChunk>>();
  private count = 0;

  constructor(private readonly init: ScriptedLlmInit<R>) {
    this.label = init.label ?? 'scripted.LLM';
    this.driver = init.driver ?? (keyedDriver(this.replies) as unknown as LlmDriver<R>);
  }

  /** Scripts the reply of the default driver for a key (the last one per key wins). */
  on(key: string, reply: TimedLlmReply): this {
    this.replies.set(key, reply);
    return this;
  }

  chat(options: ChatOptions): ScriptedStream<ChatChunk> {
    this.count += 1;
    const requestId = `${this.init.idPrefix ?? 'llm_'}${this.count}`;
    const { clock } = this.init;
    const { record, plan } = this.driver.respond(options, requestId, clock.now());
    this.requests.push(record);
    const stream = new ScriptedStream<ChatChunk>({
      clock,
      requestId,
      signal: options.signal,
      onFinished: (s) => this.open.delete(s),
    });
    const close = stream.close.bind(stream);
    stream.close = async () => {
      this.unclosed.delete(stream);
      await close();
    };
    if (this.init.trackUnclosed) this.unclosed.add(stream);
    if (!plan) stream.finish();
    else {
      for (const step of plan.steps)
        stream.after(step.afterMs, () => step.chunks.forEach((c) => stream.send(c)));
      const { end } = plan;
      stream.after(end.afterMs, () => {
        for (const c of end.chunks ?? []) stream.send(c);
        stream.finish(end.error);
      });
    }
    if (!stream.finished) this.open.add(stream);
    return stream;
  }

  /** Streams still producing (a closed session must have stopped them all). */
  openStreams(): string[] {
    return [...this.open].map((s) => `${this.label} stream ${s.requestId}`);
  }

  /** Streams the consumer never closed, ended or not (stricter than openStreams). */
  unclosedStreams(): string[] {
    return [...this.unclosed].map((s) => `${this.label} stream ${s.requestId}`);
  }
}

/** One timed reply (scenario format §4.3): content in 3-character chunks at ttft, tool calls at the end. */
export interface TimedLlmReply {
  content?: string;
  toolCalls?: Array<{ name: string; arguments: string | Record<string, unknown>; callId?: string }>;
  ttftMs?: number;
  durationMs?: number;
  /** The stream fails with this message at ttft, before any content. */
  error?: string;
}

/** Chunk size of the streamed content, as the peer's fake. */
export const LLM_CHUNK_CHARS = 3;

/**
 * The plan of a timed reply; the end comes at max(ttft, duration). With `emptyDelta` (scenario
 * format) an empty content still sends one empty delta, so the first token is observable.
 */
export function timedReplyPlan(requestId: string, reply: TimedLlmReply, emptyDelta = true): LlmPlan {
  const ttftMs = reply.ttftMs ?? 100;
  if (reply.error !== undefined)
    return { steps: [], end: { afterMs: ttftMs, error: new Error(reply.error) } };
  const content = reply.content ?? '';
  const chunks: ChatChunk[] = [];
  const n = Math.max(emptyDelta ? 1 : 0, Math.ceil(content.length / LLM_CHUNK_CHARS));
  for (let i = 0; i < n; i++) {
    const piece = content.slice(i * LLM_CHUNK_CHARS, (i + 1) * LLM_CHUNK_CHARS);
    chunks.push({ id: requestId, delta: { role: 'assistant', content: piece } });
  }
  const calls = (reply.toolCalls ?? []).map((c, i): FunctionToolCall => ({
    name: c.name,
    arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
    callId: c.callId ?? String(i + 1),
  }));
  const endChunks: ChatChunk[] =
    calls.length > 0 ? [{ id: requestId, delta: { role: 'assistant', toolCalls: calls } }] : [];
  return {
    steps: [{ afterMs: ttftMs, chunks }],
    end: { afterMs: Math.max(ttftMs, reply.durationMs ?? 300), chunks: endChunks },
  };
}

function keyedDriver(replies: ReadonlyMap<string, TimedLlmReply>): LlmDriver<KeyedLlmRequest> {
  return {
    respond(options, requestId, now) {
      const key = llmLookupKey(options);
      const items = options.chatCtx.items;
      const system = items.find((i) => i.type === 'message' && i.role === 'system');
      const record: KeyedLlmRequest = {
        key,
        tools: options.tools.map((t) => t.name).sort(),
        toolChoice: options.toolChoice ?? null,
        instructions: system && system.type === 'message' ? system.content : null,
        messages: items.flatMap((i) => (i.type === 'message' ? [`${i.role}:${i.content}`] : [])),
        atMs: Math.round(now),
      };
      const reply = (key !== null ? replies.get(key) : undefined) ?? {};
      return { record, plan: timedReplyPlan(requestId, reply, false) };
    },
  };
}

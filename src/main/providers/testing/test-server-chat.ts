/**
 * The chat.completions SSE stream of the test server, built the way OpenAI sends it: a role
 * chunk, content split at words, tool calls whose id and name come first and whose arguments
 * arrive in fragments (optionally interleaved between calls, as some servers do), a finish
 * chunk, a usage chunk with empty choices, then [DONE].
 */

export interface TestToolCall {
  id?: string;
  name: string;
  arguments: string;
}

export interface TestUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
}

export type ChatBehaviour =
  | {
      kind: 'reply';
      content?: string;
      toolCalls?: TestToolCall[];
      /** Interleave argument fragments of parallel calls (index 0, 1, 0, 1 …). */
      interleaveToolCalls?: boolean;
      usage?: TestUsage;
      /** Real time between chunks, ms. */
      chunkDelayMs?: number;
      /** The answer starts only when this settles, so a test can move its clock in between. */
      gate?: Promise<void>;
    }
  | { kind: 'status'; status: number; message?: string; code?: string }
  /** Streams `content`, cutting the socket after `afterChunks` content chunks. */
  | { kind: 'cut'; content: string; afterChunks: number }
  /** Streams `content` (maybe empty), then a data line that is not JSON. */
  | { kind: 'malformed'; content?: string }
  /** Streams `content` and ends cleanly without a finish_reason or [DONE]. */
  | { kind: 'end_early'; content: string }
  /**
   * Streams `content` (maybe none), then an empty delta every `intervalMs` of real time (20 by
   * default) until the client gives up: bytes keep coming but nothing usable does.
   */
  | { kind: 'empty_deltas'; content?: string; intervalMs?: number }
  | { kind: 'hang' };

interface ChunkCtx {
  id: string;
  model: string;
  created: number;
}

function chunk(
  ctx: ChunkCtx,
  delta: Record<string, unknown> | null,
  finish: string | null = null,
  usage?: TestUsage,
): string {
  return JSON.stringify({
    id: ctx.id,
    object: 'chat.completion.chunk',
    created: ctx.created,
    model: ctx.model,
    choices: delta === null ? [] : [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...(usage ? { usage } : {}),
  });
}

export function splitWords(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Splits a string into up to `n` non-empty pieces of similar length. */
function fragments(s: string, n: number): string[] {
  if (s.length === 0) return [''];
  const size = Math.ceil(s.length / n);
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

/** The SSE `data:` payloads of a full reply, [DONE] included. */
export function replyEvents(
  ctx: ChunkCtx,
  b: { content?: string; toolCalls?: TestToolCall[]; interleaveToolCalls?: boolean; usage?: TestUsage },
  includeUsage: boolean,
): string[] {
  const events: string[] = [chunk(ctx, { role: 'assistant', content: '' })];
  const words = splitWords(b.content ?? '');
  for (const w of words) events.push(chunk(ctx, { content: w }));

  const calls = b.toolCalls ?? [];
  const heads = calls.map((c, index) =>
    chunk(ctx, {
      tool_calls: [
        { index, id: c.id ?? `call_${index}`, type: 'function', function: { name: c.name, arguments: '' } },
      ],
    }),
  );
  const bodies = calls.map((c, index) =>
    fragments(c.arguments, 3).map((a) => chunk(ctx, { tool_calls: [{ index, function: { arguments: a } }] })),
  );
  if (b.interleaveToolCalls) {
    events.push(...heads);
    const longest = Math.max(0, ...bodies.map((f) => f.length));
    for (let k = 0; k < longest; k++) for (const f of bodies) if (k < f.length) events.push(f[k]);
  } else {
    calls.forEach((_, i) => events.push(heads[i], ...bodies[i]));
  }

  events.push(chunk(ctx, {}, calls.length > 0 ? 'tool_calls' : 'stop'));
  if (includeUsage) {
    const completion = words.length + calls.length * 4;
    const usage = b.usage ?? {
      prompt_tokens: 10,
      completion_tokens: completion,
      total_tokens: 10 + completion,
    };
    events.push(chunk(ctx, null, null, usage));
  }
  events.push('[DONE]');
  return events;
}

/** An empty content delta: what a stalling server sends to look alive. */
export function emptyDelta(ctx: ChunkCtx): string {
  return chunk(ctx, { content: '' });
}

/** Content chunks only (role chunk first), for the misbehaving streams. */
export function contentEvents(ctx: ChunkCtx, content: string): string[] {
  return [
    chunk(ctx, { role: 'assistant', content: '' }),
    ...splitWords(content).map((w) => chunk(ctx, { content: w })),
  ];
}

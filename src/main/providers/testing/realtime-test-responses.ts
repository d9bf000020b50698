/**
 * How the realtime test server plays a scripted response: response.created (echoing the
 * client's metadata), then an assistant message (audio deltas of a tone with its transcript, or
 * text deltas when the session answers in text), then tool calls, then response.done with a
 * fixed usage. A reply can also be an error event, a response that never starts (`hang`), one
 * that starts and never says anything (`stall`), or one held open until cancelled or finished
 * (`keepOpen`). Everything is sent at once: tests wait on events, never on time. Tests only.
 */
import type { TestConnection } from './realtime-test-server';

export interface ScriptedRealtimeReply {
  /** What the assistant says (the transcript of its audio, or its text). */
  text?: string;
  /** Audio length, ms (24 kHz tone); 0 or absent with text: a transcript-less silence is not sent. */
  audioMs?: number;
  toolCalls?: Array<{ name: string; arguments: string; callId?: string }>;
  /** An error event instead of a response. */
  error?: { code?: string; message: string; param?: string; type?: string };
  /** Never send response.created. */
  hang?: boolean;
  /** response.created, then nothing. */
  stall?: boolean;
  /** Everything but response.done, which waits for a cancel or finishResponse(). */
  keepOpen?: boolean;
  /** Drop the socket instead of answering. */
  drop?: boolean;
  /** response.done with status failed. */
  fail?: boolean;
}

/** The usage every completed response reports (fixed, so metrics can be asserted). */
export const TEST_USAGE = {
  total_tokens: 180,
  input_tokens: 120,
  output_tokens: 60,
  input_token_details: {
    audio_tokens: 100,
    text_tokens: 20,
    cached_tokens: 40,
    cached_tokens_details: { audio_tokens: 30, text_tokens: 10 },
  },
  output_token_details: { audio_tokens: 50, text_tokens: 10 },
};

interface OpenResponse {
  conn: TestConnection;
  id: string;
  output: Array<Record<string, unknown>>;
  metadata: unknown;
}

export class ResponsePlayer {
  private open: OpenResponse | null = null;

  constructor(
    private readonly responseId: () => string,
    private readonly itemId: () => string,
  ) {}

  play(conn: TestConnection, reply: ScriptedRealtimeReply, metadata: unknown): void {
    if (reply.error) {
      conn.send({
        type: 'error',
        error: { type: 'invalid_request_error', param: null, code: null, ...reply.error },
      });
      return;
    }
    if (reply.hang) return;
    const id = this.responseId();
    const r: OpenResponse = { conn, id, output: [], metadata };
    this.open = r;
    conn.send({
      type: 'response.created',
      response: { id, object: 'realtime.response', status: 'in_progress', output: [], metadata },
    });
    if (reply.stall) return;
    const audio = (conn.session.output_modalities as string[] | undefined)?.includes('audio') ?? true;
    if (reply.text !== undefined || reply.audioMs) this.message(r, reply, audio);
    for (const call of reply.toolCalls ?? []) this.toolCall(r, call);
    if (reply.keepOpen) return;
    this.done(r, reply.fail ? 'failed' : 'completed');
  }

  /** A response in progress ends as cancelled (a client cancel or the user's speech). */
  cancel(conn: TestConnection, reason: string): void {
    const r = this.open;
    if (!r || r.conn !== conn) return;
    this.done(r, 'cancelled', reason);
  }

  finish(conn: TestConnection): void {
    const r = this.open;
    if (r && r.conn === conn) this.done(r, 'completed');
  }

  private message(r: OpenResponse, reply: ScriptedRealtimeReply, audio: boolean): void {
    const { conn, id } = r;
    const itemId = this.itemId();
    const text = reply.text ?? '';
    const item = {
      id: itemId,
      object: 'realtime.item',
      type: 'message',
      role: 'assistant',
      status: 'in_progress',
      content: [],
    };
    const prev = conn.items.insert(undefined, item);
    const at = { response_id: id, item_id: itemId, output_index: r.output.length, content_index: 0 };
    conn.send({ type: 'response.output_item.added', response_id: id, output_index: r.output.length, item });
    conn.send({ type: 'conversation.item.added', previous_item_id: prev, item });
    conn.send({
      type: 'response.content_part.added',
      ...at,
      part: audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' },
    });
    const words = text.split(/(?<= )/).filter(Boolean);
    if (audio) {
      const chunkMs = 100;
      const total = reply.audioMs ?? 0;
      for (let ms = 0, i = 0; ms < total; ms += chunkMs, i++) {
        conn.send({ type: 'response.output_audio.delta', ...at, delta: tone(Math.min(chunkMs, total - ms)) });
        if (words[i]) conn.send({ type: 'response.output_audio_transcript.delta', ...at, delta: words[i] });
      }
      for (const w of words.slice(Math.ceil(total / chunkMs)))
        conn.send({ type: 'response.output_audio_transcript.delta', ...at, delta: w });
      conn.send({ type: 'response.output_audio.done', ...at });
      conn.send({ type: 'response.output_audio_transcript.done', ...at, transcript: text });
    } else {
      for (const w of words) conn.send({ type: 'response.output_text.delta', ...at, delta: w });
      conn.send({ type: 'response.output_text.done', ...at, text });
    }
    const doneItem = {
      ...item,
      status: 'completed',
      content: [audio ? { type: 'output_audio', transcript: text } : { type: 'output_text', text }],
    };
    conn.send({ type: 'response.content_part.done', ...at, part: doneItem.content[0] });
    conn.send({
      type: 'response.output_item.done',
      response_id: id,
      output_index: r.output.length,
      item: doneItem,
    });
    r.output.push(doneItem);
  }

  private toolCall(r: OpenResponse, call: { name: string; arguments: string; callId?: string }): void {
    const { conn, id } = r;
    const itemId = this.itemId();
    const callId = call.callId ?? `call_${itemId}`;
    const item = {
      id: itemId,
      object: 'realtime.item',
      type: 'function_call',
      status: 'in_progress',
      call_id: callId,
      name: call.name,
      arguments: '',
    };
    const prev = conn.items.insert(undefined, item);
    const at = { response_id: id, item_id: itemId, output_index: r.output.length, call_id: callId };
    conn.send({ type: 'response.output_item.added', response_id: id, output_index: r.output.length, item });
    conn.send({ type: 'conversation.item.added', previous_item_id: prev, item });
    conn.send({ type: 'response.function_call_arguments.delta', ...at, delta: call.arguments });
    conn.send({
      type: 'response.function_call_arguments.done',
      ...at,
      name: call.name,
      arguments: call.arguments,
    });
    const doneItem = { ...item, status: 'completed', arguments: call.arguments };
    conn.send({
      type: 'response.output_item.done',
      response_id: id,
      output_index: r.output.length,
      item: doneItem,
    });
    r.output.push(doneItem);
  }

  private done(r: OpenResponse, status: 'completed' | 'cancelled' | 'failed', reason?: string): void {
    if (this.open === r) this.open = null;
    r.conn.send({
      type: 'response.done',
      response: {
        id: r.id,
        object: 'realtime.response',
        status,
        status_details:
          status === 'completed'
            ? null
            : status === 'failed'
              ? { type: 'failed', error: { type: 'server_error', code: 'test_failure' } }
              : { type: 'cancelled', reason },
        output: r.output,
        metadata: r.metadata,
        usage: TEST_USAGE,
      },
    });
  }
}

/** A 440 Hz tone (loud enough for any VAD), base64 PCM16 at 24 kHz. */
function tone(ms: number): string {
  const n = Math.round((ms * 24000) / 1000);
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++)
    buf.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 24000)), i * 2);
  return buf.toString('base64');
}

/**
 * A local server that speaks enough of the OpenAI Realtime (GA) protocol to test a client through
 * the real SDK: wss on 127.0.0.1 (the SDK insists on wss) with a self-signed certificate made at
 * start, handshake checks (a wrong key gets a 401, an unknown model an error event and a close),
 * session.update, conversation items, server VAD on the input audio (by energy, on audio time,
 * so the same audio gives the same turns), scripted responses (audio + transcript, text, tool
 * calls, errors, a response that never starts or never speaks), response.cancel,
 * conversation.item.truncate, and dropping the socket. Every client event is recorded. Tests only.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { WebSocketServer, type WebSocket } from 'ws';
import { realtimeItemBook, type ItemBook } from './realtime-test-items';
import { ResponsePlayer, type ScriptedRealtimeReply } from './realtime-test-responses';

export type { ScriptedRealtimeReply } from './realtime-test-responses';

export interface RealtimeTestServerOptions {
  /** The key a client must send (`Authorization: Bearer` or `api-key`). */
  apiKey?: string;
  /** Models the server knows; another one gets `model_not_found`. */
  models?: string[];
  /** Mean absolute sample above which input audio is speech. */
  vadThreshold?: number;
}

export interface ReceivedEvent {
  /** Which connection (1 = the first) sent it. */
  connection: number;
  event: { type: string; [key: string]: unknown };
}

interface Waiter {
  match: (e: ReceivedEvent) => boolean;
  resolve: (e: ReceivedEvent) => void;
}

/** One client connection's state: its session settings, conversation and input buffer. */
export interface TestConnection {
  id: number;
  socket: WebSocket;
  session: Record<string, unknown>;
  items: ItemBook;
  /** Input audio time, ms (24 kHz samples received). */
  audioMs: number;
  speaking: boolean;
  speechStartMs: number;
  quietMs: number;
  userItemId: string | null;
  send(ev: Record<string, unknown>): void;
}

export class RealtimeTestServer {
  readonly received: ReceivedEvent[] = [];
  /** Every server event sent, in order (with the connection it went to). */
  readonly sent: ReceivedEvent[] = [];
  /** audio_end_ms of every conversation.item.truncate, by item id. */
  readonly truncations: Array<{ itemId: string; audioEndMs: number }> = [];
  /** What the user "said" in the next committed turns (their transcripts). */
  readonly transcripts: string[] = [];
  readonly replies: ScriptedRealtimeReply[] = [];
  connections: TestConnection[] = [];
  /** Every handshake: its URL (path and query) and whether the key came as `api-key` (Azure). */
  readonly handshakes: Array<{ url: string; azureKey: boolean; authorization: boolean }> = [];
  /** When set, handshakes are refused with this HTTP status (a server that is down). */
  refuseStatus: number | null = null;
  private waiters: Waiter[] = [];
  private seq = 0;
  private readonly player: ResponsePlayer;

  private constructor(
    private readonly https: Server,
    private readonly wss: WebSocketServer,
    readonly ca: string,
    private readonly opts: RealtimeTestServerOptions,
  ) {
    this.player = new ResponsePlayer(
      () => this.nextId('resp'),
      () => this.nextId('item'),
    );
  }

  static async start(opts: RealtimeTestServerOptions = {}): Promise<RealtimeTestServer> {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const https = createServer({ key: pems.private, cert: pems.cert });
    const wss = new WebSocketServer({ noServer: true });
    const server = new RealtimeTestServer(https, wss, pems.cert, opts);
    https.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const auth = req.headers.authorization ?? '';
      const key =
        typeof req.headers['api-key'] === 'string' ? req.headers['api-key'] : auth.replace(/^Bearer /, '');
      server.handshakes.push({
        url: req.url ?? '',
        azureKey: req.headers['api-key'] !== undefined,
        authorization: req.headers.authorization !== undefined,
      });
      if (server.refuseStatus !== null) {
        socket.end(
          `HTTP/1.1 ${server.refuseStatus} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
        );
        return;
      }
      if (opts.apiKey !== undefined && key !== opts.apiKey) {
        const body = JSON.stringify({
          error: { message: 'Incorrect API key provided.', code: 'invalid_api_key' },
        });
        socket.end(
          `HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        return;
      }
      const model = url.searchParams.get('model') ?? url.searchParams.get('deployment') ?? '';
      wss.handleUpgrade(req, socket, head, (ws) => server.accept(ws, model));
    });
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** The base URL to give the SDK (`/realtime` is appended by it). */
  get baseURL(): string {
    return `https://127.0.0.1:${(this.https.address() as AddressInfo).port}/v1`;
  }

  get current(): TestConnection {
    const c = this.connections.at(-1);
    if (!c) throw new Error('realtime test server: no connection yet');
    return c;
  }

  /** Server events of a type sent so far, in order. */
  sentOf(type: string): Array<Record<string, unknown>> {
    return this.sent.filter((r) => r.event.type === type).map((r) => r.event);
  }

  /** Client events of a type, in order. */
  eventsOf(type: string): Array<Record<string, unknown>> {
    return this.received.filter((r) => r.event.type === type).map((r) => r.event);
  }

  /** Resolves with the first received event (past or future) that matches. */
  waitFor(
    type: string,
    match: (ev: Record<string, unknown>) => boolean = () => true,
    from = 0,
  ): Promise<ReceivedEvent> {
    const pred = (r: ReceivedEvent) => r.event.type === type && match(r.event);
    const seen = this.received.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match: pred, resolve }));
  }

  /** Sends a server event to the current connection (unknown types too). */
  sendEvent(ev: Record<string, unknown>): void {
    this.current.send(ev);
  }

  /** Sends a text frame as it is (not JSON, to test protocol errors). */
  sendRaw(text: string): void {
    this.current.socket.send(text);
  }

  /** Cuts the current connection without a close frame. */
  drop(): void {
    this.current.socket.terminate();
  }

  /** Ends a response held open with `keepOpen`. */
  finishResponse(): void {
    this.player.finish(this.current);
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.https.close(() => resolve()));
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}_srv${this.seq}`;
  }

  private accept(socket: WebSocket, model: string): void {
    const conn: TestConnection = {
      id: this.connections.length + 1,
      socket,
      session: {
        type: 'realtime',
        model,
        output_modalities: ['audio'],
        audio: { input: { turn_detection: { type: 'server_vad' } } },
      },
      items: realtimeItemBook(),
      audioMs: 0,
      speaking: false,
      speechStartMs: 0,
      quietMs: 0,
      userItemId: null,
      send: (ev) => {
        if (socket.readyState !== socket.OPEN) return;
        const event = { event_id: this.nextId('event'), ...ev, type: String(ev.type) };
        this.sent.push({ connection: conn.id, event });
        socket.send(JSON.stringify(event));
      },
    };
    this.connections.push(conn);
    socket.on('message', (data) => this.onMessage(conn, data.toString()));
    if (this.opts.models && !this.opts.models.includes(model)) {
      conn.send({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          code: 'model_not_found',
          message: `The model '${model}' does not exist or you do not have access to it.`,
          param: null,
        },
      });
      socket.close(1008, 'model_not_found');
      return;
    }
    conn.send({ type: 'session.created', session: conn.session });
  }

  private onMessage(conn: TestConnection, text: string): void {
    const event = JSON.parse(text) as ReceivedEvent['event'];
    const rec = { connection: conn.id, event };
    this.received.push(rec);
    this.handle(conn, event);
    const ready = this.waiters.filter((w) => w.match(rec));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(rec);
  }

  private handle(conn: TestConnection, ev: ReceivedEvent['event']): void {
    switch (ev.type) {
      case 'session.update':
        conn.session = mergeSession(conn.session, ev.session as Record<string, unknown>);
        conn.send({ type: 'session.updated', session: conn.session });
        return;
      case 'conversation.item.create': {
        const item = ev.item as Record<string, unknown>;
        const id = (item.id as string | undefined) ?? this.nextId('item');
        let prev: string | null;
        try {
          prev = conn.items.insert(ev.previous_item_id as string | undefined, { ...item, id });
        } catch (err) {
          const message = (err as Error).message;
          conn.send({
            type: 'error',
            error: {
              type: 'invalid_request_error',
              code: 'item_not_found',
              message,
              param: 'previous_item_id',
            },
          });
          return;
        }
        conn.send({ type: 'conversation.item.added', previous_item_id: prev, item: { ...item, id } });
        return;
      }
      case 'conversation.item.delete':
        conn.items.remove(ev.item_id as string);
        conn.send({ type: 'conversation.item.deleted', item_id: ev.item_id });
        return;
      case 'conversation.item.truncate':
        this.truncations.push({ itemId: ev.item_id as string, audioEndMs: ev.audio_end_ms as number });
        conn.send({
          type: 'conversation.item.truncated',
          item_id: ev.item_id,
          content_index: ev.content_index,
          audio_end_ms: ev.audio_end_ms,
        });
        return;
      case 'input_audio_buffer.append':
        this.onAudio(conn, Buffer.from(ev.audio as string, 'base64'));
        return;
      case 'input_audio_buffer.commit':
        this.commit(conn);
        return;
      case 'input_audio_buffer.clear':
        conn.send({ type: 'input_audio_buffer.cleared' });
        return;
      case 'response.create':
        this.respond(conn, (ev.response as Record<string, unknown> | undefined)?.metadata ?? null);
        return;
      case 'response.cancel':
        this.player.cancel(conn, 'client_cancelled');
        return;
      default:
        return;
    }
  }

  /** Energy VAD on audio time: speech starts on a loud chunk, stops after silence_duration_ms of quiet. */
  private onAudio(conn: TestConnection, bytes: Buffer): void {
    const n = bytes.byteLength >> 1;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(bytes.readInt16LE(i * 2));
    const ms = (n / 24000) * 1000;
    const loud = n > 0 && sum / n > (this.opts.vadThreshold ?? 500);
    conn.audioMs += ms;
    const td = (
      conn.session.audio as { input?: { turn_detection?: Record<string, unknown> | null } } | undefined
    )?.input?.turn_detection;
    if (!td) return;
    if (!conn.speaking && loud) {
      conn.speaking = true;
      conn.quietMs = 0;
      conn.speechStartMs = conn.audioMs - ms;
      conn.userItemId = this.nextId('item');
      conn.send({
        type: 'input_audio_buffer.speech_started',
        audio_start_ms: Math.round(conn.speechStartMs),
        item_id: conn.userItemId,
      });
      if (td.interrupt_response !== false) this.player.cancel(conn, 'turn_detected');
      return;
    }
    if (!conn.speaking) return;
    conn.quietMs = loud ? 0 : conn.quietMs + ms;
    if (conn.quietMs >= ((td.silence_duration_ms as number | undefined) ?? 500)) {
      conn.speaking = false;
      conn.send({
        type: 'input_audio_buffer.speech_stopped',
        audio_end_ms: Math.round(conn.audioMs),
        item_id: conn.userItemId,
      });
      this.commit(conn);
      if (td.create_response !== false) this.respond(conn, null);
    }
  }

  /** The input buffer becomes a user message; with transcription on, its transcript follows. */
  private commit(conn: TestConnection): void {
    const id = conn.userItemId ?? this.nextId('item');
    conn.userItemId = null;
    const item = { id, type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] };
    const prev = conn.items.insert(undefined, item);
    conn.send({ type: 'input_audio_buffer.committed', item_id: id, previous_item_id: prev });
    conn.send({ type: 'conversation.item.added', previous_item_id: prev, item });
    const transcription = (conn.session.audio as { input?: { transcription?: unknown } } | undefined)?.input
      ?.transcription;
    if (transcription) {
      const said = this.transcripts.shift() ?? '';
      for (const word of said.split(/(?<= )/)) {
        if (word)
          conn.send({
            type: 'conversation.item.input_audio_transcription.delta',
            item_id: id,
            content_index: 0,
            delta: word,
          });
      }
      conn.send({
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: id,
        content_index: 0,
        transcript: said,
        usage: { type: 'duration', seconds: 1 },
      });
    }
  }

  private respond(conn: TestConnection, metadata: unknown): void {
    const reply = this.replies.shift() ?? { text: 'ok' };
    if (reply.drop) {
      conn.socket.terminate();
      return;
    }
    this.player.play(conn, reply, metadata);
  }
}

function mergeSession(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const old = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && old && typeof old === 'object' && !Array.isArray(old)
        ? mergeSession(old as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

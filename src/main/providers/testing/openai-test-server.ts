/**
 * A local OpenAI-compatible HTTP server for tests: the providers are tested over real HTTP with
 * the real SDK, never against a mocked client. Each endpoint answers from a scripted queue of
 * behaviours (a reply, an HTTP status, a cut stream, malformed SSE, a server that never
 * answers), falling back to a well-behaved default, and records every request with whether the
 * client closed the socket before the answer ended. The server is bounded: it listens on
 * 127.0.0.1 only, caps request count and body size, and closes by itself after `lifetimeMs`, so
 * a test that forgets to stop it cannot hang the run.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  SPEECH_SAMPLE_RATE,
  parseMultipart,
  parseWav,
  pause,
  tonePcm,
  transcriptionEvents,
  writeChunked,
  type SpeechBehaviour,
  type TranscriptionBehaviour,
  type WavInfo,
} from './test-server-audio';
import { contentEvents, emptyDelta, replyEvents, type ChatBehaviour } from './test-server-chat';

export type { ChatBehaviour, TestToolCall, TestUsage } from './test-server-chat';
export type { SpeechBehaviour, TranscriptionBehaviour, WavInfo } from './test-server-audio';
export { SPEECH_SAMPLE_RATE, tonePcm } from './test-server-audio';

export type Endpoint = 'chat' | 'speech' | 'transcriptions';

export interface RecordedRequest {
  seq: number;
  endpoint: Endpoint;
  /** JSON body, or the multipart text fields for transcriptions. */
  body: Record<string, unknown>;
  authorization: string | null;
  /** For transcriptions: the uploaded WAV as parsed (null if it was not a WAV). */
  wav?: WavInfo | null;
  /** The behaviour that answered. */
  behaviour: string;
  /** Set when the socket closed before the server finished its answer (client aborted). */
  clientClosedEarly: boolean;
  finished: boolean;
  /** SSE events written so far (chat), so a test can wait for the stream to progress. */
  eventsSent: number;
}

export interface TestServerOptions {
  /** The one key accepted; other keys get OpenAI's 401. */
  apiKey?: string;
  /** Models that exist; others get OpenAI's 404 model_not_found. */
  models?: string[];
  /** The server closes itself after this long (real time), ms. */
  lifetimeMs?: number;
  maxRequests?: number;
  maxBodyBytes?: number;
  /** Default speech length per input character, ms. */
  msPerChar?: number;
  defaultReply?: string;
}

const DEFAULT_MODELS = [
  'gpt-4o-mini',
  'gpt-4o',
  'whisper-1',
  'gpt-4o-transcribe',
  'gpt-4o-mini-tts',
  'tts-1',
];

export class OpenAITestServer {
  readonly requests: RecordedRequest[] = [];
  readonly apiKey: string;
  private readonly models: Set<string>;
  private readonly queues: Record<Endpoint, Array<ChatBehaviour | SpeechBehaviour | TranscriptionBehaviour>> =
    {
      chat: [],
      speech: [],
      transcriptions: [],
    };
  private readonly waiters: Array<() => void> = [];
  private readonly sockets = new Set<Socket>();
  private readonly lifetime: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly opts: Required<Omit<TestServerOptions, 'apiKey' | 'models'>>,
    apiKey: string,
    models: string[],
  ) {
    this.apiKey = apiKey;
    this.models = new Set(models);
    this.lifetime = setTimeout(() => void this.close(), opts.lifetimeMs);
    this.lifetime.unref();
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(options: TestServerOptions = {}): Promise<OpenAITestServer> {
    const server = createServer();
    const opts = {
      lifetimeMs: options.lifetimeMs ?? 60_000,
      maxRequests: options.maxRequests ?? 500,
      maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
      msPerChar: options.msPerChar ?? 20,
      defaultReply: options.defaultReply ?? 'Hello from the test server.',
    };
    const self = new OpenAITestServer(
      server,
      opts,
      options.apiKey ?? 'sk-test-key',
      options.models ?? DEFAULT_MODELS,
    );
    server.on('request', (req, res) => void self.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return self;
  }

  get origin(): string {
    const addr = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${addr.port}`;
  }

  /** The baseURL clients use. */
  get url(): string {
    return `${this.origin}/v1`;
  }

  enqueue(endpoint: 'chat', ...b: ChatBehaviour[]): void;
  enqueue(endpoint: 'speech', ...b: SpeechBehaviour[]): void;
  enqueue(endpoint: 'transcriptions', ...b: TranscriptionBehaviour[]): void;
  enqueue(endpoint: Endpoint, ...b: Array<ChatBehaviour | SpeechBehaviour | TranscriptionBehaviour>): void {
    this.queues[endpoint].push(...b);
  }

  /** Resolves once at least `count` requests arrived (bounded by `timeoutMs` of real time). */
  async waitForRequests(count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
    return this.waitUntil(() => this.requests.length >= count, timeoutMs, `${count} requests`).then(
      () => this.requests,
    );
  }

  /** Resolves once request `seq` has written at least `count` SSE events. */
  async waitForEvents(seq: number, count: number, timeoutMs = 5000): Promise<void> {
    await this.waitUntil(
      () => (this.requests[seq - 1]?.eventsSent ?? 0) >= count,
      timeoutMs,
      `${count} events of #${seq}`,
    );
  }

  /** Resolves once the request's socket closed early, or rejects after `timeoutMs`. */
  async waitForClientClose(seq: number, timeoutMs = 5000): Promise<void> {
    await this.waitUntil(
      () => this.requests[seq - 1]?.clientClosedEarly === true,
      timeoutMs,
      `client close of #${seq}`,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lifetime);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.notify();
  }

  private waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (cond()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      const timer = setTimeout(
        () => reject(new Error(`test server: timed out waiting for ${what}`)),
        timeoutMs,
      );
      check();
    });
  }

  private notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, `test server failure: ${String(err)}`, 'server_error');
      else res.destroy();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    const endpoint: Endpoint | null =
      path === '/v1/chat/completions'
        ? 'chat'
        : path === '/v1/audio/speech'
          ? 'speech'
          : path === '/v1/audio/transcriptions'
            ? 'transcriptions'
            : null;
    if (req.method !== 'POST' || endpoint === null)
      return sendError(res, 404, `no route ${req.method} ${path}`, 'not_found');
    if (this.requests.length >= this.opts.maxRequests)
      return sendError(res, 503, 'test server request limit reached', 'limit');
    const raw = await readBody(req, this.opts.maxBodyBytes);
    if (raw === null) return sendError(res, 413, 'body too large', 'too_large');

    let body: Record<string, unknown>;
    let wav: WavInfo | null | undefined;
    if (endpoint === 'transcriptions') {
      const form = parseMultipart(raw, req.headers['content-type'] ?? '');
      body = { ...form.fields };
      wav = form.files.file ? parseWav(form.files.file.data) : null;
    } else {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    }
    const behaviour = this.queues[endpoint].shift() ?? null;
    const rec: RecordedRequest = {
      seq: this.requests.length + 1,
      endpoint,
      body,
      authorization: req.headers.authorization ?? null,
      ...(wav !== undefined ? { wav } : {}),
      behaviour: behaviour?.kind ?? 'default',
      clientClosedEarly: false,
      finished: false,
      eventsSent: 0,
    };
    this.requests.push(rec);
    res.on('close', () => {
      if (!res.writableFinished) rec.clientClosedEarly = true;
      this.notify();
    });
    res.on('finish', () => {
      rec.finished = true;
      this.notify();
    });
    this.notify();

    if (rec.authorization !== `Bearer ${this.apiKey}`) {
      rec.behaviour = 'unauthorized';
      return sendError(
        res,
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_api_key',
      );
    }
    const model = String(body.model ?? '');
    if (!this.models.has(model)) {
      rec.behaviour = 'unknown_model';
      return sendError(
        res,
        404,
        `The model \`${model}\` does not exist or you do not have access to it.`,
        'model_not_found',
      );
    }
    if (behaviour?.kind === 'status')
      return sendError(
        res,
        behaviour.status,
        behaviour.message ?? `scripted ${behaviour.status}`,
        behaviour.code ?? null,
      );
    if (behaviour?.kind === 'hang') return; // never answers; the socket closes when the client gives up

    if (endpoint === 'chat') return this.chat(res, body, behaviour as ChatBehaviour | null, rec);
    if (endpoint === 'speech') return this.speech(res, body, behaviour as SpeechBehaviour | null);
    return this.transcribe(res, body, wav ?? null, behaviour as TranscriptionBehaviour | null);
  }

  private async chat(
    res: ServerResponse,
    body: Record<string, unknown>,
    b: ChatBehaviour | null,
    rec: RecordedRequest,
  ): Promise<void> {
    const ctx = { id: `chatcmpl-${this.requests.length}`, model: String(body.model), created: 1_700_000_000 };
    const includeUsage =
      (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    if (body.stream !== true) return sendError(res, 400, 'the test server only streams', 'invalid_request');
    if (b?.kind === 'reply' && b.gate) await b.gate;
    const gone = (): boolean => res.destroyed;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const send = async (data: string, delayMs = 0): Promise<void> => {
      if (gone()) return;
      res.write(`data: ${data}\n\n`);
      rec.eventsSent += 1;
      this.notify();
      await pause(delayMs);
    };
    switch (b?.kind ?? 'reply') {
      case 'reply': {
        const reply = b?.kind === 'reply' ? b : { kind: 'reply' as const, content: this.opts.defaultReply };
        for (const ev of replyEvents(ctx, reply, includeUsage)) await send(ev, reply.chunkDelayMs ?? 0);
        break;
      }
      case 'cut': {
        const cut = b as Extract<ChatBehaviour, { kind: 'cut' }>;
        const events = contentEvents(ctx, cut.content).slice(0, 1 + cut.afterChunks);
        for (const ev of events) await send(ev);
        await pause(10);
        res.destroy();
        return;
      }
      case 'malformed': {
        for (const ev of contentEvents(ctx, (b as { content?: string }).content ?? '')) await send(ev);
        await send('{"id": "broken", "choices": [{"delta": {"content": "oops');
        break;
      }
      case 'end_early':
        for (const ev of contentEvents(ctx, (b as { content: string }).content)) await send(ev);
        break;
      case 'empty_deltas': {
        const e = b as Extract<ChatBehaviour, { kind: 'empty_deltas' }>;
        for (const ev of contentEvents(ctx, e.content ?? '')) await send(ev);
        // Until the client closes the socket (or the server's lifetime ends).
        while (!gone() && !this.closed) await send(emptyDelta(ctx), e.intervalMs ?? 20);
        return;
      }
    }
    if (!gone()) res.end();
  }

  private async speech(
    res: ServerResponse,
    body: Record<string, unknown>,
    b: SpeechBehaviour | null,
  ): Promise<void> {
    if (body.response_format !== 'pcm')
      return sendError(res, 400, 'the test server only speaks pcm', 'invalid_request');
    const input = String(body.input ?? '');
    const gone = (): boolean => res.destroyed;
    const pcmB = b?.kind === 'pcm' ? b : null;
    const pcm = tonePcm(pcmB?.durationMs ?? input.length * this.opts.msPerChar, SPEECH_SAMPLE_RATE);
    if (pcmB?.gate) await pcmB.gate;
    res.writeHead(200, { 'content-type': 'audio/pcm', 'x-request-id': `speech-${this.requests.length}` });
    res.flushHeaders();
    if (b?.kind === 'cut') {
      await writeChunked(res, pcm.subarray(0, b.afterBytes), 999, 0, gone);
      await pause(10);
      res.destroy();
      return;
    }
    await writeChunked(res, pcm, pcmB?.chunkBytes ?? 999, pcmB?.chunkDelayMs ?? 0, gone);
    if (!gone()) res.end();
  }

  private async transcribe(
    res: ServerResponse,
    body: Record<string, unknown>,
    wav: WavInfo | null,
    b: TranscriptionBehaviour | null,
  ): Promise<void> {
    if (!wav) return sendError(res, 400, 'file is not a WAV', 'invalid_file');
    const text = b?.kind === 'text' ? b.text : `heard ${Math.round(wav.durationMs)} ms`;
    const language = b?.kind === 'text' ? (b.language ?? 'english') : 'english';
    if (b?.kind === 'text' && b.gate) await b.gate;
    if (body.stream === 'true') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const ev of transcriptionEvents(text)) {
        if (res.destroyed) return;
        res.write(`data: ${ev}\n\n`);
        await pause(0);
      }
      res.end();
      return;
    }
    const verbose = body.response_format === 'verbose_json';
    sendJson(res, 200, verbose ? { text, language, duration: wav.durationMs / 1000 } : { text });
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const b = c as Buffer;
    size += b.length;
    if (size > limit) return null;
    parts.push(b);
  }
  return Buffer.concat(parts);
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** OpenAI's error body shape, which the SDK turns into typed errors. */
function sendError(res: ServerResponse, status: number, message: string, code: string | null): void {
  sendJson(res, status, {
    error: {
      message,
      type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error',
      param: null,
      code,
    },
  });
}

/**
 * Web mode: the studio API over a WebSocket plus the built renderer over HTTP, for machines
 * without an Electron binary and for browser-driven e2e tests. Any local process and any page in
 * the user's browser can reach a loopback port, so the server trusts nothing but its session
 * cookie: it binds to loopback only, checks Host (against DNS rebinding) and Origin (against
 * cross-site sockets), serves pages and sockets only to a browser that signed in with a one-time
 * code (web-auth.ts), closes a refused socket at once, caps concurrent sockets and rate-limits
 * the log lines refusals cause.
 *
 * The renderer finds its socket at `ws://<page host>/ws`; the browser sends the cookie with it.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger, clip, type Logger } from '../log';
import { createCommandRouter, type CommandRouter } from '../studio/command-router';
import { redactorOf, sharedKeyStore } from '../studio/key-store';
import { SessionHost, type SessionHostOptions } from '../studio/session-host';
import { webModeCsp } from './csp';
import { resolveStaticPath } from './static-files';
import {
  cookieValue,
  OneTimeCodes,
  redeemRefusal,
  refusalLog,
  secretMatches,
  sessionCookieHeader,
  sessionCookieName,
} from './web-auth';
import { decodeBinaryInvoke, decodeInvoke, encodeAudioPush, encodePush, encodeResult } from './wire';

export const WS_PATH = '/ws';
/** Close codes in the application range, mirroring HTTP 401/403 so they are easy to read. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN_ORIGIN = 4403;

const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A client this far behind is not reading; dropping it beats buffering without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** Studio tabs open at once; a client that opens more is refused rather than served without bound. */
export const DEFAULT_MAX_SOCKETS = 8;
/** TCP connections at once (page assets, keep-alive and sockets together). */
const MAX_CONNECTIONS = 64;
/** Lifetime of the code in the printed URL, and of one that opens the browser. */
export const PRINTED_CODE_TTL_MS = 5 * 60_000;
export const BROWSER_CODE_TTL_MS = 60_000;
/** Refusal log lines per window; the rest are counted in one line. */
const REFUSAL_LOG_MAX = 20;
const REFUSAL_LOG_WINDOW_MS = 60_000;

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Loopback only; anything else is refused. */
  host?: string;
  /** Fixed session-cookie value for tests; by default 32 random bytes. */
  token?: string;
  /** The host to serve; by default a fresh one with transport 'websocket'. */
  sessionHost?: SessionHost;
  /** Options of the host made when `sessionHost` is absent (initial config, launch review). */
  hostOptions?: Omit<SessionHostOptions, 'transport' | 'logger'>;
  logger?: Logger;
  /** Concurrent sockets (default 8). */
  maxSockets?: number;
  /** Wall time for code lifetimes and the refusal log's window; injectable for tests. */
  now?: () => number;
}

export interface WebServer {
  /** The URL to print: the page with a one-time sign-in code (single use, PRINTED_CODE_TTL_MS). */
  url: string;
  /** A fresh one-time sign-in URL (e.g. to open the browser with), valid for `ttlMs`. */
  signInUrl(ttlMs?: number): string;
  /** The session cookie's value: what a signed-in browser holds. */
  token: string;
  /** `name=value` of the session cookie, for non-browser clients (tests, scripts). */
  cookie: string;
  port: number;
  host: string;
  sessionHost: SessionHost;
  /** Closes every socket and the listener; resolves when the port is free. */
  close(): Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new Error(`web mode binds to loopback only; refusing host ${JSON.stringify(host)}`);
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) throw new Error('token must be at least 16 base64url characters');
  // Secrets never reach a log line: the key store's values and key-like patterns are redacted.
  const logger = options.logger ?? createLogger('web', undefined, redactorOf(sharedKeyStore()));
  const ownsHost = options.sessionHost === undefined;
  const sessionHost =
    options.sessionHost ?? new SessionHost({ ...options.hostOptions, transport: 'websocket', logger });
  const router = createCommandRouter(sessionHost.handlers, logger);
  const now = options.now ?? Date.now;
  const codes = new OneTimeCodes(now);
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const refused = refusalLog(logger, {
    maxPerWindow: REFUSAL_LOG_MAX,
    windowMs: REFUSAL_LOG_WINDOW_MS,
    now,
  });

  let port = 0;
  const cookieName = () => sessionCookieName(port);
  const signedIn = (req: IncomingMessage) =>
    secretMatches(cookieValue(req.headers.cookie, cookieName()), token);
  const allowedOrigins = () => [`http://${host}:${port}`, `http://localhost:${port}`];
  const allowedHosts = () => [`${host}:${port}`, `localhost:${port}`];

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      logger.log('error', 'http handler failed', { error: String(err) });
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', webModeCsp(host, port));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A sign-in code may be in the page URL; no referrer may carry it anywhere.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      refused('request with unexpected Host refused', { host: clip(req.headers.host) });
      return sendText(
        res,
        403,
        'Forbidden: unexpected Host header (the studio answers only on 127.0.0.1 and localhost).',
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed.');
    }
    const [rawPath = '/', query = ''] = (req.url ?? '/').split('?', 2);
    const resolved = await resolveStaticPath(options.rendererDir, rawPath);
    if (resolved.kind === 'refused') {
      if (resolved.status === 403)
        refused('static request refused', { path: clip(rawPath), reason: resolved.reason });
      return sendText(
        res,
        resolved.status,
        `${resolved.status === 404 ? 'Not found' : 'Refused'}: ${resolved.reason}.`,
      );
    }
    // Every page (not only index.html) is a studio entry point, so every page needs the sign-in.
    if (resolved.contentType.startsWith('text/html')) {
      const code = new URLSearchParams(query).get('code');
      // GET only: a HEAD (a link previewer, a prefetch) must not spend the user's code.
      if (code !== null && req.method === 'GET') {
        const result = codes.redeem(code);
        if (result !== 'ok') {
          refused('sign-in code refused', { result });
          return sendText(res, 403, redeemRefusal(result));
        }
        // The cookie, then a redirect to the same page without the code: it leaves the address
        // bar and the history, and a reload does not try to spend it again.
        res.setHeader('Set-Cookie', sessionCookieHeader(cookieName(), token));
        res.setHeader('Location', rawPath);
        return sendText(res, 303, 'Signed in; continue to the studio.');
      }
      if (!signedIn(req)) {
        refused('page request without a session refused', { path: clip(rawPath) });
        return sendText(
          res,
          403,
          'Forbidden: this browser has not signed in to the studio. Open the URL that `npm run web` printed ' +
            '(it ends with ?code=...; each code works once and expires after a few minutes; restart for a new one).',
        );
      }
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', resolved.contentType);
    res.setHeader('Content-Length', resolved.size);
    res.setHeader('Cache-Control', resolved.contentType.startsWith('text/html') ? 'no-store' : 'no-cache');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(resolved.path);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();

  /** Upgrades accepted and not yet closed, signed in or not: what the cap counts. */
  let upgrades = 0;

  server.on('upgrade', (req, socket, head) => {
    const [path = ''] = (req.url ?? '').split('?', 2);
    if (path !== WS_PATH || !allowedHosts().includes(req.headers.host ?? '')) {
      refused('upgrade refused', { path: clip(path), host: clip(req.headers.host) });
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (upgrades >= maxSockets) {
      refused('socket refused: too many connections', { max: maxSockets });
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n' +
          `The studio serves at most ${maxSockets} connections at once; close other studio tabs.\n`,
      );
      return;
    }
    upgrades += 1;
    socket.once('close', () => (upgrades -= 1));
    // Accept first, then close with a code: a browser shows a refused handshake only as a
    // generic failure, while a close code and reason reach the client's onclose. The TCP
    // connection ends right after the close frame: a refused client gets no close handshake
    // to hold the connection open with.
    wss.handleUpgrade(req, socket, head, (ws) => {
      const refuse = (code: number, reason: string) => {
        ws.close(code, reason);
        socket.end();
      };
      const origin = req.headers.origin;
      // Browsers always send Origin; only a non-browser client that already holds the cookie may omit it.
      if (origin !== undefined && !allowedOrigins().includes(origin)) {
        refused('socket with foreign Origin refused', { origin: clip(origin) });
        refuse(CLOSE_FORBIDDEN_ORIGIN, `Forbidden origin; the studio accepts only http://${host}:${port}`);
        return;
      }
      if (!signedIn(req)) {
        const hadCookie = cookieValue(req.headers.cookie, cookieName()) !== null;
        refused('socket without a valid session refused', { hadCookie });
        refuse(
          CLOSE_UNAUTHORIZED,
          hadCookie
            ? 'Session expired: the studio restarted; open the URL it printed again'
            : 'Not signed in: open the URL that `npm run web` printed (it signs this browser in)',
        );
        return;
      }
      attachSocket(ws);
    });
  });

  function attachSocket(ws: WebSocket): void {
    sockets.add(ws);
    const send = (data: string | Uint8Array) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        logger.log('warn', 'socket too slow, closing', { buffered: ws.bufferedAmount });
        ws.close(1013, 'Client is not reading fast enough');
        return;
      }
      ws.send(data);
    };
    // Agent audio travels as a binary frame; everything else as JSON.
    const unsubscribe = sessionHost.subscribe((push) =>
      send(push.event === 'audio' ? encodeAudioPush(push.payload) : encodePush(push.event, push.payload)),
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) handleBinary(router, toBytes(data), send, logger);
      else handleMessage(router, toText(data), send, logger);
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
    ws.on('error', (err) => logger.log('warn', 'socket error', { error: err.message }));
    // A fresh client learns the current status at once instead of waiting for the next change.
    send(encodePush('status', sessionHost.getStatus()));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  server.maxConnections = MAX_CONNECTIONS;
  logger.log('info', 'web mode listening', { host, port });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((done) => {
      for (const ws of sockets) ws.close(1001, 'Studio server shutting down');
      wss.close();
      server.close(() => done());
      // Idle keep-alive connections would hold close() open; sockets get a moment to say goodbye.
      server.closeIdleConnections();
      setTimeout(() => {
        for (const ws of sockets) ws.terminate();
        server.closeAllConnections();
      }, 500).unref();
    }).then(() => {
      if (ownsHost) sessionHost.dispose();
    });
    return closing;
  };

  const signInUrl = (ttlMs = BROWSER_CODE_TTL_MS) => `http://${host}:${port}/?code=${codes.issue(ttlMs)}`;
  return {
    url: signInUrl(PRINTED_CODE_TTL_MS),
    signInUrl,
    token,
    cookie: `${sessionCookieName(port)}=${token}`,
    port,
    host,
    sessionHost,
    close,
  };
}

/** A binary frame: a pushAudio invoke (shared/binary-audio.ts), answered by a JSON result. */
function handleBinary(
  router: CommandRouter,
  bytes: Uint8Array,
  send: (data: string) => void,
  logger: Logger,
): void {
  const decoded = decodeBinaryInvoke(bytes);
  if (!decoded.ok) {
    logger.log('warn', 'bad binary frame', { reason: decoded.reason, id: decoded.id });
    if (decoded.id !== null)
      send(
        encodeResult(decoded.id, { ok: false, error: { code: 'invalid_input', message: decoded.reason } }),
      );
    return;
  }
  router(decoded.command, decoded.input)
    .then((result) => send(encodeResult(decoded.id, result)))
    .catch((err: unknown) => logger.log('error', 'router rejected', { error: String(err) }));
}

function handleMessage(
  router: CommandRouter,
  raw: string,
  send: (data: string) => void,
  logger: Logger,
): void {
  const decoded = decodeInvoke(raw);
  if (!decoded.ok) {
    logger.log('warn', 'bad wire message', { reason: decoded.reason, id: decoded.id });
    if (decoded.id !== null) {
      send(
        encodeResult(decoded.id, { ok: false, error: { code: 'invalid_input', message: decoded.reason } }),
      );
    }
    return;
  }
  // The router never rejects; the catch only guards against a bug turning into an unhandled rejection.
  router(decoded.command, decoded.input)
    .then((result) => send(encodeResult(decoded.id, result)))
    .catch((err: unknown) => logger.log('error', 'router rejected', { error: String(err) }));
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function toText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${text}\n`);
}

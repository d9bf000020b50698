import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  AUDIO_KIND_INVOKE,
  AUDIO_KIND_PUSH,
  decodeAudioFrame,
  encodeAudioFrame,
  MAX_PUSH_AUDIO_BYTES,
} from '../../shared/binary-audio';
import type { WireMessage } from '../../shared/studio-api';
import { createMemoryLogger } from '../log';
import { startWebServer, type WebServer } from './web-server';

let dir: string;
let secretDir: string;
let server: WebServer;
const logger = createMemoryLogger();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-web-'));
  secretDir = await mkdtemp(join(tmpdir(), 'studio-secret-'));
  await writeFile(join(secretDir, 'secret.txt'), 'top secret');
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><title>Studio</title><script type="module" src="./assets/app.js"></script>',
  );
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log("studio")');
  await writeFile(join(dir, 'assets', 'app.css'), 'body{}');
  await writeFile(join(dir, '.env'), 'KEY=1');
  await symlink(join(secretDir, 'secret.txt'), join(dir, 'assets', 'link.txt'));
  server = await startWebServer({ port: 0, rendererDir: dir, host: '127.0.0.1', logger });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await rm(secretDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw http.request, so paths reach the server exactly as written (fetch would normalize `..`). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const origin = () => `http://127.0.0.1:${server.port}`;

/** A socket that sends the given headers (by default the page's Origin and the session cookie). */
function connect(headers: Record<string, string> = { Origin: origin(), Cookie: server.cookie }): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { headers });
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
}

function nextMessage(ws: WebSocket, match: (m: WireMessage) => boolean): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const msg = JSON.parse(data.toString()) as WireMessage;
      if (match(msg)) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
  });
}

async function open(): Promise<WebSocket> {
  const ws = connect();
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

async function invoke(ws: WebSocket, id: number, command: string, input: unknown) {
  const reply = nextMessage(ws, (m) => m.kind === 'result' && m.id === id);
  ws.send(JSON.stringify({ kind: 'invoke', id, command, input }));
  const msg = await reply;
  if (msg.kind !== 'result') throw new Error('unexpected');
  return msg.result;
}

describe('web server: HTTP', () => {
  it('binds to 127.0.0.1 and prints a URL with a one-time code, not the session secret', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?code=[A-Za-z0-9_-]{43}$`),
    );
    expect(server.url).not.toContain(server.token);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(server.cookie).toBe(`studio_session_${server.port}=${server.token}`);
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(startWebServer({ port: 0, rendererDir: dir, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('answers 403 with an explanation for the page without a session or with a bad code', async () => {
    for (const path of ['/', '/index.html', `/?token=${server.token}`, '/?code=nope']) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body).toMatch(/signed in|sign-in code/);
    }
    const wrongCookie = await get('/', { Cookie: `studio_session_${server.port}=${server.token}x` });
    expect(wrongCookie.status).toBe(403);
  });

  it('serves the page to the session cookie, with a strict CSP', async () => {
    const res = await get('/', { Cookie: server.cookie });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<title>Studio</title>');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        `connect-src 'self' ws://127.0.0.1:${server.port}; media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'`,
    );
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves static assets with their content types and HEAD without a body', async () => {
    const js = await get('/assets/app.js');
    expect([js.status, js.headers['content-type'], js.body]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'console.log("studio")',
    ]);
    expect((await get('/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const head = await get('/assets/app.js', {}, 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '21']);
    expect((await get('/assets/app.js', {}, 'POST')).status).toBe(405);
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/assets')).status).toBe(404);
  });

  it('refuses path traversal, encoded or not, symlinks out of the root and dotfiles', async () => {
    expect((await get('/../package.json')).status).toBe(403);
    expect((await get('/assets/%2e%2e/%2e%2e/etc/passwd')).status).toBe(403);
    expect((await get('/%2e%2e%2fetc%2fpasswd')).status).toBe(403);
    expect((await get('/assets/..%5c..%5cetc')).status).toBe(400);
    expect((await get('/assets/%00')).status).toBe(400);
    expect((await get('//etc/passwd')).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    const link = await get('/assets/link.txt');
    expect(link.status).toBe(403);
    expect(link.body).not.toContain('top secret');
    expect((await get('/.env')).status).toBe(404);
  });

  it('refuses an unexpected Host header (DNS rebinding)', async () => {
    const res = await get('/', { Host: `evil.example:${server.port}`, Cookie: server.cookie });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/Host/);
  });
});

describe('web server: socket', () => {
  it('closes a socket without a session cookie with 4401 and a reason', async () => {
    const result = await closed(connect({ Origin: origin() }));
    expect(result.code).toBe(4401);
    expect(result.reason).toMatch(/Not signed in/);
  });

  it('closes a socket with a wrong cookie with 4401 and a reason', async () => {
    const result = await closed(connect({ Origin: origin(), Cookie: `studio_session_${server.port}=wrong` }));
    expect(result).toEqual({
      code: 4401,
      reason: 'Session expired: the studio restarted; open the URL it printed again',
    });
    expect(logger.records).toContainEqual(
      expect.objectContaining({ msg: 'socket without a valid session refused', hadCookie: true }),
    );
  });

  it('takes no token in the socket URL any more', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
      headers: { Origin: origin() },
    });
    expect((await closed(ws)).code).toBe(4401);
  });

  it('closes a socket from a foreign Origin with 4403, even with the cookie, and logs it', async () => {
    const result = await closed(connect({ Origin: 'http://evil.example', Cookie: server.cookie }));
    expect(result.code).toBe(4403);
    expect(result.reason).toMatch(/origin/i);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ msg: 'socket with foreign Origin refused', origin: 'http://evil.example' }),
    );
  });

  it('accepts localhost as the page origin', async () => {
    const ws = connect({ Origin: `http://localhost:${server.port}`, Cookie: server.cookie });
    const first = await nextMessage(ws, () => true);
    expect(first).toMatchObject({
      kind: 'push',
      event: 'status',
      payload: { phase: 'idle', transport: 'websocket' },
    });
    ws.close();
  });

  it('round-trips ping', async () => {
    const ws = await open();
    expect(await invoke(ws, 1, 'ping', { nonce: 'hello' })).toMatchObject({
      ok: true,
      value: { nonce: 'hello' },
    });
    ws.close();
  });

  it('updateConfig with an invalid value names the field', async () => {
    const ws = await open();
    const result = await invoke(ws, 2, 'updateConfig', {
      config: { options: { minEndpointingDelayMs: -1 } },
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'options.minEndpointingDelayMs' },
    });
    ws.close();
  });

  it('answers malformed messages that carry an id, logs the rest, and keeps the socket open', async () => {
    const ws = await open();
    const reply = nextMessage(ws, (m) => m.kind === 'result' && m.id === 7);
    ws.send('{not json');
    ws.send(JSON.stringify({ kind: 'push', id: 7, command: 'ping' }));
    expect(await reply).toMatchObject({
      kind: 'result',
      id: 7,
      result: { ok: false, error: { code: 'invalid_input' } },
    });
    expect(await invoke(ws, 8, 'nope', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(logger.records).toContainEqual(
      expect.objectContaining({ msg: 'bad wire message', reason: 'message is not valid JSON' }),
    );
    ws.close();
  });

  it('pushes status and event batches to every authenticated socket', async () => {
    const a = await open();
    const b = await open();
    const gotA = nextMessage(a, (m) => m.kind === 'push' && m.event === 'events');
    const gotB = nextMessage(
      b,
      (m) =>
        m.kind === 'push' && m.event === 'status' && (m.payload as { phase: string }).phase === 'starting',
    );
    server.sessionHost.setStatus({ phase: 'starting' });
    server.sessionHost.ingestEvents('s1', [{ type: 'warning', t: 1, source: 'test', message: 'hi' }]);
    expect(await gotA).toMatchObject({ payload: { sessionId: 's1', events: [{ type: 'warning' }] } });
    expect(await gotB).toMatchObject({ payload: { phase: 'starting' } });
    server.sessionHost.setStatus({ phase: 'idle' });
    a.close();
    b.close();
  });

  it('refuses upgrades on other paths', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/other`, { headers: { Cookie: server.cookie } });
    const err = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(err.message).toMatch(/404/);
  });
});

describe('web server: close', () => {
  it('closes open sockets and frees the port', async () => {
    const own = await startWebServer({ port: 0, rendererDir: dir, logger: createMemoryLogger() });
    const ws = new WebSocket(`ws://127.0.0.1:${own.port}/ws`, { headers: { Cookie: own.cookie } });
    await new Promise((resolve) => ws.once('open', resolve));
    const gone = closed(ws);
    await own.close();
    expect((await gone).code).toBe(1001);
    expect(own.sessionHost.listenerCount).toBe(0);
  });
});

describe('binary audio frames', () => {
  const frame = (over: Partial<Parameters<typeof encodeAudioFrame>[0]> = {}) =>
    encodeAudioFrame({
      kind: AUDIO_KIND_INVOKE,
      id: 700,
      sessionId: 'session_none',
      sampleRate: 16000,
      channels: 1,
      pcm: new Uint8Array(640),
      cleared: false,
      ...over,
    });
  const answer = async (ws: WebSocket, id: number, bytes: Uint8Array) => {
    const reply = nextMessage(ws, (m) => m.kind === 'result' && m.id === id);
    ws.send(bytes);
    const msg = await reply;
    if (msg.kind !== 'result') throw new Error('unexpected');
    return msg.result;
  };

  it('a valid pushAudio frame reaches the router (no session runs: no_session)', async () => {
    const ws = await open();
    expect(await answer(ws, 700, frame())).toMatchObject({
      ok: false,
      error: { code: 'no_session', message: 'session session_none is not running' },
    });
    ws.close();
  });

  it('truncated, oversized, odd-sized and wrong-kind frames are refused naming what is wrong; the socket stays usable', async () => {
    const ws = await open();
    const whole = frame({ id: 701 });
    expect(await answer(ws, 701, whole.subarray(0, whole.length - 1))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/not whole frames.*truncated/) },
    });
    expect(
      await answer(ws, 702, frame({ id: 702, pcm: new Uint8Array(MAX_PUSH_AUDIO_BYTES + 2) })),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/more than the 38400/) },
    });
    expect(await answer(ws, 703, frame({ id: 703, kind: AUDIO_KIND_PUSH }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/kind 1 is not accepted here/) },
    });
    expect(await answer(ws, 704, frame({ id: 704, sampleRate: 96000 }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/sampleRate: 96000/) },
    });
    // Too short to carry an id: logged, unanswerable; the next command still works.
    ws.send(new Uint8Array([0x56, 0x41, 1]));
    expect(await invoke(ws, 705, 'ping', { nonce: 'after' })).toMatchObject({ ok: true });
    expect(logger.records.some((r) => r.msg === 'bad binary frame')).toBe(true);
    ws.close();
  });

  it('pcm inside JSON is refused: audio must be bytes', async () => {
    const ws = await open();
    const result = await invoke(ws, 706, 'pushAudio', {
      sessionId: 's',
      sampleRate: 16000,
      channels: 1,
      pcm: 'AAAA',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'pcm' } });
    ws.close();
  });

  it('agent audio is pushed as a binary frame', async () => {
    const ws = await open();
    const got = new Promise<Uint8Array>((resolve) =>
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) resolve(new Uint8Array(data));
      }),
    );
    const pcm = new Uint8Array([1, 0, 0xfe, 0xff]);
    server.sessionHost['pushes'].emit({
      event: 'audio',
      payload: { sessionId: 's1', sampleRate: 24000, channels: 1, pcm },
    });
    const decoded = decodeAudioFrame(await got, AUDIO_KIND_PUSH);
    expect(decoded).toMatchObject({
      ok: true,
      message: { sessionId: 's1', sampleRate: 24000, cleared: false },
    });
    expect(decoded.ok && [...decoded.message.pcm]).toEqual([1, 0, 0xfe, 0xff]);
    ws.close();
  });
});

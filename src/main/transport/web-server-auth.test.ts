/**
 * Web mode's sign-in (one-time code → cookie → socket), its bounds on what a bad client can
 * cost (refused sockets end at once, a connection cap, a rate-limited refusal log), and the
 * launch review as a socket client meets it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WireMessage } from '../../shared/studio-api';
import { createMemoryLogger } from '../log';
import type { ProviderFactory } from '../studio/session-providers';
import { startWebServer, type WebServer } from './web-server';

let dir: string;
let server: WebServer;
let clockMs = 1_000_000;
let providerBuilds = 0;
const logger = createMemoryLogger();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-web-auth-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Studio</title>');
  const createProviders: ProviderFactory = async () => {
    providerBuilds += 1;
    throw new Error('the test builds no providers');
  };
  server = await startWebServer({
    port: 0,
    rendererDir: dir,
    logger,
    maxSockets: 3,
    now: () => clockMs,
    hostOptions: {
      keys: { get: (name) => (name === 'PATH' ? '/usr/bin' : undefined) },
      createProviders,
      presetsDir: join(dir, 'presets'),
      recordingsDir: join(dir, 'recordings'),
    },
  });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
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
const pathOf = (url: string) => url.slice(origin().length);

function socket(cookie: string | null): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${server.port}/ws`, {
    headers: { Origin: origin(), ...(cookie ? { Cookie: cookie } : {}) },
  });
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

async function invoke(ws: WebSocket, command: string, input: unknown) {
  const reply = new Promise<WireMessage>((resolve) =>
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as WireMessage;
      if (msg.kind === 'result' && msg.id === 1) resolve(msg);
    }),
  );
  ws.send(JSON.stringify({ kind: 'invoke', id: 1, command, input }));
  const msg = await reply;
  return msg.kind === 'result' ? msg.result : null;
}

describe('web mode sign-in', () => {
  it('exchanges a one-time code for an HttpOnly SameSite=Strict cookie, drops the code, and the socket then connects', async () => {
    const signIn = await get(pathOf(server.signInUrl()));
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe('/');
    const setCookie = String(signIn.headers['set-cookie']);
    expect(setCookie).toBe(`${server.cookie}; HttpOnly; SameSite=Strict; Path=/`);
    const cookie = setCookie.split(';')[0];
    expect((await get('/', { Cookie: cookie })).status).toBe(200);
    const ws = socket(cookie);
    await opened(ws);
    ws.close();
  });

  it('refuses a code the second time, and one past its lifetime', async () => {
    const url = server.signInUrl(1000);
    expect((await get(pathOf(url))).status).toBe(303);
    const again = await get(pathOf(url));
    expect(again.status).toBe(403);
    expect(again.body).toMatch(/already used/);
    expect(again.headers['set-cookie']).toBeUndefined();

    const late = server.signInUrl(1000);
    clockMs += 1000;
    const expired = await get(pathOf(late));
    expect(expired.status).toBe(403);
    expect(expired.body).toMatch(/expired/);
  });

  it('ends a refused socket’s connection at once, even when the client never answers the close', async () => {
    // A raw client: it upgrades, reads the close frame and never replies. The server must
    // not wait for the close handshake (ws would wait 30 s) to free the connection.
    const tcp = tcpConnect(server.port, '127.0.0.1');
    await new Promise((resolve) => tcp.once('connect', resolve));
    let received = '';
    tcp.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    tcp.write(
      'GET /ws HTTP/1.1\r\n' +
        `Host: 127.0.0.1:${server.port}\r\nOrigin: ${origin()}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise((resolve) => tcp.once('end', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 101/);
    expect(received).toContain('Not signed in');
    tcp.destroy();
  });

  it('caps concurrent sockets and frees a place when one closes', async () => {
    const open = [socket(server.cookie), socket(server.cookie), socket(server.cookie)];
    await Promise.all(open.map(opened));
    const extra = socket(server.cookie);
    const status = await new Promise<number>((resolve) =>
      extra.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(503);
    expect(logger.records).toContainEqual(
      expect.objectContaining({ msg: 'socket refused: too many connections', max: 3 }),
    );
    const gone = closed(open[0]);
    open[0].close();
    await gone;
    const next = socket(server.cookie);
    await opened(next);
    for (const ws of [...open.slice(1), next]) ws.close();
  });

  it('rate-limits the log lines refused clients cause, then counts what it suppressed', async () => {
    clockMs += 120_000;
    const before = logger.records.length;
    for (let i = 0; i < 30; i++) expect((await get('/')).status).toBe(403);
    const lines = logger.records.slice(before);
    expect(lines).toHaveLength(21);
    expect(lines[20]).toMatchObject({ msg: 'too many refusals, suppressing until the window ends' });
    clockMs += 60_000;
    await get('/');
    expect(logger.records.slice(before + 21, before + 23)).toEqual([
      expect.objectContaining({ msg: 'refusals suppressed', count: 10 }),
      expect.objectContaining({ msg: 'page request without a session refused' }),
    ]);
  });
});

describe('web mode: a socket client cannot run commands or read arbitrary variables', () => {
  it('refuses startSession with a stdio MCP command, and builds nothing', async () => {
    const ws = socket(server.cookie);
    await opened(ws);
    const result = await invoke(ws, 'startSession', {
      config: {
        inputMode: 'text',
        mcpServers: [{ type: 'stdio', command: '/bin/sh', args: ['-c', 'touch /tmp/pwned'] }],
      },
    });
    ws.close();
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'mcpServers[0]' } });
    expect(providerBuilds).toBe(0);
    expect(server.sessionHost.getStatus().phase).toBe('idle');
  });

  it('refuses apiKeyName PATH with a message naming the field', async () => {
    const ws = socket(server.cookie);
    await opened(ws);
    const result = await invoke(ws, 'startSession', {
      config: { inputMode: 'text', providers: { llm: { provider: 'openai', apiKeyName: 'PATH' } } },
    });
    ws.close();
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'providers.llm.apiKeyName' },
    });
    expect(JSON.stringify(result)).toContain('providers.llm.apiKeyName: \\"PATH\\" is not a key name');
    expect(providerBuilds).toBe(0);
  });
});

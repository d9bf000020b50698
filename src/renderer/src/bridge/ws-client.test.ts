import { beforeEach, describe, expect, it } from 'vitest';
import {
  AUDIO_KIND_INVOKE,
  AUDIO_KIND_PUSH,
  decodeAudioFrame,
  encodeAudioFrame,
} from '../../../shared/binary-audio';
import type { PushedEvents, WireMessage } from '../../../shared/studio-api';
import type { ConnectionInfo } from './connection';
import { backoffDelayMs, WsStudioClient, type SocketLike, type TimerApi } from './ws-client';

/** A socket the test drives by hand: it records what the client sent and plays the server. */
class FakeSocket implements SocketLike {
  readyState = 0;
  sent: WireMessage[] = [];
  binary: Uint8Array[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;

  constructor(readonly url: string) {}

  send(data: string | Uint8Array): void {
    if (this.readyState !== 1) throw new Error('not open');
    if (typeof data !== 'string') this.binary.push(data);
    else this.sent.push(JSON.parse(data) as WireMessage);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSend(message: unknown): void {
    const binary = message instanceof ArrayBuffer || ArrayBuffer.isView(message);
    this.onmessage?.({ data: typeof message === 'string' || binary ? message : JSON.stringify(message) });
  }
  serverClose(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** Manual timers: nothing fires until the test says how much time passed. */
class ManualTimers implements TimerApi {
  now = 0;
  private next = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
  get pending(): number {
    return this.timers.size;
  }
}

describe('WsStudioClient', () => {
  let sockets: FakeSocket[];
  let timers: ManualTimers;
  let states: ConnectionInfo[];

  const make = (extra: Partial<ConstructorParameters<typeof WsStudioClient>[0]> = {}) => {
    const client = new WsStudioClient({
      url: 'ws://127.0.0.1:1/ws?token=abc',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      timers,
      random: () => 0.5,
      backoff: { initialMs: 100, maxMs: 1000, factor: 2 },
      invokeTimeoutMs: 5000,
      ...extra,
    });
    client.onConnectionChange((info) => states.push(info));
    return client;
  };
  const last = () => sockets[sockets.length - 1];

  beforeEach(() => {
    sockets = [];
    timers = new ManualTimers();
    states = [];
  });

  it('connects to the given URL and reports connected on open', () => {
    const client = make();
    expect(last().url).toBe('ws://127.0.0.1:1/ws?token=abc');
    expect(client.connection.state).toBe('connecting');
    last().serverOpen();
    expect(client.connection).toEqual({ state: 'connected', reason: null, code: null });
    expect(client.transport).toBe('websocket');
  });

  it('correlates results by id, whatever order they come back in', async () => {
    const client = make();
    last().serverOpen();
    const a = client.invoke('ping', { nonce: 'a' });
    const b = client.invoke('ping', { nonce: 'b' });
    const [ma, mb] = last().sent;
    expect(ma).toMatchObject({ kind: 'invoke', command: 'ping', input: { nonce: 'a' } });
    if (ma.kind !== 'invoke' || mb.kind !== 'invoke') throw new Error('expected invokes');
    expect(ma.id).not.toBe(mb.id);
    last().serverSend({
      kind: 'result',
      id: mb.id,
      result: { ok: true, value: { nonce: 'b', receivedAt: 2 } },
    });
    last().serverSend({
      kind: 'result',
      id: ma.id,
      result: { ok: true, value: { nonce: 'a', receivedAt: 1 } },
    });
    expect(await a).toEqual({ ok: true, value: { nonce: 'a', receivedAt: 1 } });
    expect(await b).toEqual({ ok: true, value: { nonce: 'b', receivedAt: 2 } });
  });

  it('passes studio errors through unchanged', async () => {
    const client = make();
    last().serverOpen();
    const p = client.invoke('startSession', {});
    const m = last().sent[0];
    if (m.kind !== 'invoke') throw new Error('expected invoke');
    last().serverSend({
      kind: 'result',
      id: m.id,
      result: { ok: false, error: { code: 'not_available', message: 'engine lands in issue 3' } },
    });
    expect(await p).toEqual({
      ok: false,
      error: { code: 'not_available', message: 'engine lands in issue 3' },
    });
  });

  it('queues commands made while connecting and sends them on open', async () => {
    const client = make();
    const p = client.invoke('ping', { nonce: 'early' });
    expect(last().sent).toHaveLength(0);
    last().serverOpen();
    expect(last().sent).toHaveLength(1);
    const m = last().sent[0];
    if (m.kind !== 'invoke') throw new Error('expected invoke');
    last().serverSend({
      kind: 'result',
      id: m.id,
      result: { ok: true, value: { nonce: 'early', receivedAt: 0 } },
    });
    expect((await p).ok).toBe(true);
  });

  it('resolves a transport error when no answer comes in time', async () => {
    const client = make();
    last().serverOpen();
    const p = client.invoke('ping', { nonce: 'x' });
    timers.advance(5000);
    const r = await p;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('transport');
  });

  it('fails commands already sent when the connection drops, then reconnects with backoff', async () => {
    const client = make();
    last().serverOpen();
    const p = client.invoke('sendText', { text: 'hi' });
    last().serverClose(1006);
    const r = await p;
    expect(r).toMatchObject({ ok: false, error: { code: 'transport' } });
    expect(client.connection.state).toBe('disconnected');
    expect(sockets).toHaveLength(1);

    // attempt 0: 100 ms * (0.5 + 0.5*0.5) = 75 ms
    timers.advance(74);
    expect(sockets).toHaveLength(1);
    timers.advance(1);
    expect(sockets).toHaveLength(2);
    expect(client.connection.state).toBe('connecting');

    // a failed attempt doubles the wait: 150 ms
    last().serverClose(1006);
    timers.advance(149);
    expect(sockets).toHaveLength(2);
    timers.advance(1);
    expect(sockets).toHaveLength(3);

    last().serverOpen();
    expect(client.connection.state).toBe('connected');
    expect(states.map((s) => s.state)).toEqual([
      'connected',
      'disconnected',
      'connecting',
      'disconnected',
      'connecting',
      'connected',
    ]);

    // success resets the backoff
    last().serverClose(1001, 'going away');
    expect(client.connection).toEqual({ state: 'disconnected', reason: 'going away', code: 1001 });
    timers.advance(75);
    expect(sockets).toHaveLength(4);
  });

  it('treats 4401 as final: refused with the server reason, no reconnect, commands fail fast', async () => {
    const client = make();
    last().serverOpen();
    const inFlight = client.invoke('ping', { nonce: 'x' });
    last().serverClose(4401, 'Wrong token: use the token from the studio URL');
    expect(client.connection).toEqual({
      state: 'refused',
      reason: 'Wrong token: use the token from the studio URL',
      code: 4401,
    });
    expect((await inFlight).ok).toBe(false);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(timers.pending).toBe(0);
    const r = await client.invoke('ping', { nonce: 'y' });
    expect(r).toMatchObject({ ok: false, error: { code: 'transport' } });
    if (!r.ok) expect(r.error.message).toContain('Wrong token');
  });

  it('treats 4403 as final too, and also fails commands queued before the refusal', async () => {
    const client = make();
    const queued = client.invoke('ping', { nonce: 'q' });
    last().serverClose(4403, 'Forbidden origin');
    expect(client.connection.state).toBe('refused');
    expect(client.connection.reason).toBe('Forbidden origin');
    expect((await queued).ok).toBe(false);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('dispatches pushes to listeners of that event only, and stops after unsubscribe', () => {
    const client = make();
    last().serverOpen();
    const statuses: unknown[] = [];
    const batches: unknown[] = [];
    const off = client.on('status', (s) => statuses.push(s.phase));
    client.on('events', (b) => batches.push(b.sessionId));
    last().serverSend({ kind: 'push', event: 'status', payload: { phase: 'idle' } });
    last().serverSend({ kind: 'push', event: 'events', payload: { sessionId: 's1', events: [] } });
    off();
    last().serverSend({ kind: 'push', event: 'status', payload: { phase: 'running' } });
    expect(statuses).toEqual(['idle']);
    expect(batches).toEqual(['s1']);
  });

  it('isolates a throwing listener and ignores malformed frames', () => {
    const errors: unknown[] = [];
    const client = make({ reportError: (e) => errors.push(e) });
    last().serverOpen();
    const seen: string[] = [];
    client.on('status', () => {
      throw new Error('boom');
    });
    client.on('status', (s) => seen.push(s.phase));
    last().serverSend('not json');
    last().serverSend({ kind: 'nonsense' });
    last().serverSend({ kind: 'result', id: 999, result: { ok: true, value: {} } });
    last().onmessage?.({ data: new ArrayBuffer(4) });
    last().serverSend({ kind: 'push', event: 'status', payload: { phase: 'idle' } });
    expect(seen).toEqual(['idle']);
    expect(errors).toHaveLength(1);
  });

  it('turns a malformed result into a transport error rather than trusting it', async () => {
    const client = make();
    last().serverOpen();
    const p = client.invoke('ping', { nonce: 'x' });
    const m = last().sent[0];
    if (m.kind !== 'invoke') throw new Error('expected invoke');
    last().serverSend({ kind: 'result', id: m.id, result: 'garbage' });
    expect(await p).toMatchObject({ ok: false, error: { code: 'transport' } });
  });

  it('reconnects when the socket cannot even be created', () => {
    let calls = 0;
    const client = new WsStudioClient({
      url: 'ws://x/ws',
      timers,
      random: () => 0,
      backoff: { initialMs: 100 },
      createSocket: (url) => {
        calls++;
        if (calls === 1) throw new Error('bad url');
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    });
    expect(client.connection.state).toBe('disconnected');
    timers.advance(50);
    expect(calls).toBe(2);
    expect(client.connection.state).toBe('connecting');
  });

  it('dispose closes the socket, cancels reconnects and fails what waits', async () => {
    const client = make();
    const queued = client.invoke('ping', { nonce: 'q' });
    const s = last();
    client.dispose();
    expect(s.closedWith).toEqual({ code: 1000, reason: 'client closed' });
    expect((await queued).ok).toBe(false);
    expect(client.connection.state).toBe('disconnected');
    expect(timers.pending).toBe(0);
    expect((await client.invoke('ping', { nonce: 'z' })).ok).toBe(false);
  });

  it('never rejects on input that cannot be serialized', async () => {
    const client = make();
    last().serverOpen();
    const r = await client.invoke('updateConfig', { config: { n: 1n } });
    expect(r).toMatchObject({ ok: false, error: { code: 'transport' } });
  });

  it('sends pushAudio as a binary frame and answers it from the JSON result of its id', async () => {
    const client = make();
    last().serverOpen();
    const pcm = new Uint8Array([1, 0, 2, 0]);
    const pending = client.invoke('pushAudio', { sessionId: 's1', sampleRate: 16000, channels: 1, pcm });
    expect(last().sent).toEqual([]);
    const decoded = decodeAudioFrame(last().binary[0], AUDIO_KIND_INVOKE);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.message).toMatchObject({ sessionId: 's1', sampleRate: 16000, channels: 1 });
    expect([...decoded.message.pcm]).toEqual([1, 0, 2, 0]);
    last().serverSend({
      kind: 'result',
      id: decoded.message.id,
      result: { ok: true, value: { accepted: true } },
    });
    expect(await pending).toEqual({ ok: true, value: { accepted: true } });
  });

  it('dispatches binary agent audio as the audio push; a bad frame is reported, not dispatched', () => {
    const bad: string[] = [];
    const client = make({ reportBadFrame: (r) => bad.push(r) });
    last().serverOpen();
    const got: PushedEvents['audio'][] = [];
    client.on('audio', (p) => got.push(p));
    const frame = encodeAudioFrame({
      kind: AUDIO_KIND_PUSH,
      id: 0,
      sessionId: 's1',
      sampleRate: 24000,
      channels: 1,
      pcm: new Uint8Array([5, 0]),
      cleared: false,
    });
    last().serverSend(frame.slice().buffer);
    last().serverSend(frame.slice(0, frame.length - 1).buffer);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ sessionId: 's1', sampleRate: 24000, channels: 1 });
    expect([...got[0].pcm]).toEqual([5, 0]);
    expect(bad).toEqual([expect.stringMatching(/not whole frames/)]);
  });
});

describe('backoffDelayMs', () => {
  it('grows by the factor, caps at max and jitters between half and full', () => {
    const o = { initialMs: 100, maxMs: 1000, factor: 2 };
    expect(backoffDelayMs(0, o, () => 0)).toBe(50);
    expect(backoffDelayMs(0, o, () => 0.999999)).toBe(100);
    expect(backoffDelayMs(3, o, () => 0.999999)).toBe(800);
    expect(backoffDelayMs(10, o, () => 0.999999)).toBe(1000);
  });
});

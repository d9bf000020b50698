import { describe, expect, it } from 'vitest';
import { FakeStudioClient } from '../testing/fake-studio-client';
import { isStudioClient, selectBridge, wsUrlFromLocation } from './select-client';
import type { SocketLike } from './ws-client';

const loc = { protocol: 'http:', host: '127.0.0.1:5173', search: '?token=abc_DEF-123&x=1' };

describe('transport selection', () => {
  it('builds the socket URL from the page host alone: no secret from the page URL goes on it', () => {
    expect(wsUrlFromLocation(loc)).toBe('ws://127.0.0.1:5173/ws');
    expect(wsUrlFromLocation({ protocol: 'https:', host: 'h:1', search: '' })).toBe('wss://h:1/ws');
    expect(wsUrlFromLocation({ protocol: 'http:', host: 'h:1', search: '?code=abc' })).toBe('ws://h:1/ws');
  });

  it('uses window.studio when the preload provided one', async () => {
    const preload = new FakeStudioClient('ipc').handle('ping', ({ nonce }) => ({
      ok: true,
      value: { nonce, receivedAt: 1 },
    }));
    const bridge = selectBridge({ studio: preload, location: loc });
    expect(bridge.client.transport).toBe('ipc');
    expect(bridge.monitor.connection.state).toBe('connected');
    expect(await bridge.client.invoke('ping', { nonce: 'n' })).toEqual({
      ok: true,
      value: { nonce: 'n', receivedAt: 1 },
    });
  });

  it('keeps "never rejects" even when the IPC call rejects or throws', async () => {
    const rejecting = {
      transport: 'ipc',
      invoke: () => Promise.reject(new Error('main crashed')),
      on: () => () => undefined,
    };
    const r = await selectBridge({ studio: rejecting, location: loc }).client.invoke('ping', { nonce: 'n' });
    expect(r).toEqual({ ok: false, error: { code: 'transport', message: 'main crashed' } });
    const throwing = {
      transport: 'ipc',
      invoke: () => {
        throw new Error('sync');
      },
      on: () => () => undefined,
    };
    expect(
      (await selectBridge({ studio: throwing, location: loc }).client.invoke('ping', { nonce: 'n' })).ok,
    ).toBe(false);
  });

  it('falls back to the WebSocket when there is no usable window.studio', () => {
    const urls: string[] = [];
    const createSocket = (url: string): SocketLike => {
      urls.push(url);
      return {
        readyState: 0,
        send() {},
        close() {},
        onopen: null,
        onmessage: null,
        onclose: null,
        onerror: null,
      };
    };
    for (const studio of [undefined, null, {}, { invoke: 1, on: 2 }]) {
      const bridge = selectBridge({ studio, location: loc }, { createSocket });
      expect(bridge.client.transport).toBe('websocket');
      expect(bridge.monitor.connection.state).toBe('connecting');
      bridge.dispose();
    }
    expect(urls).toHaveLength(4);
    expect(isStudioClient({ invoke() {}, on() {} })).toBe(true);
  });
});

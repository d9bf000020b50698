import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_NAMES, IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL, type CommandName } from '../shared/studio-api';
import { ALLOWED_COMMANDS, createIpcStudioClient, type IpcRendererLike } from './studio-client';

function fakeIpc(reply: (channel: string, ...args: unknown[]) => Promise<unknown>) {
  const calls: unknown[][] = [];
  let push: ((event: unknown, ...args: unknown[]) => void) | undefined;
  const ipc: IpcRendererLike = {
    invoke: (channel, ...args) => {
      calls.push([channel, ...args]);
      return reply(channel, ...args);
    },
    on: (channel, listener) => {
      if (channel === IPC_PUSH_CHANNEL) push = listener;
    },
  };
  return { ipc, calls, emit: (msg: unknown) => push?.({}, msg) };
}

describe('preload studio client', () => {
  it('invokes allowed commands on the invoke channel only', async () => {
    const { ipc, calls } = fakeIpc(async () => ({ ok: true, value: { nonce: 'a', receivedAt: 1 } }));
    const client = createIpcStudioClient(ipc, () => undefined);
    expect(client.transport).toBe('ipc');
    expect(await client.invoke('ping', { nonce: 'a' })).toEqual({
      ok: true,
      value: { nonce: 'a', receivedAt: 1 },
    });
    expect(calls).toEqual([[IPC_INVOKE_CHANNEL, 'ping', { nonce: 'a' }]]);
  });

  it('refuses unknown commands locally with a warning and no IPC', async () => {
    const warnings: unknown[] = [];
    const { ipc, calls } = fakeIpc(async () => null);
    const client = createIpcStudioClient(ipc, (...a) => warnings.push(a));
    const result = await client.invoke('shell' as CommandName, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(calls).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  it('turns an IPC failure into a transport result instead of rejecting', async () => {
    const { ipc } = fakeIpc(async () => Promise.reject(new Error('no handler')));
    const client = createIpcStudioClient(ipc, () => undefined);
    expect(await client.invoke('getState', {})).toEqual({
      ok: false,
      error: { code: 'transport', message: 'no handler' },
    });
  });

  it('delivers pushes to the listeners of that event until unsubscribed', () => {
    const { ipc, emit } = fakeIpc(async () => null);
    const client = createIpcStudioClient(ipc, () => undefined);
    const menus: unknown[] = [];
    const off = client.on('menu', (p) => menus.push(p.action));
    client.on('status', () => {
      throw new Error('listener bug');
    });
    emit({ kind: 'push', event: 'menu', payload: { action: 'start' } });
    emit({ kind: 'push', event: 'status', payload: {} });
    emit('garbage');
    off();
    emit({ kind: 'push', event: 'menu', payload: { action: 'stop' } });
    expect(menus).toEqual(['start']);
  });

  it('refuses subscriptions to unknown events', () => {
    const warnings: unknown[] = [];
    const { ipc } = fakeIpc(async () => null);
    const client = createIpcStudioClient(ipc, (...a) => warnings.push(a));
    const off = client.on('secrets' as 'menu', () => undefined);
    off();
    expect(warnings).toHaveLength(1);
  });
});

describe('preload bundle constraints', () => {
  it('allows exactly the contract commands', () => {
    expect([...ALLOWED_COMMANDS].sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('imports nothing at runtime but electron and its own files (a sandboxed preload cannot require zod)', () => {
    const dir = import.meta.dirname;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      const valueImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)].map(
        (m) => m[1],
      );
      for (const spec of valueImports)
        expect(spec === 'electron' || spec.startsWith('./'), `${file} imports ${spec}`).toBe(true);
    }
  });
});

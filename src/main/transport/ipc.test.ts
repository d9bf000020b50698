import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_INVOKE_CHANNEL, IPC_PUSH_CHANNEL } from '../../shared/studio-api';
import { createMemoryLogger } from '../log';
import { isTrustedSender } from '../security';
import { SessionHost } from '../studio/session-host';
import { registerIpcTransport, senderInfo } from './ipc';

const page = 'app://studio/index.html';

function setup() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
  const sent: Array<[string, unknown]> = [];
  const wc = {
    id: 7,
    isDestroyed: () => false,
    send: (channel: string, msg: unknown) => sent.push([channel, msg]),
  };
  const logger = createMemoryLogger();
  const sessionHost = new SessionHost({ transport: 'ipc', logger });
  const transport = registerIpcTransport({
    ipcMain: { handle: (c, fn) => handlers.set(c, fn), removeHandler: (c) => handlers.delete(c) },
    sessionHost,
    logger,
    getWebContents: () => wc,
    isTrusted: (s) => isTrustedSender(s, {}),
  });
  const event = (senderId: number, url: string | null, parent: unknown = null) =>
    ({
      sender: { id: senderId },
      senderFrame: url === null ? null : { url, parent },
    }) as unknown as IpcMainInvokeEvent;
  const invoke = async (e: IpcMainInvokeEvent, command: unknown, input: unknown) =>
    handlers.get(IPC_INVOKE_CHANNEL)?.(e, command, input);
  return { handlers, sent, logger, sessionHost, transport, event, invoke };
}

describe('ipc transport', () => {
  it('routes invokes from our window and page', async () => {
    const { invoke, event } = setup();
    expect(await invoke(event(7, page), 'ping', { nonce: 'n' })).toMatchObject({
      ok: true,
      value: { nonce: 'n' },
    });
    expect(await invoke(event(7, page), 'nope', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
  });

  it('refuses and logs invokes from another window, page, iframe or a gone frame', async () => {
    const { invoke, event, logger } = setup();
    for (const e of [
      event(8, page),
      event(7, 'https://evil.example/'),
      event(7, page, { url: page }),
      event(7, null),
    ]) {
      expect(await invoke(e, 'ping', { nonce: 'n' })).toMatchObject({
        ok: false,
        error: { code: 'transport' },
      });
    }
    expect(logger.records.filter((r) => r.msg === 'ipc invoke from untrusted sender refused')).toHaveLength(
      4,
    );
  });

  it('forwards host pushes and menu pushes on the push channel, and dispose detaches', () => {
    const { sent, sessionHost, transport, handlers } = setup();
    sessionHost.setStatus({ phase: 'starting' });
    transport.push('menu', { action: 'zoom_in' });
    expect(sent).toEqual([
      [
        IPC_PUSH_CHANNEL,
        {
          kind: 'push',
          event: 'status',
          payload: expect.objectContaining({ phase: 'starting', transport: 'ipc' }),
        },
      ],
      [IPC_PUSH_CHANNEL, { kind: 'push', event: 'menu', payload: { action: 'zoom_in' } }],
    ]);
    transport.dispose();
    expect(sessionHost.listenerCount).toBe(0);
    expect(handlers.size).toBe(0);
  });

  it('senderInfo treats a throwing (disposed) frame as untrusted', () => {
    const frame = {
      url: page,
      get parent(): never {
        throw new Error('Render frame was disposed');
      },
    };
    const info = senderInfo({ sender: { id: 1 }, senderFrame: frame } as unknown as IpcMainInvokeEvent, {
      id: 1,
    });
    expect(info).toEqual({ frameUrl: null, isMainFrame: false, isOurWindow: true });
  });
});

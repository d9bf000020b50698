/**
 * The studio API over Electron IPC. Only types come from electron here (the objects are passed
 * in), so the transport is unit-tested with plain fakes. Every invoke is checked against the
 * sender policy before the router sees it: a page that is not ours, or not in our window, gets
 * a `transport` refusal and a log line, never a command.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import {
  IPC_INVOKE_CHANNEL,
  IPC_PUSH_CHANNEL,
  type PushedEventName,
  type PushedEvents,
  type WireMessage,
} from '../../shared/studio-api';
import { clip, type Logger } from '../log';
import type { SenderInfo } from '../security';
import { createCommandRouter, fail } from '../studio/command-router';
import type { SessionHost } from '../studio/session-host';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcTransportDeps {
  ipcMain: IpcMainLike;
  sessionHost: SessionHost;
  logger: Logger;
  /** Our window's webContents (null before it exists or after it closed). */
  getWebContents(): Pick<WebContents, 'id' | 'isDestroyed' | 'send'> | null;
  /** The sender policy (security.isTrustedSender bound to our renderer's location). */
  isTrusted(sender: SenderInfo): boolean;
}

export interface IpcTransport {
  /** Pushes an event that does not come from the session host (the menu). */
  push<E extends PushedEventName>(event: E, payload: PushedEvents[E]): void;
  dispose(): void;
}

/** Extracts what the policy needs from an invoke event; tolerant of a frame that already went away. */
export function senderInfo(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  ours: { id: number } | null,
): SenderInfo {
  const isOurWindow = ours !== null && event.sender.id === ours.id;
  try {
    const frame = event.senderFrame;
    return {
      frameUrl: frame?.url ?? null,
      isMainFrame: frame !== null && frame.parent === null,
      isOurWindow,
    };
  } catch {
    // Touching a disposed frame throws; a sender we cannot inspect is not trusted.
    return { frameUrl: null, isMainFrame: false, isOurWindow };
  }
}

export function registerIpcTransport(deps: IpcTransportDeps): IpcTransport {
  const router = createCommandRouter(deps.sessionHost.handlers, deps.logger);

  deps.ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, command, input) => {
    const info = senderInfo(event, deps.getWebContents());
    if (!deps.isTrusted(info)) {
      deps.logger.log('warn', 'ipc invoke from untrusted sender refused', {
        url: clip(info.frameUrl ?? 'null', 200),
        command: clip(command),
      });
      return fail('transport', 'refused: the sender is not the studio window');
    }
    return router(command, input);
  });

  const push = (event: PushedEventName, payload: unknown) => {
    const wc = deps.getWebContents();
    if (!wc || wc.isDestroyed()) return;
    const msg: WireMessage = { kind: 'push', event, payload };
    wc.send(IPC_PUSH_CHANNEL, msg);
  };
  const unsubscribe = deps.sessionHost.subscribe((p) => push(p.event, p.payload));

  return {
    push,
    dispose() {
      unsubscribe();
      deps.ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    },
  };
}

/**
 * The `StudioClient` the preload hands to the renderer, written against a minimal ipcRenderer
 * shape so it is tested without Electron. The renderer never gets ipcRenderer itself: only
 * these two functions, bound to the two allow-listed channels, cross the context bridge.
 */
import type {
  CommandName,
  CommandResult,
  IPC_INVOKE_CHANNEL,
  IPC_PUSH_CHANNEL,
  PushedEventName,
  PushedEvents,
  StudioClient,
} from '../shared/studio-api';

/*
 * A sandboxed preload can require nothing but electron, and the shared contract pulls in zod at
 * runtime, so the contract is imported here as types only. The literal types make a drifted
 * channel name or a missing or extra command a compile error instead of a silent mismatch.
 */
const INVOKE_CHANNEL: typeof IPC_INVOKE_CHANNEL = 'studio:invoke';
const PUSH_CHANNEL: typeof IPC_PUSH_CHANNEL = 'studio:push';

/** The command allow-list (the contract's COMMAND_NAMES, checked both ways at compile time). */
export const ALLOWED_COMMANDS = [
  'ping',
  'getState',
  'startSession',
  'stopSession',
  'sendText',
  'say',
  'generateReply',
  'interrupt',
  'updateConfig',
  'listRecordings',
  'openRecording',
  'readRecordingEvents',
  'readRecordingAudio',
  'deleteRecording',
  'diffRecordings',
  'rerunRecording',
  'listPresets',
  'savePreset',
  'loadPreset',
  'deletePreset',
  'pushAudio',
  'reportMicrophone',
  'commitUserTurn',
  'clearUserTurn',
] as const satisfies readonly CommandName[];
type MissingCommand = Exclude<CommandName, (typeof ALLOWED_COMMANDS)[number]>;
export const _allCommandsListed: MissingCommand extends never ? true : never = true;

function isAllowedCommand(name: unknown): name is CommandName {
  return typeof name === 'string' && (ALLOWED_COMMANDS as readonly string[]).includes(name);
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Pushed event names known at runtime; the check below fails to compile if one is missing. */
export const PUSHED_EVENT_NAMES = [
  'events',
  'status',
  'audio',
  'menu',
] as const satisfies readonly PushedEventName[];
type MissingPush = Exclude<PushedEventName, (typeof PUSHED_EVENT_NAMES)[number]>;
export const _allPushesListed: MissingPush extends never ? true : never = true;

type Listener = (payload: never) => void;

export function createIpcStudioClient(
  ipc: IpcRendererLike,
  warn: (...args: unknown[]) => void = console.warn,
): StudioClient {
  const listeners = new Map<PushedEventName, Set<Listener>>();

  // One channel listener for the life of the page; subscriptions are entries in a map, so
  // renderer code cannot pile up ipcRenderer listeners.
  ipc.on(PUSH_CHANNEL, (_event, message) => {
    const msg = message as { kind?: unknown; event?: unknown; payload?: unknown } | null;
    if (!msg || msg.kind !== 'push' || typeof msg.event !== 'string') return;
    for (const listener of [...(listeners.get(msg.event as PushedEventName) ?? [])]) {
      try {
        (listener as (p: unknown) => void)(msg.payload);
      } catch (err) {
        warn(`studio: a "${msg.event}" listener threw`, err);
      }
    }
  });

  const invoke = async <C extends CommandName>(command: C, input: unknown): Promise<CommandResult<C>> => {
    if (!isAllowedCommand(command)) {
      warn(`studio: refused unknown command ${JSON.stringify(String(command)).slice(0, 80)}`);
      return {
        ok: false,
        error: { code: 'unknown_command', message: `unknown command: ${String(command).slice(0, 60)}` },
      };
    }
    try {
      return (await ipc.invoke(INVOKE_CHANNEL, command, input)) as CommandResult<C>;
    } catch (err) {
      // The contract promises a result, never a rejection, even when IPC itself breaks.
      return {
        ok: false,
        error: { code: 'transport', message: err instanceof Error ? err.message : String(err) },
      };
    }
  };

  const on = <E extends PushedEventName>(
    event: E,
    listener: (payload: PushedEvents[E]) => void,
  ): (() => void) => {
    if (!(PUSHED_EVENT_NAMES as readonly string[]).includes(event) || typeof listener !== 'function') {
      warn(`studio: refused subscription to unknown event ${JSON.stringify(String(event)).slice(0, 80)}`);
      return () => undefined;
    }
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  return { transport: 'ipc', invoke, on };
}

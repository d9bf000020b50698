/**
 * A scriptable in-memory `StudioClient` and monitor for unit tests of code above the bridge.
 * It lives in the renderer's testing room (not in a test file) so several test files share one fake.
 */
import type {
  CommandInput,
  CommandName,
  CommandResult,
  PushedEventName,
  PushedEvents,
  StudioClient,
} from '../../../shared/studio-api';
import type { ConnectionInfo, ConnectionMonitor, StudioBridge } from '../bridge/connection';

type Handler = (input: unknown) => CommandResult<CommandName> | Promise<CommandResult<CommandName>>;

export class FakeStudioClient implements StudioClient, ConnectionMonitor {
  readonly calls: { command: CommandName; input: unknown }[] = [];
  connection: ConnectionInfo;
  private readonly handlers = new Map<string, Handler>();
  private readonly listeners = new Map<string, Set<(p: unknown) => void>>();
  private readonly connListeners = new Set<(i: ConnectionInfo) => void>();

  constructor(
    readonly transport: 'ipc' | 'websocket' = 'websocket',
    initial: ConnectionInfo = { state: 'connected', reason: null, code: null },
  ) {
    this.connection = initial;
  }

  /** Sets how a command answers; unhandled commands answer `unknown_command`. */
  handle<C extends CommandName>(
    command: C,
    handler: (input: CommandInput<C>) => CommandResult<C> | Promise<CommandResult<C>>,
  ): this {
    this.handlers.set(command, handler as Handler);
    return this;
  }

  async invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>> {
    this.calls.push({ command, input });
    const h = this.handlers.get(command);
    if (!h) return { ok: false, error: { code: 'unknown_command', message: `no fake for ${command}` } };
    return (await h(input)) as CommandResult<C>;
  }

  on<E extends PushedEventName>(event: E, listener: (payload: PushedEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  onConnectionChange(listener: (info: ConnectionInfo) => void): () => void {
    this.connListeners.add(listener);
    return () => this.connListeners.delete(listener);
  }

  /** Plays a push from main; `event` is a plain string so tests can push names the contract lacks. */
  push(event: string, payload: unknown): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  setConnection(info: ConnectionInfo): void {
    this.connection = info;
    for (const l of this.connListeners) l(info);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  asBridge(): StudioBridge {
    return { client: this, monitor: this, dispose: () => undefined };
  }
}

/**
 * Main's state of the studio and the handlers of every command. It knows nothing of Electron or
 * sockets: the IPC and WebSocket transports both wrap the same host, so the desktop app and web
 * mode cannot drift apart. Until the engine lands (issue 3) the session commands answer
 * `not_available`; everything else here is the real thing.
 */
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { CommandName, PushedEvents, StudioStatus } from '../../shared/studio-api';
import type { Logger } from '../log';
import { fail, invalidInput, ok, type CommandHandlers } from './command-router';

/** What the host pushes; every transport forwards these unchanged to its clients. */
export type HostPush = { [E in 'status' | 'events']: { event: E; payload: PushedEvents[E] } }['status' | 'events'];
export type HostPushListener = (push: HostPush) => void;

export interface SessionHostOptions {
  transport: StudioStatus['transport'];
  logger: Logger;
  /** A config to start from (e.g. loaded from disk); validated, defaults applied. */
  initialConfig?: unknown;
  /** How many engine events getState can replay to a reloaded window. */
  eventBufferSize?: number;
  /** Batching window for pushed events: dense lanes must not re-render the UI per event. */
  batchMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const ENGINE_ISSUE = 3;

export class SessionHost {
  readonly handlers: CommandHandlers;
  private status: StudioStatus;
  private config: StudioConfig;
  private readonly buffer: EngineEvent[] = [];
  private readonly listeners = new Set<HostPushListener>();
  private pending: { sessionId: string; events: EngineEvent[] } | null = null;
  private flushHandle: unknown = null;
  private readonly opts: Required<Omit<SessionHostOptions, 'initialConfig'>>;

  constructor(options: SessionHostOptions) {
    this.opts = {
      eventBufferSize: 5000,
      batchMs: 50,
      now: Date.now,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      ...options,
    };
    const parsed = StudioConfigSchema.safeParse(options.initialConfig ?? {});
    if (!parsed.success) {
      // A bad saved config must not stop the studio from opening; fall back and say why.
      options.logger.log('warn', 'initial config invalid, using defaults', { issues: formatIssues(parsed.error) });
    }
    this.config = parsed.success ? parsed.data : StudioConfigSchema.parse({});
    this.status = {
      phase: 'idle',
      sessionId: null,
      startedAt: null,
      agentState: 'initializing',
      userState: 'listening',
      currentAgent: null,
      lastError: null,
      transport: options.transport,
    };
    this.handlers = this.createHandlers();
  }

  getStatus(): StudioStatus {
    return { ...this.status };
  }

  getConfig(): StudioConfig {
    return structuredClone(this.config);
  }

  /** Subscribes to pushes; returns the unsubscribe function (transports call it on close). */
  subscribe(listener: HostPushListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Merges a status change and pushes the new status to every transport. */
  setStatus(patch: Partial<Omit<StudioStatus, 'transport'>>): void {
    this.status = { ...this.status, ...patch };
    this.emit({ event: 'status', payload: this.getStatus() });
  }

  /**
   * Accepts engine events as they happen. They are buffered for getState and pushed in batches
   * of `batchMs`, so a 100 Hz VAD lane costs the renderer ~20 messages a second, not 100.
   */
  ingestEvents(sessionId: string, events: readonly EngineEvent[]): void {
    if (events.length === 0) return;
    this.buffer.push(...events);
    const overflow = this.buffer.length - this.opts.eventBufferSize;
    if (overflow > 0) this.buffer.splice(0, overflow);
    if (this.pending && this.pending.sessionId !== sessionId) this.flush();
    if (!this.pending) this.pending = { sessionId, events: [] };
    this.pending.events.push(...events);
    this.flushHandle ??= this.opts.setTimer(() => this.flush(), this.opts.batchMs);
  }

  /** Pushes whatever is batched now; called on a timer, on session change and on dispose. */
  flush(): void {
    if (this.flushHandle !== null) this.opts.clearTimer(this.flushHandle);
    this.flushHandle = null;
    const batch = this.pending;
    this.pending = null;
    if (batch && batch.events.length > 0) this.emit({ event: 'events', payload: batch });
  }

  /** Flushes and detaches every listener; leaves no timer behind. */
  dispose(): void {
    this.flush();
    this.listeners.clear();
  }

  private emit(push: HostPush): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(push);
      } catch (err) {
        // One broken transport must not starve the others of pushes.
        this.opts.logger.log('error', 'push listener failed', { event: push.event, error: String(err) });
      }
    }
  }

  private createHandlers(): CommandHandlers {
    const later = <C extends CommandName>(command: C, lands: string) =>
      (() => fail('not_available', `${command} is not available yet (lands with ${lands})`)) as CommandHandlers[C];
    const engine = `issue ${ENGINE_ISSUE}, the engine`;
    const recorder = `the recorder, after issue ${ENGINE_ISSUE}`;
    return {
      ping: (input) => ok({ nonce: input.nonce, receivedAt: this.opts.now() }),
      getState: () => ok({ status: this.getStatus(), config: this.getConfig(), events: [...this.buffer] }),
      updateConfig: (input) => this.updateConfig(input.config),
      startSession: later('startSession', engine),
      stopSession: later('stopSession', engine),
      sendText: later('sendText', engine),
      say: later('say', engine),
      generateReply: later('generateReply', engine),
      interrupt: later('interrupt', engine),
      listRecordings: later('listRecordings', recorder),
      openRecording: later('openRecording', recorder),
    };
  }

  private updateConfig(candidate: unknown) {
    const parsed = StudioConfigSchema.safeParse(candidate);
    // Field paths are relative to the config (not `config.…`): the editor maps them to its form.
    if (!parsed.success) return invalidInput(parsed.error);
    const changed = changedPaths(this.config, parsed.data);
    this.config = parsed.data;
    this.opts.logger.log('info', 'config updated', { fields: changed });
    // With no engine yet nothing is running, so every change applies; the engine will decide
    // which fields need a restart of a live session.
    return ok({ applied: changed, requiresRestart: [] as string[] });
  }
}

/** Dotted paths of the leaves that differ, so the UI can say exactly what a save changed. */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  if (Object.is(before, after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  // Arrays (tools, responses) are compared whole: an index path would not survive a reorder.
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [prefix || '(root)'];
}

/**
 * The studio API over a WebSocket (web mode). It implements the same `StudioClient` as the
 * Electron preload so the rest of the renderer never knows which transport it has. Transport
 * trouble never rejects: it resolves as `{ ok: false, error: { code: 'transport' } }`, because
 * every caller already handles studio errors and a second failure path would be forgotten.
 */
import type {
  CommandInput,
  CommandName,
  CommandResult,
  PushedEventName,
  PushedEvents,
  StudioClient,
  StudioError,
  WireMessage,
} from '../../../shared/studio-api';
import {
  AUDIO_KIND_INVOKE,
  AUDIO_KIND_PUSH,
  decodeAudioFrame,
  encodeAudioFrame,
} from '../../../shared/binary-audio';
import { isFinalCloseCode, type ConnectionInfo, type ConnectionMonitor } from './connection';
import { errorText } from '../../../shared/error-text';

/**
 * The part of a WebSocket this client uses. Both the browser's WebSocket and the `ws` package
 * satisfy it, and tests inject a fake through the constructor.
 */
export interface SocketLike {
  readonly readyState: number;
  /** Strings are JSON messages; bytes are audio frames (shared/binary-audio.ts). */
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** Timers are injected so reconnect backoff can be tested without waiting. */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

export interface WsClientOptions {
  /** Full socket URL (web mode authenticates by the browser's session cookie). */
  url: string;
  createSocket?: SocketFactory;
  timers?: TimerApi;
  backoff?: Partial<BackoffOptions>;
  /** Jitter source in [0, 1); injectable for deterministic tests. */
  random?: () => number;
  /** How long one command may wait for its result, queueing included. */
  invokeTimeoutMs?: number;
  /** Where a throwing push listener is reported; one bad listener must not starve the rest. */
  reportError?: (error: unknown) => void;
  /** Where a binary frame main sent that cannot be read is reported. */
  reportBadFrame?: (reason: string) => void;
}

const OPEN = 1;
const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000, factor: 2 };
const DEFAULT_INVOKE_TIMEOUT_MS = 15_000;

interface Pending {
  resolve: (result: CommandResult<CommandName>) => void;
  timer: unknown;
  /** The serialized invoke; null once it is on the wire (a resend could run it twice). */
  unsent: string | Uint8Array | null;
}

const defaultTimers: TimerApi = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The browser's WebSocket, seen through the narrow interface above; binary frames arrive as ArrayBuffers. */
const browserSocket: SocketFactory = (url) => {
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  return socket as unknown as SocketLike;
};

export function transportError(message: string): { ok: false; error: StudioError } {
  return { ok: false, error: { code: 'transport', message } };
}

/** Delay before reconnect attempt `attempt` (0-based): exponential, capped, with jitter in [50%, 100%]. */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  return Math.round(base * (0.5 + random() * 0.5));
}

export class WsStudioClient implements StudioClient, ConnectionMonitor {
  readonly transport = 'websocket' as const;

  private readonly url: string;
  private readonly createSocket: SocketFactory;
  private readonly timers: TimerApi;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private readonly invokeTimeoutMs: number;
  private readonly reportError: (error: unknown) => void;
  private readonly reportBadFrame: (reason: string) => void;

  private socket: SocketLike | null = null;
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private disposed = false;
  private info: ConnectionInfo = { state: 'connecting', reason: null, code: null };
  private readonly pending = new Map<number, Pending>();
  private readonly pushListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly connectionListeners = new Set<(info: ConnectionInfo) => void>();

  constructor(options: WsClientOptions) {
    this.url = options.url;
    this.createSocket = options.createSocket ?? browserSocket;
    this.timers = options.timers ?? defaultTimers;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
    this.invokeTimeoutMs = options.invokeTimeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS;
    this.reportError =
      options.reportError ?? ((error) => console.error('studio push listener failed', error));
    this.reportBadFrame =
      options.reportBadFrame ?? ((reason) => console.warn(`studio: audio frame refused: ${reason}`));
    this.open();
  }

  get connection(): ConnectionInfo {
    return this.info;
  }

  invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>> {
    if (this.disposed) return Promise.resolve(transportError('the studio connection was closed'));
    if (this.info.state === 'refused') return Promise.resolve(transportError(this.refusedMessage()));

    const id = this.nextId++;
    let serialized: string | Uint8Array;
    try {
      serialized = serializeInvoke(id, command, input);
    } catch (error) {
      return Promise.resolve(transportError(`input cannot be sent: ${errorText(error)}`));
    }
    return new Promise<CommandResult<C>>((resolve) => {
      const timer = this.timers.setTimeout(
        () => this.settle(id, transportError(`no answer to ${command} within ${this.invokeTimeoutMs} ms`)),
        this.invokeTimeoutMs,
      );
      this.pending.set(id, { resolve: resolve as Pending['resolve'], timer, unsent: serialized });
      if (this.socket?.readyState === OPEN) this.flush();
    });
  }

  on<E extends PushedEventName>(event: E, listener: (payload: PushedEvents[E]) => void): () => void {
    let set = this.pushListeners.get(event);
    if (!set) {
      set = new Set();
      this.pushListeners.set(event, set);
    }
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  }

  onConnectionChange(listener: (info: ConnectionInfo) => void): () => void {
    this.connectionListeners.add(listener);
    return () => {
      this.connectionListeners.delete(listener);
    };
  }

  /** Closes for good: no reconnect, every waiting command resolves with a transport error. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      detach(socket);
      try {
        socket.close(1000, 'client closed');
      } catch {
        // Closing a socket that never opened may throw in some implementations; it is gone either way.
      }
    }
    this.failAll('the studio connection was closed');
    this.setInfo({ state: 'disconnected', reason: 'closed by the studio', code: null });
  }

  private open(): void {
    if (this.disposed) return;
    this.setInfo({ state: 'connecting', reason: this.info.reason, code: this.info.code });
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.url);
    } catch (error) {
      this.handleClose(1006, `cannot open socket: ${errorText(error)}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.setInfo({ state: 'connected', reason: null, code: null });
      this.flush();
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.handleMessage(ev.data);
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      detach(socket);
      this.handleClose(ev.code, ev.reason);
    };
    // A close event always follows an error; the close carries the code that matters.
    socket.onerror = () => undefined;
  }

  private handleClose(code: number, reason: string): void {
    // Commands already on the wire may or may not have run; resending could run them twice.
    for (const [id, p] of this.pending) {
      if (p.unsent === null)
        this.settle(id, transportError(`connection lost (${describeClose(code, reason)})`));
    }
    if (isFinalCloseCode(code)) {
      this.setInfo({ state: 'refused', reason: reason || describeClose(code, reason), code });
      this.failAll(this.refusedMessage());
      return;
    }
    if (this.disposed) return;
    this.setInfo({ state: 'disconnected', reason: reason || null, code });
    const delay = backoffDelayMs(this.attempt, this.backoff, this.random);
    this.attempt += 1;
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delay);
  }

  private handleMessage(data: unknown): void {
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      this.handleBinary(bytes);
      return;
    }
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (!isRecord(message)) return;
    if (message.kind === 'result' && typeof message.id === 'number') {
      this.settle(message.id, normalizeResult(message.result));
    } else if (message.kind === 'push' && typeof message.event === 'string') {
      this.dispatch(message.event, message.payload);
    }
  }

  /** Agent audio from main: a binary frame, checked as strictly as main checks ours. */
  private handleBinary(bytes: Uint8Array): void {
    const decoded = decodeAudioFrame(bytes, AUDIO_KIND_PUSH);
    if (!decoded.ok) {
      this.reportBadFrame(decoded.reason);
      return;
    }
    const { sessionId, sampleRate, channels, pcm, cleared } = decoded.message;
    const payload: PushedEvents['audio'] = cleared
      ? { sessionId, sampleRate, channels, pcm, cleared: true }
      : { sessionId, sampleRate, channels, pcm };
    this.dispatch('audio', payload);
  }

  private dispatch(event: string, payload: unknown): void {
    const set = this.pushListeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        this.reportError(error);
      }
    }
  }

  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    for (const [id, p] of this.pending) {
      if (p.unsent === null) continue;
      const data = p.unsent;
      p.unsent = null;
      try {
        socket.send(data);
      } catch (error) {
        this.settle(id, transportError(`send failed: ${errorText(error)}`));
      }
    }
  }

  private settle(id: number, result: CommandResult<CommandName>): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.timers.clearTimeout(p.timer);
    p.resolve(result);
  }

  private failAll(message: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, transportError(message));
  }

  private refusedMessage(): string {
    return `the studio refused the connection: ${this.info.reason ?? 'no reason given'}`;
  }

  private setInfo(info: ConnectionInfo): void {
    const same =
      info.state === this.info.state && info.reason === this.info.reason && info.code === this.info.code;
    this.info = info;
    if (same) return;
    for (const listener of [...this.connectionListeners]) {
      try {
        listener(info);
      } catch (error) {
        this.reportError(error);
      }
    }
  }
}

/** pushAudio goes as a binary frame (its PCM as bytes); every other command as JSON. */
function serializeInvoke(id: number, command: CommandName, input: unknown): string | Uint8Array {
  if (command === 'pushAudio') {
    const a = input as CommandInput<'pushAudio'>;
    if (!(a.pcm instanceof Uint8Array)) throw new Error('pushAudio: pcm must be a Uint8Array of PCM16 bytes');
    return encodeAudioFrame({
      kind: AUDIO_KIND_INVOKE,
      id,
      sessionId: a.sessionId,
      sampleRate: a.sampleRate,
      channels: a.channels,
      pcm: a.pcm,
      cleared: false,
    });
  }
  const message: WireMessage = { kind: 'invoke', id, command, input };
  return JSON.stringify(message);
}

function detach(socket: SocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A result from the wire is trusted only as far as its shape goes. */
function normalizeResult(result: unknown): CommandResult<CommandName> {
  if (!isRecord(result) || typeof result.ok !== 'boolean')
    return transportError('malformed result from the studio');
  if (result.ok) return result as CommandResult<CommandName>;
  const error = isRecord(result.error) ? result.error : {};
  return {
    ok: false,
    error: {
      code: typeof error.code === 'string' ? (error.code as StudioError['code']) : 'failed',
      message: typeof error.message === 'string' ? error.message : 'unknown error',
      ...(typeof error.field === 'string' ? { field: error.field } : {}),
    },
  };
}

function describeClose(code: number, reason: string): string {
  return reason ? `close ${code}: ${reason}` : `close ${code}`;
}

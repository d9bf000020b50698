/**
 * An OpenAI Realtime conversation as the engine's RealtimeSession (port of upstream
 * realtime_model.py's RealtimeSession semantics): the engine's calls become client events, the
 * server's events become the engine's (server-events.ts), and the connection is kept alive —
 * an unexpected close reopens it, sends the session settings and the conversation again and
 * says `session_reconnected`; after `maxReconnectAttempts` (or an error no retry can fix) the
 * session ends with an unrecoverable `error` naming why. Every wait has a deadline on the
 * injected clock, so a server that never answers ends in a clear error, never a hang.
 */
import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import {
  ChatContext,
  LinearResampler,
  makeFrame,
  RealtimeError,
  RealtimeSession,
  ToolContext,
  type AudioFrame,
  type Clock,
  type GenerationCreatedEvent,
  type Tool,
  type ToolChoice,
  type TruncateOptions,
} from '../../engine';
import { ProviderError, settingOf, type ErrorContext } from '../common/provider-error';
import { RealtimeConnection, type ServerEvent } from './connection';
import type { ResponseGeneration } from './generation';
import { chatCtxUpdateEvents, syncableItems } from './items';
import { RemoteConversation } from './remote-conversation';
import { handleServerEvent } from './server-events';
import {
  REALTIME_SAMPLE_RATE,
  sessionConfig,
  type OpenAIRealtimeSettings,
  type SessionState,
} from './settings';
import type { OpenAIRealtimeModel, RealtimeLog } from './model';

interface Pending<T> {
  resolve: (v: T) => void;
  reject: (e: Error) => void;
  cancel: () => void;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';

/** Input audio kept while the socket is not open, at most (older audio is dropped, with a warning). */
export const MAX_PENDING_AUDIO_MS = 10_000;

export class OpenAIRealtimeSession extends RealtimeSession {
  readonly remote = new RemoteConversation();
  /** Responses asked for by generateReply, by the client event id they carry in metadata. */
  readonly pendingReplies = new Map<string, Pending<GenerationCreatedEvent>>();
  /** Chat context updates waiting for the server's acknowledgement, by item id. */
  readonly pendingItems = new Map<string, Pending<void>>();
  current: ResponseGeneration | null = null;
  state: ConnectionState = 'connecting';
  /** Why the session ended, once it did (what generateReply rejects with). */
  failure: ProviderError | null = null;
  /** A server error that no reconnect can fix arrived: the next close is the end. */
  fatal: ProviderError | null = null;
  readonly partialTranscripts = new Map<string, string>();
  private readonly sessionState: SessionState = { instructions: null, tools: [], toolChoice: null };
  private conn: RealtimeConnection | null = null;
  private readonly queue: RealtimeClientEvent[] = [];
  private resampler: LinearResampler | null = null;
  /** Input audio pushed while the socket was not open yet (or was reconnecting), sent once it is. */
  private readonly pendingAudio: Array<{ b64: string; samples: number }> = [];
  private pendingAudioSamples = 0;
  private droppedAudioFrames = 0;
  private seq = 0;
  private readonly opened: Promise<void>;

  constructor(
    readonly model: OpenAIRealtimeModel,
    readonly settings: OpenAIRealtimeSettings,
    readonly clock: Clock,
    readonly ctx: ErrorContext<'realtime'>,
    readonly log: RealtimeLog,
    private readonly open: (
      hooks: Parameters<typeof RealtimeConnection.open>[1],
    ) => Promise<RealtimeConnection>,
  ) {
    super(model);
    this.opened = this.connectLoop(false);
  }

  /** Resolves when the first connection is up (or the session gave up: see `failure`). */
  whenOpen(): Promise<void> {
    return this.opened;
  }

  get chatCtx(): ChatContext {
    return this.remote.toChatContext();
  }

  get tools(): ToolContext {
    return new ToolContext(this.sessionState.tools);
  }

  async updateInstructions(instructions: string): Promise<void> {
    this.sessionState.instructions = instructions;
    this.send({ type: 'session.update', session: { type: 'realtime', instructions } });
  }

  async updateTools(tools: Tool[]): Promise<void> {
    this.sessionState.tools = [...tools];
    this.send({
      type: 'session.update',
      session: sessionConfigPart(this.settings, this.sessionState, 'tools'),
    });
  }

  updateOptions(opts: { toolChoice?: ToolChoice | null }): void {
    if (opts.toolChoice === undefined) return;
    this.sessionState.toolChoice = opts.toolChoice;
    this.send({
      type: 'session.update',
      session: sessionConfigPart(this.settings, this.sessionState, 'tool_choice'),
    });
  }

  /** Sends the difference to the server's copy and waits until the server acknowledged each item. */
  async updateChatCtx(chatCtx: ChatContext): Promise<void> {
    const events = chatCtxUpdateEvents(syncableItems(this.remote.toChatContext()), syncableItems(chatCtx));
    const acks: Promise<void>[] = [];
    for (const ev of events) {
      const id =
        ev.type === 'conversation.item.create'
          ? ev.item.id
          : ev.type === 'conversation.item.delete'
            ? ev.item_id
            : undefined;
      if (id) acks.push(this.waitFor(this.pendingItems, `${ev.type}:${id}`, 'update_chat_ctx'));
      this.send(ev);
    }
    await Promise.all(acks);
  }

  pushAudio(frame: AudioFrame): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    for (const f of this.toModelRate(frame)) {
      const bytes = Buffer.alloc(f.data.length * 2);
      for (let i = 0; i < f.data.length; i++) bytes.writeInt16LE(f.data[i], i * 2);
      if (this.state !== 'open') {
        // Kept until the socket is open (the user may speak while the model connects, as
        // upstream's message channel keeps it); beyond MAX_PENDING_AUDIO_MS the oldest goes.
        this.pendingAudio.push({ b64: bytes.toString('base64'), samples: f.data.length });
        this.pendingAudioSamples += f.data.length;
        while (this.pendingAudioSamples > (MAX_PENDING_AUDIO_MS * REALTIME_SAMPLE_RATE) / 1000) {
          const old = this.pendingAudio.shift() as { samples: number };
          this.pendingAudioSamples -= old.samples;
          this.droppedAudioFrames += 1;
        }
        continue;
      }
      this.send({ type: 'input_audio_buffer.append', audio: bytes.toString('base64') });
    }
  }

  generateReply(opts: { instructions?: string } = {}): Promise<GenerationCreatedEvent> {
    if (this.failure) return Promise.reject(new RealtimeError(`generate_reply: ${this.failure.message}`));
    if (this.state === 'closed')
      return Promise.reject(new RealtimeError('generate_reply: the realtime session is closed'));
    const clientEventId = `response_create_${++this.seq}`;
    const reply = this.waitFor(this.pendingReplies, clientEventId, 'generate_reply');
    this.send({
      type: 'response.create',
      event_id: clientEventId,
      response: {
        ...(opts.instructions ? { instructions: opts.instructions } : {}),
        metadata: { client_event_id: clientEventId },
      },
    });
    return reply;
  }

  commitAudio(): void {
    this.send({ type: 'input_audio_buffer.commit' });
  }

  clearAudio(): void {
    this.send({ type: 'input_audio_buffer.clear' });
  }

  interrupt(): void {
    if (!this.current || this.current.done) return;
    this.send({ type: 'response.cancel', response_id: this.current.responseId });
  }

  truncate(opts: TruncateOptions): void {
    if (opts.modalities.includes('audio')) {
      this.send({
        type: 'conversation.item.truncate',
        item_id: opts.messageId,
        content_index: 0,
        audio_end_ms: Math.max(0, Math.round(opts.audioEndMs)),
      });
      if (opts.audioTranscript !== undefined) this.remote.setText(opts.messageId, opts.audioTranscript, true);
      return;
    }
    if (opts.audioTranscript === undefined) return;
    // text only: the server's copy gets the text that was shown, as a replaced item
    const ctx = this.remote.toChatContext();
    const item = ctx.getById(opts.messageId);
    if (item?.type !== 'message') return;
    item.content = opts.audioTranscript;
    for (const ev of chatCtxUpdateEvents(this.remote.list(), ctx.items)) this.send(ev);
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.conn?.close();
    this.conn = null;
    this.abandon(new RealtimeError('the realtime session was closed'));
    this.removeAllListeners();
  }

  /** Closed by the engine, or given up. */
  isOver(): boolean {
    return this.state === 'closed' || this.state === 'failed';
  }

  /** Ends the generation in flight (done, cancelled, timed out or cut off). */
  endCurrent(): void {
    this.current?.finish(this.settings.modalities);
    this.current = null;
  }

  /** The `error` event of the engine. */
  emitError(error: Error, recoverable: boolean): void {
    this.emit('error', {
      type: 'realtime_model_error',
      timestamp: this.clock.now(),
      label: this.model.label,
      error,
      recoverable,
    });
  }

  /** Rejects every wait and ends the generation: the connection they counted on is gone. */
  private abandon(err: Error): void {
    this.endCurrent();
    for (const p of [...this.pendingReplies.values(), ...this.pendingItems.values()]) p.reject(err);
    this.pendingReplies.clear();
    this.pendingItems.clear();
  }

  send(ev: RealtimeClientEvent): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    if (this.conn && this.state === 'open') this.conn.send(ev);
    else if (ev.type !== 'input_audio_buffer.append') this.queue.push(ev);
  }

  /** A wait for the server with the replyTimeoutMs deadline; settled by server-events.ts. */
  private waitFor<T>(table: Map<string, Pending<T>>, key: string, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const setting = settingOf(this.ctx, 'replyTimeoutMs');
      const timer = this.clock.setTimer(() => {
        table.delete(key);
        reject(
          new RealtimeError(
            `${what} timed out: ${this.ctx.origin} did not answer within ${this.settings.replyTimeoutMs} ms (${setting})`,
          ),
        );
      }, this.settings.replyTimeoutMs);
      const done = (): void => {
        timer.cancel();
        table.delete(key);
      };
      table.set(key, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
        cancel: done,
      });
    });
  }

  private toModelRate(frame: AudioFrame): AudioFrame[] {
    let mono = frame;
    if (frame.channels > 1) {
      const data = new Int16Array(frame.samplesPerChannel);
      for (let i = 0; i < data.length; i++) {
        let sum = 0;
        for (let c = 0; c < frame.channels; c++) sum += frame.data[i * frame.channels + c];
        data[i] = Math.round(sum / frame.channels);
      }
      mono = makeFrame(data, frame.sampleRate, 1);
    }
    if (mono.sampleRate === REALTIME_SAMPLE_RATE) return [mono];
    if (this.resampler?.inputRate !== mono.sampleRate) {
      this.resampler = new LinearResampler(mono.sampleRate, REALTIME_SAMPLE_RATE, 1);
    }
    return this.resampler.push(mono);
  }

  /** Opens the connection, and again after each unexpected end, until closed or out of attempts. */
  private async connectLoop(reconnecting: boolean): Promise<void> {
    let attempt = 0;
    for (;;) {
      if (this.isOver()) return;
      try {
        const conn = await this.open({
          onEvent: (ev: ServerEvent) => handleServerEvent(this, ev),
          onEnd: (err) => this.onConnectionEnd(err),
          onProtocolError: (err) => this.emitError(err, true),
        });
        if (this.isOver()) {
          conn.close();
          return;
        }
        this.conn = conn;
        this.startConversation(reconnecting);
        if (reconnecting) {
          this.log.log('info', 'openai realtime: reconnected', { attempts: attempt + 1 });
          this.emit('session_reconnected', {});
        }
        return;
      } catch (err) {
        if (this.isOver()) return;
        const e = err instanceof ProviderError ? err : this.setupError(err);
        const fatal = this.fatal ?? (e.retryable === false ? e : null);
        if (fatal || attempt >= this.settings.maxReconnectAttempts) {
          this.giveUp(fatal ?? e, fatal ? null : attempt + 1);
          return;
        }
        this.emitError(e, true);
        const delay = this.settings.reconnectDelayMs * 2 ** attempt;
        attempt += 1;
        this.state = 'reconnecting';
        await this.clock.sleep(delay);
      }
    }
  }

  /** Session settings, then (on a reconnect) the conversation, then what waited for the socket. */
  private startConversation(reconnecting: boolean): void {
    const conn = this.conn as RealtimeConnection;
    this.state = 'open';
    conn.send({ type: 'session.update', session: sessionConfig(this.settings, this.sessionState) });
    if (reconnecting) {
      // as upstream: tool calls and their outputs are not sent again (a call would answer itself)
      const kept = this.remote.list().filter((i) => i.type === 'message' && i.content !== '');
      this.remote.clear();
      for (const ev of chatCtxUpdateEvents([], kept)) conn.send(ev);
    }
    if (this.droppedAudioFrames > 0) {
      this.log.log('warn', 'openai realtime: oldest input audio dropped while not connected', {
        frames: this.droppedAudioFrames,
        keptMs: MAX_PENDING_AUDIO_MS,
      });
      this.droppedAudioFrames = 0;
    }
    for (const a of this.pendingAudio.splice(0))
      conn.send({ type: 'input_audio_buffer.append', audio: a.b64 });
    this.pendingAudioSamples = 0;
    const queued = this.queue.splice(0);
    for (const ev of queued) conn.send(ev);
  }

  private onConnectionEnd(err: ProviderError): void {
    this.conn = null;
    if (this.state === 'closed') return;
    this.abandon(new RealtimeError(`the connection to ${this.ctx.origin} was lost: ${err.message}`));
    if (this.fatal) {
      this.giveUp(this.fatal, null);
      return;
    }
    this.emitError(err, true);
    this.state = 'reconnecting';
    void this.connectLoop(true);
  }

  /** What the SDK threw before any connection was tried (its own checks of the settings). */
  private setupError(err: unknown): ProviderError {
    const detail = err instanceof Error ? err.message : String(err);
    return new ProviderError({
      provider: this.ctx.provider,
      kind: this.ctx.kind,
      code: 'invalid_config',
      setting: settingOf(this.ctx, 'baseURL'),
      message: `openai realtime: the connection could not be set up (${detail}): check ${settingOf(this.ctx, 'baseURL')}, ${settingOf(this.ctx, 'model')} and ${settingOf(this.ctx, 'azureApiVersion')}`,
    });
  }

  /** Ends the session for good: `attempts` is how many connections failed (null: an error no retry fixes). */
  giveUp(cause: ProviderError, attempts: number | null): void {
    if (this.state === 'closed' || this.state === 'failed') return;
    const setting = settingOf(this.ctx, 'maxReconnectAttempts');
    const err =
      attempts === null
        ? cause
        : new ProviderError({
            provider: cause.provider,
            kind: cause.kind,
            code: cause.code,
            setting: cause.setting ?? setting,
            status: cause.status,
            message: `openai realtime: gave up after ${attempts} failed connection attempts (${setting} is ${this.settings.maxReconnectAttempts}): ${cause.message}`,
          });
    this.failure = err;
    this.state = 'failed';
    this.conn?.close();
    this.conn = null;
    this.abandon(new RealtimeError(err.message));
    this.emitError(err, false);
  }
}

/** A session.update that carries only one part of the configuration. */
function sessionConfigPart(
  s: OpenAIRealtimeSettings,
  state: SessionState,
  part: 'tools' | 'tool_choice',
): Extract<RealtimeClientEvent, { type: 'session.update' }>['session'] {
  const full = sessionConfig(s, state);
  return part === 'tools'
    ? { type: 'realtime', tools: full.tools }
    : { type: 'realtime', tool_choice: full.tool_choice ?? 'auto' };
}

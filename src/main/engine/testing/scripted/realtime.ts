/**
 * The one scripted realtime model (docs/scenario-format.md §11), on the session clock. By default
 * it follows the format to the letter so that a scenario pins the seed's realtime branch: sessions
 * numbered from 1, a model conversation that only updateChatCtx replaces, generations timed at
 * G / G+ttftMs / G+durationMs, generate_reply answered by key with the reuse rule, server events
 * pushed to the last open session, a record of every call with its clock time and session. Engine
 * unit tests opt into the one thing a real server also does that §11 leaves out: `metrics` (a
 * realtime metrics event, attributed by response id, per generation that reached its first
 * token). Generation streams are the kit's ScriptedStream shell.
 */
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import type { Clock, TimerHandle } from '../../base/clock';
import { ChatContext, shortId, type ChatItem, type FunctionCallItem } from '../../llm/chat-context';
import type { ToolChoice } from '../../llm/llm';
import {
  RealtimeModel,
  RealtimeSession,
  type GenerationCreatedEvent,
  type MessageGeneration,
  type RealtimeCapabilities,
  type RealtimeModality,
  type TruncateOptions,
} from '../../llm/realtime';
import { ToolContext, type Tool } from '../../llm/tool-context';
import { ScriptedStream } from './stream';

/** §11.3: 3-character text chunks; 24 kHz mono silence in 10 ms frames. */
export const REALTIME_TEXT_CHUNK = 3;
export const REALTIME_AUDIO_RATE = 24_000;
export const REALTIME_FRAME_MS = 10;
export const SCRIPTED_REALTIME_LABEL = 'fake.realtime.RealtimeModel';

export interface ScriptedRealtimeMessage {
  messageId: string;
  text: string;
  audioDurationMs: number;
  modalities: RealtimeModality[];
}

/** One generation of §11.3, every default already applied. */
export interface ScriptedGeneration {
  message: ScriptedRealtimeMessage | null;
  toolCalls: { callId: string; name: string; arguments: string }[];
  ttftMs: number;
  durationMs: number;
}

/** §11.4: a generation answering the generate_reply calls with this key. */
export interface ScriptedRealtimeReply extends ScriptedGeneration {
  key: string;
}

/** §11.5: one server event. */
export type ScriptedRealtimeEvent =
  | { kind: 'inputSpeechStarted' }
  | { kind: 'inputSpeechStopped' }
  | { kind: 'inputTranscription'; itemId: string; transcript: string; isFinal: boolean }
  | { kind: 'generation'; generation: ScriptedGeneration; userInitiated: boolean }
  | { kind: 'error'; message: string; recoverable: boolean };

/** §11.6: one call the engine made on a scripted session. */
export interface RealtimeCallRecord {
  method: string;
  /** Session number, from 1 in creation order. */
  session: number;
  /** Clock time of the call. */
  t: number;
  fields: Record<string, unknown>;
}

export interface ScriptedRealtimeInit {
  clock: Clock;
  /** Every flag defaults to true (§11.1). */
  capabilities?: Partial<RealtimeCapabilities>;
  replies?: readonly ScriptedRealtimeReply[];
  label?: string;
  /** Emit `metrics_collected` when a generation that reached its first token ends (not in §11). */
  metrics?: boolean;
}

/** A reply for unit tests: a message when text or audio is given; ttft 100 ms, duration 300 ms. */
export function scriptedReply(
  key: string,
  r: {
    text?: string;
    audioDurationMs?: number;
    modalities?: RealtimeModality[];
    toolCalls?: ScriptedGeneration['toolCalls'];
    ttftMs?: number;
    durationMs?: number;
  },
): ScriptedRealtimeReply {
  const hasMessage = r.text !== undefined || r.audioDurationMs !== undefined;
  return {
    key,
    message: hasMessage
      ? {
          messageId: shortId('item'),
          text: r.text ?? '',
          audioDurationMs: r.audioDurationMs ?? 0,
          modalities: r.modalities ?? ['audio', 'text'],
        }
      : null,
    toolCalls: r.toolCalls ?? [],
    ttftMs: r.ttftMs ?? 100,
    durationMs: r.durationMs ?? 300,
  };
}

const ALL_CAPABILITIES: RealtimeCapabilities = {
  turnDetection: true,
  userTranscription: true,
  messageTruncation: true,
  autoToolReplyGeneration: true,
  audioOutput: true,
  manualFunctionCalls: true,
};

export class ScriptedRealtimeModel extends RealtimeModel {
  readonly sessions: ScriptedRealtimeSession[] = [];
  /** Every call on every session, in call order. */
  readonly calls: RealtimeCallRecord[] = [];
  private readonly replies: readonly ScriptedRealtimeReply[];
  private readonly used = new Set<number>();
  private readonly labelValue: string;

  constructor(readonly init: ScriptedRealtimeInit) {
    super({ ...ALL_CAPABILITIES, ...(init.capabilities ?? {}) });
    this.replies = init.replies ?? [];
    this.labelValue = init.label ?? SCRIPTED_REALTIME_LABEL;
  }

  get label(): string {
    return this.labelValue;
  }

  session(): ScriptedRealtimeSession {
    const s = new ScriptedRealtimeSession(this, this.init.clock, this.sessions.length + 1);
    this.sessions.push(s);
    return s;
  }

  /** §11.2: script events go to the session created last if it is open; else they are dropped. */
  deliver(event: ScriptedRealtimeEvent): boolean {
    const s = this.sessions.at(-1);
    if (!s || s.closed) return false;
    s.serverEvent(event);
    return true;
  }

  /** §11.4: the first unused reply with this key; once all are used, the last again; else none. */
  replyFor(key: string): ScriptedGeneration | null {
    let last: number | null = null;
    for (let i = 0; i < this.replies.length; i++) {
      if (this.replies[i].key !== key) continue;
      last = i;
      if (!this.used.has(i)) {
        this.used.add(i);
        return this.replies[i];
      }
    }
    return last === null ? null : this.replies[last];
  }

  record(session: number, method: string, fields: Record<string, unknown> = {}): void {
    this.calls.push({ method, session, t: this.init.clock.now(), fields });
  }

  /** Names of the generations and simulated turns still running on any session. */
  pendingWork(): string[] {
    return this.sessions.flatMap((s) => s.pendingWork());
  }

  async close(): Promise<void> {
    for (const s of this.sessions) await s.close();
  }
}

const EMPTY_GENERATION: ScriptedGeneration = { message: null, toolCalls: [], ttftMs: 0, durationMs: 0 };

/** The streams of one running generation; `end` finishes them all once. */
interface RunningGeneration {
  end(cancelled: boolean): void;
}

export class ScriptedRealtimeSession extends RealtimeSession {
  closed = false;
  private conversation = new ChatContext();
  private toolCtx = new ToolContext([]);
  private readonly running = new Set<RunningGeneration>();
  private readonly turnTimers = new Set<TimerHandle>();

  constructor(
    readonly scriptedModel: ScriptedRealtimeModel,
    private readonly clock: Clock,
    /** 1-based, in creation order. */
    readonly number: number,
  ) {
    super(scriptedModel);
  }

  /** §11.2: the model's conversation, as the last updateChatCtx left it. */
  get chatCtx(): ChatContext {
    return this.conversation.copy();
  }

  get tools(): ToolContext {
    return this.toolCtx.copy();
  }

  /** This session's calls, in call order. */
  get calls(): RealtimeCallRecord[] {
    return this.scriptedModel.calls.filter((c) => c.session === this.number);
  }

  pendingWork(): string[] {
    return [
      ...[...this.running].map(() => 'scripted_realtime.generation'),
      ...[...this.turnTimers].map(() => 'scripted_realtime.user_turn'),
    ];
  }

  async updateInstructions(instructions: string): Promise<void> {
    this.record('updateInstructions', { instructions });
  }

  async updateChatCtx(chatCtx: ChatContext): Promise<void> {
    this.record('updateChatCtx', { items: chatCtx.toData() });
    this.conversation = chatCtx.copy();
  }

  async updateTools(tools: Tool[]): Promise<void> {
    this.record('updateTools', { tools: tools.map((t) => t.name).sort() });
    this.toolCtx = new ToolContext(tools);
  }

  updateOptions(opts: { toolChoice?: ToolChoice | null }): void {
    this.record('updateOptions', { toolChoice: opts.toolChoice ?? null });
  }

  pushAudio(_frame: AudioFrame): void {
    // not recorded (§11.6)
  }

  generateReply(opts: { instructions?: string } = {}): Promise<GenerationCreatedEvent> {
    const key = opts.instructions ? opts.instructions : this.conversationKey();
    this.record('generateReply', { instructions: opts.instructions ?? null, key });
    if (this.closed) return Promise.reject(new Error(`scripted realtime session ${this.number} is closed`));
    const generation = this.scriptedModel.replyFor(key) ?? EMPTY_GENERATION;
    return Promise.resolve(this.startGeneration(generation, true));
  }

  commitAudio(): void {
    this.record('commitAudio');
  }

  clearAudio(): void {
    this.record('clearAudio');
  }

  interrupt(): void {
    this.record('interrupt');
    // §11.3: a generation is not changed
  }

  truncate(opts: TruncateOptions): void {
    this.record('truncate', {
      messageId: opts.messageId,
      modalities: [...opts.modalities],
      audioEndMs: opts.audioEndMs,
      audioTranscript: opts.audioTranscript ?? '',
    });
  }

  override startUserActivity(): void {
    this.record('startUserActivity');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.record('close');
    this.closed = true;
    for (const t of this.turnTimers) t.cancel();
    this.turnTimers.clear();
    for (const g of [...this.running]) g.end(true);
    this.removeAllListeners();
  }

  /** Emits one script event (§11.5) now. */
  serverEvent(event: ScriptedRealtimeEvent): void {
    const caps = this.scriptedModel.capabilities;
    switch (event.kind) {
      case 'inputSpeechStarted':
        this.emit('input_speech_started', {});
        return;
      case 'inputSpeechStopped':
        this.emit('input_speech_stopped', { userTranscriptionEnabled: caps.userTranscription });
        return;
      case 'inputTranscription':
        this.emit('input_audio_transcription_completed', {
          itemId: event.itemId,
          transcript: event.transcript,
          isFinal: event.isFinal,
        });
        return;
      case 'generation':
        this.emit('generation_created', this.startGeneration(event.generation, event.userInitiated));
        return;
      case 'error':
        this.emit('error', {
          type: 'realtime_model_error',
          timestamp: this.clock.now(),
          label: this.scriptedModel.label,
          error: new Error(event.message),
          recoverable: event.recoverable,
        });
        return;
    }
  }

  /**
   * A spoken user turn as server events: speech started now and stopped after `speechMs` (with
   * turnDetection), the final transcript `transcriptionDelayMs` later (with userTranscription),
   * then with turnDetection a server-initiated generation answering the transcript as a key.
   */
  simulateUserTurn(args: { transcript: string; speechMs?: number; transcriptionDelayMs?: number }): void {
    const caps = this.scriptedModel.capabilities;
    const speechMs = args.speechMs ?? 1000;
    const later = (delayMs: number, fn: () => void) => {
      const h = this.clock.setTimer(() => {
        this.turnTimers.delete(h);
        fn();
      }, delayMs);
      this.turnTimers.add(h);
    };
    if (caps.turnDetection) this.serverEvent({ kind: 'inputSpeechStarted' });
    later(speechMs, () => {
      if (caps.turnDetection) this.serverEvent({ kind: 'inputSpeechStopped' });
      later(args.transcriptionDelayMs ?? 0, () => {
        if (caps.userTranscription)
          this.serverEvent({
            kind: 'inputTranscription',
            itemId: shortId('item'),
            transcript: args.transcript,
            isFinal: true,
          });
        if (caps.turnDetection)
          this.serverEvent({
            kind: 'generation',
            generation: this.scriptedModel.replyFor(args.transcript) ?? EMPTY_GENERATION,
            userInitiated: false,
          });
      });
    });
  }

  private record(method: string, fields: Record<string, unknown> = {}): void {
    this.scriptedModel.record(this.number, method, fields);
  }

  /** §11.4 rule 2: the last conversation item's text (user message) or output (tool output). */
  private conversationKey(): string {
    const last: ChatItem | undefined = this.conversation.items.at(-1);
    if (last?.type === 'message' && last.role === 'user') return last.content;
    if (last?.type === 'function_call_output') return last.output;
    return '';
  }

  /** §11.3: a generation created now; its streams run on the clock whether or not anyone reads. */
  private startGeneration(g: ScriptedGeneration, userInitiated: boolean): GenerationCreatedEvent {
    const withMetrics = this.scriptedModel.init.metrics === true;
    const responseId = withMetrics ? shortId('resp') : null;
    const init = { clock: this.clock, requestId: responseId ?? '' };
    // The message stream carries the timers: it stays open until the generation ends.
    const messages = new ScriptedStream<MessageGeneration>(init);
    const text = new ScriptedStream<string>(init);
    const audio = new ScriptedStream<AudioFrame>(init);
    const functions = new ScriptedStream<FunctionCallItem>(init);
    const msg = g.message;
    if (msg)
      messages.send({
        messageId: msg.messageId,
        textStream: text,
        audioStream: audio,
        modalities: Promise.resolve([...msg.modalities]),
      });
    const startedAt = this.clock.now();
    let ttftAt: number | null = null;
    const generation: RunningGeneration = {
      end: (cancelled) => {
        if (!this.running.delete(generation)) return;
        for (const s of [text, audio, messages, functions]) s.finish();
        // As a real server: a response cancelled before its first token reports nothing.
        if (withMetrics && ttftAt !== null) this.emitMetrics(responseId ?? '', startedAt, ttftAt, cancelled);
      },
    };
    this.running.add(generation);
    if (!msg && g.toolCalls.length === 0 && g.durationMs === 0) generation.end(false);
    else
      messages.after(g.ttftMs, () => {
        ttftAt = this.clock.now();
        if (msg) {
          for (let i = 0; i < msg.text.length; i += REALTIME_TEXT_CHUNK)
            text.send(msg.text.slice(i, i + REALTIME_TEXT_CHUNK));
          if (msg.modalities.includes('audio'))
            for (let ms = 0; ms < msg.audioDurationMs; ms += REALTIME_FRAME_MS)
              audio.send(
                silenceFrame(Math.min(REALTIME_FRAME_MS, msg.audioDurationMs - ms), REALTIME_AUDIO_RATE),
              );
        }
        messages.after(g.durationMs - g.ttftMs, () => {
          text.finish();
          audio.finish();
          for (const call of g.toolCalls)
            functions.send({
              type: 'function_call',
              id: `fc_${call.callId}`,
              ...call,
              createdAt: this.clock.now(),
            });
          generation.end(false);
        });
      });
    return { messageStream: messages, functionStream: functions, userInitiated, responseId };
  }

  private emitMetrics(responseId: string, startedAt: number, ttftAt: number, cancelled: boolean): void {
    const end = this.clock.now();
    this.emit('metrics_collected', {
      type: 'realtime',
      speechId: null,
      requestId: responseId,
      timestamp: end,
      ttftMs: ttftAt - startedAt,
      durationMs: end - startedAt,
      cancelled,
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      label: this.scriptedModel.label,
    });
  }
}

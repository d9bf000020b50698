/**
 * The scenario files' fake realtime model (docs/scenario-format.md §11), on the session clock.
 * It follows the format to the letter so that a scenario pins the seed's realtime branch:
 * sessions numbered from 1, a model conversation that only updateChatCtx replaces, generations
 * timed at G / G+ttftMs / G+durationMs, generate_reply answered by key with the reuse rule,
 * server events pushed by the script to the last open session, and a record of every call with
 * its clock time and session number. ScriptedRealtimeModel (realtime.ts) is the engine unit
 * tests' looser fake (metrics, interrupt cancels); this one never reports metrics and never
 * changes a generation on interrupt.
 */
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import type { Clock } from '../../base/clock';
import { TaskOwner, isCancelled } from '../../base/tasks';
import { ChatContext, type ChatItem, type FunctionCallItem } from '../../llm/chat-context';
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

/** §11.3: 3-character text chunks; 24 kHz mono silence in 10 ms frames. */
export const REALTIME_TEXT_CHUNK = 3;
export const REALTIME_AUDIO_RATE = 24_000;
export const REALTIME_FRAME_MS = 10;
export const TIMED_REALTIME_LABEL = 'fake.realtime.RealtimeModel';

export interface TimedRealtimeMessage {
  messageId: string;
  text: string;
  audioDurationMs: number;
  modalities: RealtimeModality[];
}

/** One generation of §11.3, every default already applied. */
export interface TimedGeneration {
  message: TimedRealtimeMessage | null;
  toolCalls: { callId: string; name: string; arguments: string }[];
  ttftMs: number;
  durationMs: number;
}

/** §11.4: a generation answering the generate_reply calls with this key. */
export interface TimedRealtimeReply extends TimedGeneration {
  key: string;
}

/** §11.5: one server event. */
export type TimedRealtimeEvent =
  | { kind: 'inputSpeechStarted' }
  | { kind: 'inputSpeechStopped' }
  | { kind: 'inputTranscription'; itemId: string; transcript: string; isFinal: boolean }
  | { kind: 'generation'; generation: TimedGeneration; userInitiated: boolean }
  | { kind: 'error'; message: string; recoverable: boolean };

/** §11.6: one call the engine made on a fake session. */
export interface RealtimeCallRecord {
  method: string;
  /** Session number, from 1 in creation order. */
  session: number;
  /** Clock time of the call. */
  t: number;
  fields: Record<string, unknown>;
}

export interface TimedRealtimeInit {
  clock: Clock;
  /** Every flag defaults to true (§11.1). */
  capabilities?: Partial<RealtimeCapabilities>;
  replies?: readonly TimedRealtimeReply[];
  label?: string;
}

const ALL_CAPABILITIES: RealtimeCapabilities = {
  turnDetection: true,
  userTranscription: true,
  messageTruncation: true,
  autoToolReplyGeneration: true,
  audioOutput: true,
  manualFunctionCalls: true,
};

export class TimedRealtimeModel extends RealtimeModel {
  readonly sessions: TimedRealtimeSession[] = [];
  /** Every call on every session, in call order. */
  readonly calls: RealtimeCallRecord[] = [];
  private readonly replies: readonly TimedRealtimeReply[];
  private readonly used = new Set<number>();
  private readonly labelValue: string;

  constructor(private readonly init: TimedRealtimeInit) {
    super({ ...ALL_CAPABILITIES, ...(init.capabilities ?? {}) });
    this.replies = init.replies ?? [];
    this.labelValue = init.label ?? TIMED_REALTIME_LABEL;
  }

  get label(): string {
    return this.labelValue;
  }

  session(): TimedRealtimeSession {
    const s = new TimedRealtimeSession(this, this.init.clock, this.sessions.length + 1);
    this.sessions.push(s);
    return s;
  }

  /** §11.2: script events go to the session created last if it is open; else they are dropped. */
  deliver(event: TimedRealtimeEvent): boolean {
    const s = this.sessions.at(-1);
    if (!s || s.closed) return false;
    s.serverEvent(event);
    return true;
  }

  /** §11.4: the first unused reply with this key; once all are used, the last again; else none. */
  replyFor(key: string): TimedGeneration | null {
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

  /** Names of the generations still running on any session. */
  pendingWork(): string[] {
    return this.sessions.flatMap((s) => s.pendingWork());
  }

  async close(): Promise<void> {
    for (const s of this.sessions) await s.close();
  }
}

const EMPTY_GENERATION: TimedGeneration = { message: null, toolCalls: [], ttftMs: 0, durationMs: 0 };

export class TimedRealtimeSession extends RealtimeSession {
  closed = false;
  private conversation = new ChatContext();
  private toolCtx = new ToolContext([]);
  private readonly owner = new TaskOwner();

  constructor(
    readonly timedModel: TimedRealtimeModel,
    private readonly clock: Clock,
    /** 1-based, in creation order. */
    readonly number: number,
  ) {
    super(timedModel);
  }

  /** §11.2: the model's conversation, as the last updateChatCtx left it. */
  get chatCtx(): ChatContext {
    return this.conversation.copy();
  }

  get tools(): ToolContext {
    return this.toolCtx.copy();
  }

  pendingWork(): string[] {
    return this.owner.names();
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
    if (this.closed) return Promise.reject(new Error(`fake realtime session ${this.number} is closed`));
    const generation = this.timedModel.replyFor(key) ?? EMPTY_GENERATION;
    return Promise.resolve(this.startGeneration(generation, true));
  }

  commitAudio(): void {
    this.record('commitAudio');
  }

  clearAudio(): void {
    this.record('clearAudio');
  }

  interrupt(): void {
    this.record('interrupt'); // a generation is not changed (§11.3)
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
    await this.owner.close(this.clock, 1000);
    this.removeAllListeners();
  }

  /** Emits one script event (§11.5) now. */
  serverEvent(event: TimedRealtimeEvent): void {
    const caps = this.timedModel.capabilities;
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
          label: this.timedModel.label,
          error: new Error(event.message),
          recoverable: event.recoverable,
        });
        return;
    }
  }

  private record(method: string, fields: Record<string, unknown> = {}): void {
    this.timedModel.record(this.number, method, fields);
  }

  /** §11.4 rule 2: the last conversation item's text (user message) or output (tool output). */
  private conversationKey(): string {
    const last: ChatItem | undefined = this.conversation.items.at(-1);
    if (last?.type === 'message' && last.role === 'user') return last.content;
    if (last?.type === 'function_call_output') return last.output;
    return '';
  }

  /** §11.3: a generation created now; its streams run on the clock whether or not anyone reads. */
  private startGeneration(g: TimedGeneration, userInitiated: boolean): GenerationCreatedEvent {
    const messageCh = new Channel<MessageGeneration>();
    const textCh = new Channel<string>();
    const audioCh = new Channel<AudioFrame>();
    const functionCh = new Channel<FunctionCallItem>();
    const msg = g.message;
    if (msg)
      messageCh.send({
        messageId: msg.messageId,
        textStream: textCh,
        audioStream: audioCh,
        modalities: Promise.resolve([...msg.modalities]),
      });
    const closeAll = () => {
      textCh.close();
      audioCh.close();
      messageCh.close();
      functionCh.close();
    };
    if (!msg && g.toolCalls.length === 0 && g.durationMs === 0) closeAll();
    else
      this.owner.spawn('timed_realtime.generation', async (signal) => {
        try {
          await this.clock.sleep(g.ttftMs, signal);
          if (msg) {
            for (let i = 0; i < msg.text.length; i += REALTIME_TEXT_CHUNK)
              textCh.trySend(msg.text.slice(i, i + REALTIME_TEXT_CHUNK));
            if (msg.modalities.includes('audio'))
              for (let ms = 0; ms < msg.audioDurationMs; ms += REALTIME_FRAME_MS)
                audioCh.trySend(
                  silenceFrame(Math.min(REALTIME_FRAME_MS, msg.audioDurationMs - ms), REALTIME_AUDIO_RATE),
                );
          }
          await this.clock.sleep(g.durationMs - g.ttftMs, signal);
          for (const call of g.toolCalls)
            functionCh.trySend({
              type: 'function_call',
              id: `fc_${call.callId}`,
              ...call,
              createdAt: this.clock.now(),
            });
        } catch (err) {
          if (!isCancelled(err)) throw err;
        } finally {
          closeAll();
        }
      });
    return { messageStream: messageCh, functionStream: functionCh, userInitiated, responseId: null };
  }
}

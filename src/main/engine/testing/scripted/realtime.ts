/**
 * A scripted realtime model on the session clock, for tests of the activity's realtime branch.
 * Responses are looked up by key — the `instructions` of generateReply, else the text of the
 * last user message in the model's conversation — and stream like the scenario LLM: text in
 * 3-character chunks and the audio at `ttftMs`, tool calls and the end at `durationMs`.
 * `simulateUserTurn` plays the server side of a spoken turn (server VAD, transcription, and a
 * server-initiated generation when the model does turn detection). Every call is recorded.
 */
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import type { Clock } from '../../base/clock';
import { TaskOwner, isCancelled } from '../../base/tasks';
import { ChatContext, shortId, type FunctionCallItem } from '../../llm/chat-context';
import type { FunctionToolCall, ToolChoice } from '../../llm/llm';
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

export interface ScriptedRealtimeResponse {
  text?: string;
  /** Audio (silence, 24 kHz mono, 10 ms frames) pushed at ttft; only with the audioOutput capability. */
  audioDurationMs?: number;
  toolCalls?: FunctionToolCall[];
  ttftMs?: number;
  durationMs?: number;
}

export interface ScriptedRealtimeInit {
  clock: Clock;
  capabilities?: Partial<RealtimeCapabilities>;
  responses?: Record<string, ScriptedRealtimeResponse>;
  label?: string;
}

export const SCRIPTED_REALTIME_CAPABILITIES: Readonly<RealtimeCapabilities> = Object.freeze({
  messageTruncation: true,
  turnDetection: true,
  userTranscription: true,
  autoToolReplyGeneration: false,
  audioOutput: true,
  manualFunctionCalls: true,
});

export class ScriptedRealtimeModel extends RealtimeModel {
  readonly sessions: ScriptedRealtimeSession[] = [];
  readonly responses: Record<string, ScriptedRealtimeResponse>;
  private readonly labelValue: string;

  constructor(readonly init: ScriptedRealtimeInit) {
    super({ ...SCRIPTED_REALTIME_CAPABILITIES, ...(init.capabilities ?? {}) });
    this.responses = { ...(init.responses ?? {}) };
    this.labelValue = init.label ?? 'fake.RealtimeModel';
  }

  get label(): string {
    return this.labelValue;
  }

  session(): ScriptedRealtimeSession {
    const s = new ScriptedRealtimeSession(this, this.init.clock);
    this.sessions.push(s);
    return s;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) await s.close();
  }
}

/** One recorded method call. */
export interface ScriptedRealtimeCall {
  method: string;
  args: unknown;
}

interface RunningGeneration {
  cancel(): void;
}

export class ScriptedRealtimeSession extends RealtimeSession {
  readonly calls: ScriptedRealtimeCall[] = [];
  readonly pushedAudio: AudioFrame[] = [];
  instructions = '';
  toolChoice: ToolChoice | null = null;
  closed = false;
  private chatCtxValue = new ChatContext();
  private toolCtxValue = new ToolContext([]);
  private readonly owner = new TaskOwner();
  private current: RunningGeneration | null = null;

  constructor(
    readonly fakeModel: ScriptedRealtimeModel,
    private readonly clock: Clock,
  ) {
    super(fakeModel);
  }

  get chatCtx(): ChatContext {
    return this.chatCtxValue.copy();
  }

  get tools(): ToolContext {
    return this.toolCtxValue.copy();
  }

  /** Names of the tasks still running (generations, simulated turns); empty after close. */
  pendingWork(): string[] {
    return this.owner.names();
  }

  async updateInstructions(instructions: string): Promise<void> {
    this.record('updateInstructions', instructions);
    this.instructions = instructions;
  }

  async updateChatCtx(chatCtx: ChatContext): Promise<void> {
    this.record('updateChatCtx', chatCtx.toData());
    this.chatCtxValue = chatCtx.copy();
  }

  async updateTools(tools: Tool[]): Promise<void> {
    this.record(
      'updateTools',
      tools.map((t) => t.name),
    );
    this.toolCtxValue = new ToolContext(tools);
  }

  updateOptions(opts: { toolChoice?: ToolChoice | null }): void {
    this.record('updateOptions', opts);
    if (opts.toolChoice !== undefined) this.toolChoice = opts.toolChoice;
  }

  pushAudio(frame: AudioFrame): void {
    this.pushedAudio.push(frame);
  }

  generateReply(opts: { instructions?: string } = {}): Promise<GenerationCreatedEvent> {
    this.record('generateReply', opts);
    if (this.closed) return Promise.reject(new Error('realtime session closed'));
    const ev = this.startGeneration(opts.instructions ?? this.lastUserText(), true);
    return Promise.resolve(ev);
  }

  commitAudio(): void {
    this.record('commitAudio', null);
  }

  clearAudio(): void {
    this.record('clearAudio', null);
  }

  interrupt(): void {
    this.record('interrupt', null);
    this.current?.cancel();
  }

  truncate(opts: TruncateOptions): void {
    this.record('truncate', opts);
    const item = this.chatCtxValue.getById(opts.messageId);
    if (item?.type === 'message' && opts.audioTranscript !== undefined) {
      item.content = opts.audioTranscript;
      item.interrupted = true;
    }
  }

  override startUserActivity(): void {
    this.record('startUserActivity', null);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.record('close', null);
    this.closed = true;
    this.current?.cancel();
    await this.owner.close(this.clock, 1000);
    this.removeAllListeners();
  }

  /**
   * Plays the server side of a spoken user turn: speech started now, stopped after `speechMs`,
   * then the transcript (with userTranscription) and, with turnDetection, a server-initiated
   * generation keyed by the transcript.
   */
  simulateUserTurn(args: { transcript: string; speechMs?: number; transcriptionDelayMs?: number }): void {
    const caps = this.fakeModel.capabilities;
    this.owner.spawn('fake_realtime.user_turn', async (signal) => {
      if (caps.turnDetection) this.emit('input_speech_started', {});
      await this.clock.sleep(args.speechMs ?? 1000, signal);
      if (caps.turnDetection)
        this.emit('input_speech_stopped', { userTranscriptionEnabled: caps.userTranscription });
      await this.clock.sleep(args.transcriptionDelayMs ?? 0, signal);
      const itemId = shortId('item');
      this.chatCtxValue.addMessage({
        role: 'user',
        content: args.transcript,
        createdAt: this.clock.now(),
        id: itemId,
      });
      if (caps.userTranscription) {
        this.emit('input_audio_transcription_completed', {
          itemId,
          transcript: args.transcript,
          isFinal: true,
        });
      }
      if (caps.turnDetection) this.startGeneration(args.transcript, false);
    });
  }

  private record(method: string, args: unknown): void {
    this.calls.push({ method, args });
  }

  private lastUserText(): string {
    const msgs = this.chatCtxValue.messages().filter((m) => m.role === 'user');
    return msgs.at(-1)?.content ?? '';
  }

  /** Starts a generation, emits generation_created and returns it; replaces any running one. */
  private startGeneration(key: string, userInitiated: boolean): GenerationCreatedEvent {
    this.current?.cancel();
    const script = this.fakeModel.responses[key] ?? {};
    const audio = this.fakeModel.capabilities.audioOutput;
    const responseId = shortId('resp');
    const messageCh = new Channel<MessageGeneration>();
    const textCh = new Channel<string>();
    const audioCh = new Channel<AudioFrame>();
    const functionCh = new Channel<FunctionCallItem>();
    const messageId = shortId('item');
    const modalities: RealtimeModality[] = audio ? ['text', 'audio'] : ['text'];
    messageCh.send({
      messageId,
      textStream: textCh,
      audioStream: audioCh,
      modalities: Promise.resolve(modalities),
    });
    messageCh.close();
    const ev: GenerationCreatedEvent = {
      messageStream: messageCh,
      functionStream: functionCh,
      userInitiated,
      responseId,
    };

    const startedAt = this.clock.now();
    let ttftAt: number | null = null;
    const running: RunningGeneration = { cancel: () => undefined };
    const task = this.owner.spawn('fake_realtime.generation', async (signal) => {
      let cancelled = false;
      try {
        const ttft = script.ttftMs ?? 100;
        await this.clock.sleep(ttft, signal);
        ttftAt = this.clock.now();
        const text = script.text ?? '';
        for (let i = 0; i < text.length; i += 3) textCh.trySend(text.slice(i, i + 3));
        if (audio)
          for (let ms = 0; ms < (script.audioDurationMs ?? 0); ms += 10)
            audioCh.trySend(silenceFrame(10, 24000));
        await this.clock.sleep(Math.max(0, (script.durationMs ?? 300) - ttft), signal);
        textCh.close();
        audioCh.close();
        for (const call of script.toolCalls ?? []) {
          const item: FunctionCallItem = {
            type: 'function_call',
            id: shortId('item'),
            ...call,
            createdAt: this.clock.now(),
          };
          this.chatCtxValue.insert(item);
          functionCh.trySend(item);
        }
        if (text)
          this.chatCtxValue.addMessage({
            role: 'assistant',
            content: text,
            id: messageId,
            createdAt: this.clock.now(),
          });
      } catch (err) {
        if (!isCancelled(err)) throw err;
        cancelled = true;
      } finally {
        textCh.close();
        audioCh.close();
        functionCh.close();
        if (this.current === running) this.current = null;
        const end = this.clock.now();
        // As a real server: a response cancelled before its first token reports nothing.
        if (ttftAt !== null) {
          this.emit('metrics_collected', {
            type: 'realtime',
            speechId: null,
            requestId: responseId,
            timestamp: end,
            ttftMs: (ttftAt ?? end) - startedAt,
            durationMs: end - startedAt,
            cancelled,
            inputTokens: 0,
            outputTokens: 0,
            totalTokens: 0,
            label: this.fakeModel.label,
          });
        }
      }
    });
    running.cancel = () => task.cancel('realtime generation interrupted');
    this.current = running;
    this.emit('generation_created', ev);
    return ev;
  }
}

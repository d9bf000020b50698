/**
 * The AgentSession (upstream voice/agent_session.py, as far as the activity needs it): owns the
 * options, the providers, the I/O, the agent and user states, the conversation history and the
 * event stream, and runs one AgentActivity at a time, handing over between agents. Everything
 * it starts (tasks, timers, listeners) ends with `close`; `pendingWork()` proves it.
 */
import type { SessionOptions } from '../../../shared/config';
import type { AgentState, UserState } from '../../../shared/engine-events';
import type { AudioFrame } from '../audio/frame';
import type { Clock } from '../base/clock';
import { TaskOwner, type Task } from '../base/tasks';
import { EventBus, type EngineEvent, type EngineEventInput, type EventSink } from '../event-bus';
import { ChatContext, shortId, type ChatItem, type ChatMessage } from '../llm/chat-context';
import type { LLM, ToolChoice } from '../llm/llm';
import type { MCPServerLike } from '../llm/mcp';
import type { FunctionTool } from '../llm/tool-context';
import type { RealtimeModel } from '../llm/realtime';
import type { STT } from '../stt/stt';
import type { TTS } from '../tts/tts';
import type { VAD } from '../vad/vad';
import type { AgentActivity } from './activity/activity';
import {
  updateActivity,
  type ActivitySlots,
  type HandoffHost,
  type HandoffOptions,
} from './activity/handoff';
import { untilAborted } from '../base/async-iter';
import { errorText } from '../base/errors';
import { eventLogger, type Logger } from '../base/logger';
import { Mutex } from '../base/mutex';
import {
  parseSessionOptions,
  ProviderErrorPolicy,
  UserAwayTimer,
  wireOutputs,
  type WiredOutputs,
} from './session-support';
import type { Agent, SessionView, TurnDetectionSetting } from './agent';
import type { AgentSessionInit, CloseReason, SessionStartArgs } from './agent-session-init';
import type { EndOfTurnModel } from './end-of-turn';
import type { AudioInput, AudioOutput, TextOutput } from './io';
import type { SpeechHandle } from './speech-handle';

export type { AgentSessionInit, CloseReason, SessionStartArgs } from './agent-session-init';

export class AgentSession implements SessionView {
  readonly clock: Clock;
  readonly vad: VAD | null;
  readonly stt: STT | null;
  readonly llm: LLM | RealtimeModel | null;
  readonly tts: TTS | null;
  readonly turnDetector: EndOfTurnModel | null;
  readonly tools: readonly FunctionTool[];
  readonly mcpServers: readonly MCPServerLike[];
  /** Engine-internal: where the activity emits (stamped by the bus, watched for provider errors). */
  readonly eventSink: EventSink;
  /** Engine-internal: true from the start of close until the next start. */
  closing = false;

  private readonly bus: EventBus;
  /** The injected logger, or warnings as events (engine/base/logger.ts). */
  readonly logger: Logger;
  private opts: SessionOptions;
  private readonly owner: TaskOwner;
  private readonly lock = new Mutex();
  private readonly activityLock = new Mutex();
  private agentValue: Agent | null = null;
  private readonly slots: ActivitySlots = { current: null, next: null };
  private readonly handoffHost: HandoffHost;
  private agentStateValue: AgentState = 'initializing';
  private userStateValue: UserState = 'listening';
  private readonly chatCtxValue = ChatContext.empty();
  private started = false;
  private updateActivityTask: Task | null = null;
  private closingTask: Task | null = null;
  private forwardAudioTask: Task | null = null;
  private readonly userAway: UserAwayTimer;
  private readonly errorPolicy = new ProviderErrorPolicy();
  private audioInput: AudioInput | null = null;
  private outputs: WiredOutputs | null = null;
  private playbackSpeechId: string | null = null;

  /** Engine-internal switches (upstream `output.audio_enabled` …). */
  outputAudioEnabled = true;
  outputTranscriptionEnabled = true;
  inputAudioEnabled = true;

  constructor(init: AgentSessionInit) {
    this.clock = init.clock;
    this.opts = parseSessionOptions(init.options ?? {});
    this.vad = init.vad ?? null;
    this.stt = init.stt ?? null;
    this.llm = init.llm ?? null;
    this.tts = init.tts ?? null;
    this.turnDetector = init.turnDetector ?? null;
    this.tools = [...(init.tools ?? [])];
    this.mcpServers = [...(init.mcpServers ?? [])];
    this.bus = init.events ?? new EventBus(this.clock, init.logger);
    this.logger = init.logger ?? eventLogger(this.bus);
    const bus = this.bus;
    this.eventSink = {
      emit: (ev) => {
        if (ev.type === 'error') this.onErrorEvent(ev);
        else this.bus.emit(ev);
      },
      get hasListeners() {
        return bus.hasListeners;
      },
    };
    this.handoffHost = {
      session: this,
      slots: this.slots,
      lock: this.activityLock,
      clock: this.clock,
      events: this.bus,
      history: this.chatCtxValue,
      setAgent: (agent) => (this.agentValue = agent),
    };
    this.userAway = new UserAwayTimer(this.clock, () => this.updateUserState('away'));
    this.owner = new TaskOwner((name, err) =>
      this.eventSink.emit({
        type: 'error',
        source: `session.${name}`,
        message: errorText(err),
        recoverable: true,
      }),
    );
  }

  // -- state --

  get options(): SessionOptions {
    return this.opts;
  }
  get currentAgent(): Agent {
    if (!this.agentValue) throw new Error('AgentSession is not running');
    return this.agentValue;
  }
  get history(): ChatContext {
    return this.chatCtxValue;
  }
  get agentState(): AgentState {
    return this.agentStateValue;
  }
  get userState(): UserState {
    return this.userStateValue;
  }
  get currentSpeech(): SpeechHandle | null {
    return this.activity?.currentSpeech ?? null;
  }
  /** The session-level turn detection: the option, else the end-of-turn model, else automatic. */
  get turnDetection(): TurnDetectionSetting | null {
    return this.opts.turnDetection ?? this.turnDetector ?? null;
  }
  /** Engine-internal: the running activity (tests and the studio inspect the queue through it). */
  get currentActivity(): AgentActivity | null {
    return this.slots.current;
  }

  private get activity(): AgentActivity | null {
    return this.slots.current;
  }
  /** Engine-internal: where replies go (the synchronizer's outputs when it is installed). */
  get outputAudio(): AudioOutput | null {
    return this.outputs?.audio ?? null;
  }
  get outputTranscription(): TextOutput | null {
    return this.outputs?.text ?? null;
  }

  onEvent(fn: (ev: EngineEvent) => void): () => void {
    return this.bus.subscribe(fn);
  }

  // -- lifecycle --

  async start(args: SessionStartArgs): Promise<void> {
    await this.lock.run(async () => {
      if (this.started) return;
      this.closing = false;
      this.agentValue = args.agent;
      this.audioInput = args.audioInput ?? null;
      this.outputs = wireOutputs({
        clock: this.clock,
        events: this.bus,
        audio: args.audioOutput ?? null,
        text: args.textOutput ?? null,
        syncTranscription: args.syncTranscription ?? true,
        speechId: () => this.playbackSpeechId,
      });
      if (this.opts.resumeFalseInterruption && this.outputAudio && !this.outputAudio.canPause) {
        this.emitWarning(
          'resumeFalseInterruption is enabled but the audio output cannot pause; it will be ignored',
        );
      }
      await this.updateActivity(args.agent, { waitOnEnter: false });
      const input = this.audioInput;
      if (input) {
        this.forwardAudioTask = this.owner.spawn('forward_audio', async (signal) => {
          for await (const frame of untilAborted<AudioFrame>(input, signal)) this.activity?.pushAudio(frame);
        });
      }
      this.started = true;
      this.updateAgentState('listening');
    });
  }

  /** Lets every queued speech finish and runs onExit; the session stays open. */
  async drain(): Promise<void> {
    if (!this.activity) throw new Error("AgentSession isn't running");
    await this.activity.drain();
  }

  async close(reason: CloseReason = 'user_initiated'): Promise<void> {
    await this.closeImpl(reason, false, null);
  }

  /** Closes without blocking the caller (safe from inside a tool); `drain` lets speeches finish. */
  shutdown(opts: { drain?: boolean; reason?: CloseReason } = {}): void {
    this.closeSoon(opts.reason ?? 'user_initiated', opts.drain ?? true, null);
  }

  private closeSoon(reason: CloseReason, drain: boolean, error: string | null): void {
    if (this.closingTask) return;
    this.closingTask = this.owner.spawn('close', () => this.closeImpl(reason, drain, error));
    const clear = (): void => {
      this.closingTask = null;
    };
    void this.closingTask.promise.then(clear, clear); // failures are reported by the owner
  }

  private async closeImpl(reason: CloseReason, drain: boolean, error: string | null): Promise<void> {
    await this.lock.run(async () => {
      if (!this.started) return;
      this.closing = true;
      this.userAway.cancel();
      const activity = this.activity;
      if (activity) {
        if (!drain) {
          try {
            await activity.interrupt({ force: true, cause: 'close' });
          } catch {
            // an uninterruptible speech: it finishes below
          }
        }
        await activity.drain();
        const current = activity.currentSpeech;
        if (current) await current.waitForPlayout().catch(() => undefined); // a tool closing its own speech
        await this.detachIo();
        if (reason !== 'error' && activity.audioRecognition) {
          // the user's last words still reach the history (straight to recognition: no reply)
          activity.audioRecognition.commitUserTurn({ audioDetached: true, transcriptTimeoutMs: 2000 });
        }
        await activity.close();
        this.slots.current = null;
      }
      if (this.forwardAudioTask) {
        this.forwardAudioTask.cancel('session closed');
        await this.forwardAudioTask.promise.catch(() => undefined); // cancelled on purpose
        this.forwardAudioTask = null;
      }
      await this.detachIo();
      this.started = false;
      this.bus.emit({ type: 'close', reason, error });
      this.userAway.cancel();
      this.userStateValue = 'listening';
      this.agentStateValue = 'initializing';
      this.errorPolicy.reset();
    });
    if (this.updateActivityTask) await this.updateActivityTask.promise.catch(() => undefined); // reported by the owner
  }

  private async detachIo(): Promise<void> {
    const outputs = this.outputs;
    this.outputs = null;
    this.audioInput = null;
    await outputs?.dispose();
  }

  /** Everything of the session still alive: tasks, timers, listeners. Empty after close. */
  pendingWork(): string[] {
    const out = this.owner.names().map((n) => `session:${n}`);
    if (this.userAway.pending) out.push('session:user_away_timer');
    if (this.outputs) out.push(...this.outputs.pendingWork().map((n) => `session:${n}`));
    if (this.activity) out.push(...this.activity.pendingWork());
    if (this.slots.next) out.push(...this.slots.next.pendingWork());
    return out;
  }

  // -- actions --

  private activeActivity(what: string): AgentActivity {
    if (!this.activity) throw new Error("AgentSession isn't running");
    const act = this.activity.schedulingPaused ? this.slots.next : this.activity;
    if (!act) throw new Error(`AgentSession is closing, cannot use ${what}`);
    return act;
  }

  say(
    text: string | AsyncIterable<string>,
    opts: {
      audio?: AsyncIterable<AudioFrame>;
      allowInterruptions?: boolean;
      addToChatCtx?: boolean;
      /** Queue priority, SPEECH_PRIORITY_* (default NORMAL); the seed's public say() has none. */
      priority?: number;
    } = {},
  ): SpeechHandle {
    return this.activeActivity('say()').say(text, opts);
  }

  generateReply(
    opts: {
      userInput?: string;
      instructions?: string;
      toolChoice?: ToolChoice;
      allowInterruptions?: boolean;
      chatCtx?: ChatContext;
      inputModality?: 'text' | 'audio';
      /** Queue priority, SPEECH_PRIORITY_* (default NORMAL); the seed's public generate_reply() has none. */
      priority?: number;
    } = {},
  ): SpeechHandle {
    const act = this.activeActivity('generateReply()');
    const userMessage: ChatMessage | null = opts.userInput
      ? {
          type: 'message',
          id: shortId('item'),
          role: 'user',
          content: opts.userInput,
          interrupted: false,
          createdAt: this.clock.now(),
        }
      : null;
    return act.generateReply({
      userMessage,
      instructions: opts.instructions,
      toolChoice: opts.toolChoice,
      allowInterruptions: opts.allowInterruptions,
      chatCtx: opts.chatCtx ?? null,
      inputModality: opts.inputModality ?? 'text',
      priority: opts.priority,
    });
  }

  /** Interrupts current and queued speech; rejects when one cannot be interrupted and `force` is off. */
  async interrupt(opts: { force?: boolean } = {}): Promise<void> {
    if (!this.activity) throw new Error("AgentSession isn't running");
    await this.activity.interrupt(opts);
  }

  commitUserTurn(opts: { transcriptTimeoutMs?: number; sttFlushDurationMs?: number } = {}): void {
    if (!this.activity) throw new Error("AgentSession isn't running");
    this.activity.commitUserTurn({
      transcriptTimeoutMs: opts.transcriptTimeoutMs ?? 2000,
      sttFlushDurationMs: opts.sttFlushDurationMs ?? 2000,
    });
  }

  clearUserTurn(): void {
    if (!this.activity) throw new Error("AgentSession isn't running");
    this.activity.clearUserTurn();
  }

  /** Hot update of session options; the endpointing and turn detection ones reach recognition. */
  updateOptions(patch: Partial<SessionOptions> & { toolChoice?: ToolChoice | null }): void {
    const { toolChoice, ...rest } = patch;
    const next = parseSessionOptions({ ...this.opts, ...rest });
    const changed = (Object.keys(rest) as (keyof SessionOptions)[]).filter(
      (k) => JSON.stringify(next[k]) !== JSON.stringify(this.opts[k]),
    );
    this.opts = next;
    for (const k of changed) this.bus.emit({ type: 'config_updated', field: k, value: next[k] });
    if (toolChoice !== undefined)
      this.bus.emit({ type: 'config_updated', field: 'toolChoice', value: toolChoice });
    this.activity?.updateOptions({
      toolChoice,
      minEndpointingDelayMs: 'minEndpointingDelayMs' in rest ? next.minEndpointingDelayMs : undefined,
      maxEndpointingDelayMs: 'maxEndpointingDelayMs' in rest ? next.maxEndpointingDelayMs : undefined,
      turnDetection: 'turnDetection' in rest ? (next.turnDetection ?? this.turnDetector ?? null) : undefined,
    });
  }

  /** Hands the conversation to another agent (after the current activity drained). */
  updateAgent(agent: Agent): void {
    this.agentValue = agent;
    if (!this.started) return;
    const old = this.updateActivityTask;
    const task = this.owner.spawn('update_activity', async () => {
      if (old) await old.promise.catch(() => undefined); // reported by the owner
      await this.updateActivity(agent);
    });
    this.updateActivityTask = task;
    const clear = (): void => {
      if (this.updateActivityTask === task) this.updateActivityTask = null;
    };
    void task.promise.then(clear, clear); // failures are reported by the owner
  }

  private updateActivity(agent: Agent, opts: HandoffOptions = {}): Promise<void> {
    return updateActivity(this.handoffHost, agent, opts);
  }

  // -- engine-internal: called by the activity --

  setPlaybackSpeech(speechId: string | null): void {
    this.playbackSpeechId = speechId;
  }

  updateAgentState(state: AgentState): void {
    if (this.agentStateValue === state) return;
    if (state === 'speaking') this.errorPolicy.reset();
    if (state === 'listening' && this.userStateValue === 'listening')
      this.userAway.set(this.opts.userAwayTimeoutMs);
    else this.userAway.cancel();
    const oldState = this.agentStateValue;
    this.agentStateValue = state;
    this.bus.emit({ type: 'agent_state_changed', oldState, newState: state });
  }

  /** `lastSpeakingTime`: the back-dated start (speaking) or end (listening) of the user's speech. */
  updateUserState(state: UserState, opts: { lastSpeakingTime?: number } = {}): void {
    if (this.userStateValue === state) return;
    if (state === 'listening' && this.agentStateValue === 'listening')
      this.userAway.set(this.opts.userAwayTimeoutMs);
    else this.userAway.cancel();
    const oldState = this.userStateValue;
    this.userStateValue = state;
    const at = opts.lastSpeakingTime;
    const backDated =
      at === undefined
        ? {}
        : state === 'speaking'
          ? { speechStartedAt: at }
          : state === 'listening'
            ? { speechEndedAt: at }
            : {};
    this.bus.emit({ type: 'user_state_changed', oldState, newState: state, ...backDated });
  }

  userInputTranscribed(ev: {
    transcript: string;
    isFinal: boolean;
    language: string | null;
    speakerId: string | null;
  }): void {
    // a final transcript proves the user is there, even if the VAD missed them
    if (this.userStateValue === 'away' && ev.isFinal) this.updateUserState('listening');
    this.bus.emit({ type: 'user_input_transcribed', ...ev });
  }

  conversationItemAdded(msg: ChatMessage): void {
    this.chatCtxValue.insert(msg);
    // The event's copy of the message is taken only for a listener (with none, the event reaches
    // no one, and the clone was ~2 % of our CPU per turn, issue 13.2).
    this.bus.emit({
      type: 'conversation_item_added',
      item: this.bus.hasListeners ? structuredClone(msg) : msg,
    });
  }

  toolItemsAdded(items: ChatItem[]): void {
    this.chatCtxValue.insert(items);
  }

  // -- internals --

  private emitWarning(message: string): void {
    this.bus.emit({ type: 'warning', source: 'agent_session', message });
  }

  /**
   * Provider failures may close the session (see ProviderErrorPolicy). The event goes out saying
   * what happens next: `recoverable` is true when the session goes on after it (the emitter's
   * `false` only asks the policy to count it), false when it closes the session or the session
   * is closing anyway.
   */
  private onErrorEvent(ev: Extract<EngineEventInput, { type: 'error' }>): void {
    if (!this.started) {
      this.bus.emit(ev);
      return;
    }
    if (this.closingTask || this.closing) {
      this.bus.emit({ ...ev, recoverable: false });
      return;
    }
    const closes = this.errorPolicy.shouldClose(ev);
    this.bus.emit({ ...ev, recoverable: !closes });
    if (closes) this.closeSoon('error', false, ev.message);
  }
}

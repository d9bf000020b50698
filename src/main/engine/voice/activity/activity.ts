/**
 * The AgentActivity coordinator (the seed's AgentActivity): one running agent inside a session.
 * It owns the activity's tasks, lock and state and wires the concerns that live in sibling
 * modules: scheduling.ts (speech queue), interruption.ts (barge-in, false interruptions),
 * user-turn.ts (recognition hooks, preemptive generation), replies.ts / pipeline-reply.ts /
 * tts-reply.ts / tool-step.ts (say, generate_reply, tools), config.ts (hot updates).
 * Not public API: the session creates and drives it.
 */
import type { AudioFrame } from '../../audio/frame';
import { TaskOwner, type Task } from '../../base/tasks';
import type { EventSink } from '../../event-bus';
import type { ChatContext } from '../../llm/chat-context';
import type { LLM, ToolChoice } from '../../llm/llm';
import type { MCPServerLike } from '../../llm/mcp';
import type { RealtimeModel, RealtimeSession } from '../../llm/realtime';
import { getFncToolNames, type FunctionTool } from '../../llm/tool-context';
import type { STT } from '../../stt/stt';
import type { TTS } from '../../tts/tts';
import type { VAD } from '../../vad/vad';
import type { ActivityView, Agent, SessionView } from '../agent';
import type { AudioRecognition } from '../audio-recognition';
import type { EndOfTurnInfo, PreemptiveGenerationInfo, TurnDetectionMode } from '../recognition-hooks';
import { speechTaskContext, type SpeechHandle } from '../speech-handle';
import type { SpeechEvent } from '../../stt/stt';
import type { VADEvent } from '../../vad/vad';
import type { GenerationEnv } from '../generation/types';
import { errorText } from '../../base/errors';
import type { ActivityParts } from './activity-parts';
import { applyOptionsUpdate, updateChatCtx, updateInstructions, updateTools } from './hot-updates';
import { interrupt, interruptBackgroundSpeeches } from './interruption';
import { InterruptionController } from './interruption-controller';
import { Mutex } from '../../base/mutex';
import { RealtimeBinding } from './realtime-binding';
import { isRealtimeModel } from '../../llm/realtime';
import { attributingSink } from './metrics-attribution';
import { runUnderOnEnter } from './on-enter-context';
import { closeActivitySession, startActivitySession } from './session-lifecycle';
import { generateReply, say, type GenerateReplyOptions, type SayOptions } from './replies';
import { SpeechScheduler, type SpeechTaskOptions } from './scheduling';
import { SpeechTracer } from './speech-trace';
import { ToolsState } from './tools-state';
import { validateTurnDetection } from './turn-detection';
import { UserTurnController } from './user-turn';
import { keepUserMessageWhileClosing, userTurnCompleted } from './user-turn-completed';

/** How long close waits for leftover tasks before giving up on them. */
const CLOSE_TIMEOUT_MS = 5000;

export class AgentActivity implements ActivityParts, ActivityView {
  readonly agent: Agent;
  readonly session: SessionView;
  /** Every task of the activity; closing the owner is the last step of close. */
  readonly owner: TaskOwner;
  readonly lock = new Mutex();
  readonly scheduler: SpeechScheduler;
  readonly tracer: SpeechTracer;
  /** The session's sink, with LLM/TTS metrics attributed to the speech that produced them. */
  readonly events: EventSink;

  private started = false;
  private closed = false;
  private drained = false;
  /** Resolved once against the providers the activity has (the seed's `_turn_detection`). */
  readonly turnDetection: TurnDetectionMode | null;

  /** Paused speech, false-interruption timer and the user-silence gate. */
  readonly interruptions: InterruptionController;
  /** End of speech, turn completion and the preemptive reply. */
  readonly userTurns: UserTurnController;
  private enterTask: Task | null = null;
  private exitTask: Task | null = null;
  /** Speeches whose playout is over but whose tools still run. */
  readonly backgroundSpeeches = new Set<SpeechHandle>();
  private recognition: AudioRecognition | null = null;
  /** The realtime model's session and its listeners, while the activity runs with one. */
  readonly realtime = new RealtimeBinding();
  /** MCP tools and the tool choice. */
  readonly toolsState: ToolsState;

  constructor(agent: Agent, session: SessionView) {
    this.agent = agent;
    this.session = session;
    this.events = attributingSink(session.eventSink);
    this.owner = new TaskOwner((name, err) => this.reportError(name, err));
    this.tracer = new SpeechTracer(this.events);
    this.scheduler = new SpeechScheduler({
      clock: session.clock,
      owner: this.owner,
      minConsecutiveSpeechDelayMs: () => this.minConsecutiveSpeechDelayMs,
      warn: (message) => this.warn('agent_activity', message),
      onQueued: (speech, priority) => this.tracer.setPriority(speech, priority),
    });
    this.toolsState = new ToolsState({
      sessionTools: () => session.tools,
      agentTools: () => agent.toolsValue,
      mcpServers: () => this.mcpServers,
      report: {
        error: (err) => this.reportError('mcp', err),
        warn: (message) => this.warn('mcp', message),
      },
    });
    this.interruptions = new InterruptionController({
      clock: session.clock,
      owner: this.owner,
      events: this.events,
      tracer: this.tracer,
      options: () => session.options,
      outputAudio: () => session.outputAudio,
      setAgentState: (state) => session.updateAgentState(state),
      currentSpeech: () => this.currentSpeech,
      realtime: () => this.rtSession,
      serverDetectsTurns: () => {
        const model = this.llm;
        return isRealtimeModel(model) && model.capabilities.turnDetection;
      },
      pendingTranscript: () =>
        this.stt && this.audioRecognition ? this.audioRecognition.currentTranscript : null,
    });
    this.userTurns = new UserTurnController({
      clock: session.clock,
      events: this.events,
      interruptions: this.interruptions,
      tracer: this.tracer,
      options: () => session.options,
      turnDetection: () => this.turnDetection,
      inputs: () => {
        const model = this.llm;
        return {
          stt: this.stt !== null,
          recognition: this.audioRecognition !== null,
          realtimeTranscribes: isRealtimeModel(model) && model.capabilities.userTranscription,
          textLlm: model !== null && !isRealtimeModel(model),
        };
      },
      currentSpeech: () => this.currentSpeech,
      schedulingPaused: () => this.schedulingPaused,
      user: session,
      keepUserMessageWhileClosing: (msg) => keepUserMessageWhileClosing(this, msg),
      warn: (message) => this.warn('agent_activity', message),
      replyInputs: () => ({ chatCtx: agent.chatCtx.copy(), tools: this.tools, toolChoice: this.toolChoice }),
      startPreemptiveReply: (userMessage, chatCtx) =>
        generateReply(this, { userMessage, chatCtx, scheduleSpeech: false, inputModality: 'audio' }),
      spawnTurnCompletion: (info, oldTask, isCurrentTurn) =>
        this.createSpeechTask('activity.user_turn_completed', () =>
          userTurnCompleted(this, oldTask, info, isCurrentTurn),
        ),
    });
    const llm = this.llm;
    if (isRealtimeModel(llm) && llm.capabilities.turnDetection && !this.allowInterruptions) {
      throw new Error(
        'the RealtimeModel uses a server-side turn detection, allowInterruptions cannot be false; ' +
          'disable turn detection in the RealtimeModel and use VAD on the AgentSession instead',
      );
    }
    const td = agent.turnDetection !== undefined ? agent.turnDetection : session.turnDetection;
    this.turnDetection = validateTurnDetection(this, td);
  }

  // -- properties: the agent's value when it sets one, else the session's --

  get clock(): SessionView['clock'] {
    return this.session.clock;
  }
  get vad(): VAD | null {
    return this.agent.vad !== undefined ? this.agent.vad : this.session.vad;
  }
  get stt(): STT | null {
    return this.agent.stt !== undefined ? this.agent.stt : this.session.stt;
  }
  get llm(): LLM | RealtimeModel | null {
    return this.agent.llm !== undefined ? this.agent.llm : this.session.llm;
  }
  get tts(): TTS | null {
    return this.agent.tts !== undefined ? this.agent.tts : this.session.tts;
  }
  get allowInterruptions(): boolean {
    return this.agent.allowInterruptions ?? this.session.options.allowInterruptions;
  }
  get minEndpointingDelayMs(): number {
    return this.agent.minEndpointingDelayMs ?? this.session.options.minEndpointingDelayMs;
  }
  get maxEndpointingDelayMs(): number {
    return this.agent.maxEndpointingDelayMs ?? this.session.options.maxEndpointingDelayMs;
  }
  get minConsecutiveSpeechDelayMs(): number {
    return this.agent.minConsecutiveSpeechDelayMs ?? this.session.options.minConsecutiveSpeechDelayMs;
  }
  get useTtsAlignedTranscript(): boolean {
    return (this.agent.useTtsAlignedTranscript ?? this.session.options.useTtsAlignedTranscript) === true;
  }
  /** The agent's MCP servers when it sets them (null = none), else the session's. */
  get mcpServers(): readonly MCPServerLike[] | null {
    return this.agent.mcpServers !== undefined ? this.agent.mcpServers : this.session.mcpServers;
  }
  /** What the LLM is offered, in the seed's order: session tools, agent tools, MCP tools. */
  get tools(): FunctionTool[] {
    return this.toolsState.tools;
  }
  get toolChoice(): ToolChoice | null {
    return this.toolsState.toolChoice;
  }
  /** The realtime model's session while the activity runs with one (upstream `_rt_session`). */
  get rtSession(): RealtimeSession | null {
    return this.realtime.session;
  }
  /** The audio recognition of the running session part (kept after a pause or close). */
  get audioRecognition(): AudioRecognition | null {
    return this.recognition;
  }
  /** The `onEnter` hook's task once started; the handoff waits for it. */
  get onEnterTask(): Task | null {
    return this.enterTask;
  }
  get currentSpeech(): SpeechHandle | null {
    return this.scheduler.current;
  }
  get schedulingPaused(): boolean {
    return this.scheduler.paused;
  }

  // -- lifecycle (called by the session only) --

  async start(): Promise<void> {
    await this.lock.run(async () => {
      if (this.started) return;
      this.agent.activity = this;
      await startActivitySession(this, (rec) => (this.recognition = rec));
      this.started = true;
      const data = { session: this.session, agent: this.agent };
      this.enterTask = this.createSpeechTask('agent.on_enter', () =>
        runUnderOnEnter(data, () => this.runHook('on_enter', () => this.agent.onEnter())),
      );
    });
  }

  /** Runs on_exit, drops a preemptive reply and waits until every queued speech is over. */
  async drain(): Promise<void> {
    await this.lock.run(async () => {
      if (this.drained) return;
      this.drained = true;
      this.exitTask = this.createSpeechTask('agent.on_exit', () =>
        this.runHook('on_exit', () => this.agent.onExit()),
      );
      this.cancelPreemptiveGeneration('drain');
      await this.exitTask.promise.catch(() => undefined); // reported by the owner
      await this.scheduler.pause();
    });
  }

  /** Handoff to an agent that will come back: stop scheduling and recognition but keep state. */
  async pause(blockedTasks: Task[] = []): Promise<void> {
    await this.lock.run(async () => {
      await this.scheduler.pause(blockedTasks);
      await closeActivitySession(this);
    });
  }

  async resume(): Promise<void> {
    await this.lock.run(async () => {
      this.drained = false;
      await startActivitySession(this, (rec) => (this.recognition = rec));
    });
  }

  async close(): Promise<void> {
    await this.lock.run(async () => {
      if (this.closed) return;
      this.closed = true;
      this.cancelPreemptiveGeneration('close');
      await closeActivitySession(this);
      await Promise.all(interruptBackgroundSpeeches(this, false).map((s) => s.waitForPlayout()));
      await this.scheduler.close();
      this.interruptions.cancelTimer();
      const clean = await this.owner.close(this.clock, CLOSE_TIMEOUT_MS);
      if (!clean)
        this.warn('agent_activity', `tasks still running after close: ${this.owner.names().join(', ')}`);
      this.tracer.dispose();
      this.agent.activity = null;
    });
  }

  /** Names of everything of this activity still alive (the session's leak check). */
  pendingWork(): string[] {
    const out = this.owner.names().map((n) => `activity:${n}`);
    if (this.interruptions.timerArmed) out.push('activity:false_interruption_timer');
    if (this.tracer.pending > 0) out.push(`activity:speech_listeners(${this.tracer.pending})`);
    if (this.audioRecognition)
      out.push(...this.audioRecognition.pendingWork().map((n) => `recognition:${n}`));
    return out;
  }

  // -- input --

  pushAudio(frame: AudioFrame): void {
    if (!this.started) return;
    const current = this.currentSpeech;
    // While an uninterruptible speech plays, the user's words are not transcribed; the VAD still
    // hears them so the user's speaking state stays right.
    const discard = Boolean(
      current && !current.allowInterruptions && this.session.options.discardAudioIfUninterruptible,
    );
    if (!discard) this.rtSession?.pushAudio(frame);
    // the VAD always hears the user, to keep the user's state right
    this.audioRecognition?.pushAudio(frame, { skipStt: discard });
  }

  // -- public actions (through the session) --

  say(text: string | AsyncIterable<string>, opts: SayOptions = {}): SpeechHandle {
    return say(this, text, opts);
  }

  generateReply(opts: GenerateReplyOptions = {}): SpeechHandle {
    return generateReply(this, opts);
  }

  /** `cause` names the interruption in the trace (api by default, close when the session closes). */
  interrupt(opts: { force?: boolean; cause?: string } = {}): Promise<void> {
    return interrupt(this, opts.force ?? false, opts.cause ?? 'api');
  }

  clearUserTurn(): void {
    this.audioRecognition?.clearUserTurn();
    this.rtSession?.clearAudio();
  }

  commitUserTurn(opts: { transcriptTimeoutMs: number; sttFlushDurationMs: number }): void {
    let skipReply = false;
    if (this.rtSession) {
      // the server answers the committed audio; the transcript still reaches the chat context
      this.rtSession.commitAudio();
      this.session.generateReply();
      skipReply = true;
    }
    if (!this.audioRecognition) throw new Error('commitUserTurn: audio recognition is not running');
    this.audioRecognition.commitUserTurn({
      audioDetached: !this.session.inputAudioEnabled,
      transcriptTimeoutMs: opts.transcriptTimeoutMs,
      sttFlushDurationMs: opts.sttFlushDurationMs,
      skipReply,
    });
  }

  // -- hot updates (config.ts) --

  updateInstructions(instructions: string): Promise<void> {
    return updateInstructions(this, instructions);
  }
  updateTools(tools: FunctionTool[]): Promise<void> {
    return updateTools(this, tools);
  }
  updateChatCtx(chatCtx: ChatContext, opts: { excludeInvalidFunctionCalls?: boolean } = {}): Promise<void> {
    return updateChatCtx(this, chatCtx, opts.excludeInvalidFunctionCalls ?? true);
  }
  updateOptions(opts: {
    toolChoice?: ToolChoice | null;
    minEndpointingDelayMs?: number;
    maxEndpointingDelayMs?: number;
    turnDetection?: TurnDetectionMode | null;
  }): void {
    applyOptionsUpdate(this, opts);
  }

  // -- recognition hooks (user-turn.ts) --

  onStartOfSpeech(ev: VADEvent | null): void {
    this.userTurns.onStartOfSpeech(ev);
  }
  onVadInferenceDone(ev: VADEvent): void {
    this.userTurns.onVadInferenceDone(ev);
  }
  onEndOfSpeech(ev: VADEvent | null): void {
    this.userTurns.onEndOfSpeech(ev);
  }
  onInterimTranscript(ev: SpeechEvent, opts: { speaking: boolean | null }): void {
    this.userTurns.onInterimTranscript(ev, opts.speaking);
  }
  onFinalTranscript(ev: SpeechEvent, opts: { speaking?: boolean | null } = {}): void {
    this.userTurns.onFinalTranscript(ev, opts.speaking ?? null);
  }
  onEndOfTurn(info: EndOfTurnInfo): boolean {
    return this.userTurns.onEndOfTurn(info);
  }
  onPreemptiveGeneration(info: PreemptiveGenerationInfo): void {
    this.userTurns.onPreemptiveGeneration(info);
  }
  retrieveChatCtx(): ChatContext {
    return this.agent.chatCtx;
  }

  // -- helpers for the concern modules --

  /**
   * Starts a task that may create a speech (upstream `_create_speech_task`); draining waits for
   * all of them. Inside it, `speechTaskContext` names the speech so metrics are attributed to it.
   */
  createSpeechTask(
    name: string,
    fn: (signal: AbortSignal) => Promise<void>,
    opts: SpeechTaskOptions = {},
  ): Task<void> {
    const handle = opts.speechHandle ?? null;
    return this.scheduler.createSpeechTask(
      name,
      (signal) =>
        speechTaskContext.run(
          { speechHandle: handle, functionCallName: null, onEnter: speechTaskContext.getStore()?.onEnter },
          () => fn(signal),
        ),
      opts,
    );
  }

  /** Drops a preemptive reply that will not be used (upstream `_cancel_preemptive_generation`). */
  cancelPreemptiveGeneration(reason: string): void {
    this.userTurns.cancelPreemptive(reason);
  }

  /** What the generation helpers need: the clock, this activity's sink and task owner. */
  get generationEnv(): GenerationEnv {
    return { clock: this.clock, events: this.events, owner: this.owner };
  }

  /** Runs a user hook, turning a failure into an `error` event (the session carries on). */
  async runHook(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.reportError(`agent.${name}`, err);
    }
  }

  reportError(source: string, err: unknown, recoverable = true): void {
    this.events.emit({ type: 'error', source, message: errorText(err), recoverable });
  }

  warn(source: string, message: string): void {
    this.events.emit({ type: 'warning', source, message });
  }

  /** Tool names, for config updates. */
  toolNames(): string[] {
    return getFncToolNames(this.tools);
  }
}

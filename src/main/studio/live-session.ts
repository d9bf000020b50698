/**
 * One running studio session: an engine AgentSession on the host's clock, its agents, its
 * speakers (the paced output feeding the renderer) and, for a simulated caller, the scenario
 * world around it. It owns everything it starts and ends all of it exactly once, whether the
 * user stops it, its script ends, or the engine closes itself (a closing tool, too many errors),
 * and reports that end once, so the host's status can never be left saying "running".
 */
import type { StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { ProviderFallbackInfo } from '../../shared/studio-api';
import type { Clock, TimerHandle } from '../engine/base/clock';
import type { EngineEventInput } from '../engine/events';
import type { SimulatedCaller } from '../providers/simulated';
import { startRefusal } from '../providers/registry-report';
import { AgentSession, type CloseReason } from '../engine/voice/agent-session';
import type { Agent } from '../engine/voice/agent';
import { TypedTextInput } from '../engine/voice/text-input';
import { PacedAudioOutput, type PcmChunk } from '../io/paced-audio-output';
import { tapAudioInput } from '../io/tapped-audio-input';
import type { AudioFrame } from '../engine/audio/frame';
import { rendererAudioSink, type AudioPush } from '../io/renderer-audio';
import { ScenarioAgents } from '../simulation/scenario-agent';
import { runEndMs } from '../simulation/scenario-runner';
import { actionKind, buildSimulatedWorld, type SimulatedWorld } from '../simulation/simulated-world';
import { buildConfigTool } from './config-tools';
import { optionsPatch, planConfigUpdate } from './hot-config';
import { LiveMicrophone, micProviderWarnings } from './live-mic';
import type { RoomJoiner } from './live-room';
import type { RoomConnection } from '../io/livekit-room';
import type { SessionPlan } from './session-plan';
import type { ProviderFactory, SessionProviders } from './session-providers';

export interface SessionLimits {
  /** start() longer than this fails (a provider that never answers must not hang 'starting'). */
  startMs: number;
  /** How long a stop lets queued speech finish before interrupting it. */
  drainMs: number;
  /** How long close may take before the session is abandoned and reported as failed. */
  closeMs: number;
}

/** How long the agent must stay listening after the caller's last line before a call ends. */
export const CALL_END_QUIET_MS = 3000;

export const DEFAULT_LIMITS: SessionLimits = { startMs: 20_000, drainMs: 10_000, closeMs: 10_000 };

export interface SessionEnd {
  reason: CloseReason;
  error: string | null;
}

export interface LiveSessionDeps {
  sessionId: string;
  clock: Clock;
  createProviders: ProviderFactory;
  limits: SessionLimits;
  /** Every engine event, in order, plus the studio's own warnings. */
  onEvent(ev: EngineEvent): void;
  onAudio(chunk: AudioPush): void;
  /** Audio the engine heard (microphone, room, simulated caller, scenario), its first sample at `tMs`. */
  onUserAudio?(tMs: number, frame: AudioFrame): void;
  /** Agent audio once it has played, at the time it started (never what a clear cut off). */
  onAgentAudio?(chunk: PcmChunk): void;
  /** Called once, after everything the session held was released. */
  onEnded(end: SessionEnd): void;
  /** Joins the LiveKit room of a 'livekit' session (the host binds the key store). */
  joinRoom?: RoomJoiner;
}

export class TimeLimitError extends Error {}

/** Resolves with `promise`, or rejects after `ms` on `clock` (the promise keeps running). */
export async function withinLimit<T>(
  clock: Clock,
  promise: Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  let timer: TimerHandle | null = null;
  const expired = new Promise<never>((_, reject) => {
    timer = clock.setTimer(() => reject(new TimeLimitError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    (timer as TimerHandle | null)?.cancel();
  }
}

export class LiveSession {
  readonly session: AgentSession;
  readonly agents: ScenarioAgents;
  readonly output: PacedAudioOutput | null = null;
  /** The renderer's microphone, in a 'microphone' session only. */
  readonly mic: LiveMicrophone | null = null;
  /** The LiveKit room, in a 'livekit' session only. */
  readonly room: RoomConnection | null = null;
  private readonly world: SimulatedWorld | null = null;
  private providers: SessionProviders | null = null;
  /** What this session runs instead of what its config asked for; the status carries it to the header. */
  readonly fallbacks: ProviderFallbackInfo[];
  private readonly offEvents: () => void;
  /** Typed turns (sendText), answered one after another; see engine/voice/text-input. */
  private readonly textInput: TypedTextInput;
  private readonly offAgentAudio: () => void;
  private endTimer: TimerHandle | null = null;
  private ending: Promise<void> | null = null;
  private ended = false;

  private constructor(
    private readonly plan: SessionPlan,
    private readonly deps: LiveSessionDeps,
    built: {
      session: AgentSession;
      agents: ScenarioAgents;
      world: SimulatedWorld | null;
      output: PacedAudioOutput | null;
      providers: SessionProviders | null;
      mic?: LiveMicrophone | null;
      room?: RoomConnection | null;
    },
  ) {
    this.session = built.session;
    this.textInput = new TypedTextInput(this.session);
    this.agents = built.agents;
    this.world = built.world;
    this.output = built.output;
    this.providers = built.providers;
    this.fallbacks = [...(built.providers?.fallbacks ?? [])];
    this.mic = built.mic ?? null;
    this.room = built.room ?? null;
    const onAgentAudio = deps.onAgentAudio;
    this.offAgentAudio =
      this.output && onAgentAudio ? this.output.tap((c) => onAgentAudio(c)) : () => undefined;
    const caller = built.providers?.caller ?? null;
    this.offEvents = this.session.onEvent((ev) => {
      this.deps.onEvent(ev);
      if (caller) {
        caller.observe(ev);
        this.watchCallEnd(caller, ev);
      }
      // The engine closed itself (not through stop): release the rest once its close returns.
      if (ev.type === 'close' && this.ending === null) {
        const end = { reason: ev.reason, error: ev.error };
        this.ending = Promise.resolve().then(() => this.release(end));
      }
    });
  }

  /**
   * Builds the session for a plan; nothing runs until start(). Provider construction is awaited
   * here so a provider that cannot be built fails the start before any engine work exists.
   */
  static async create(plan: SessionPlan, deps: LiveSessionDeps): Promise<LiveSession> {
    const { clock } = deps;
    const sink = rendererAudioSink(deps.sessionId, (p) => deps.onAudio(p));
    if (plan.kind === 'scenario') {
      const world = buildSimulatedWorld(plan.scenario, clock, {
        onActionError: (i, a, err) =>
          warn(deps, `scenario action ${i} (${actionKind(a)}) failed: ${errorText(err)}`),
        onActionRejected: (i, a, err) =>
          warn(deps, `scenario action ${i} (${actionKind(a)}) failed: ${errorText(err)}`),
      });
      const output = new PacedAudioOutput(clock, { canPause: plan.scenario.audioOutput.canPause, ...sink });
      return new LiveSession(plan, deps, {
        session: world.session,
        agents: world.agents,
        world,
        output,
        providers: null,
      });
    }
    const audioInput = plan.kind === 'call' || plan.kind === 'microphone' || plan.kind === 'livekit';
    const emit = (ev: EngineEventInput): void => deps.onEvent({ ...ev, t: clock.now() });
    const providers = await deps.createProviders(plan.config, { clock, audioInput, emit });
    let room: RoomConnection | null = null;
    try {
      // A provider the config asked for and no fallback list covers: refused, never replaced.
      const refusal = startRefusal(providers.blocking ?? []);
      if (refusal) throw refusal;
      const why = providers.warnings.length > 0 ? `: ${providers.warnings.join('; ')}` : '';
      // Without an LLM nothing could answer; without the caller nothing would be said.
      if (!providers.llm) throw new Error(`no LLM could be built${why}`);
      if (plan.kind === 'call' && !providers.caller)
        throw new Error(`the simulated caller could not be built${why}`);
      const agents = new ScenarioAgents(plan.config, { clock });
      const { llm, tts, stt, vad } = providers;
      const session = new AgentSession({
        clock,
        options: plan.config.options,
        llm,
        tts,
        stt,
        vad,
        ...(providers.mcpServers?.length ? { mcpServers: providers.mcpServers } : {}),
      });
      if (plan.kind === 'livekit') {
        if (!deps.joinRoom) throw new Error('this studio cannot join LiveKit rooms (no room joiner)');
        // Joined last: nothing else can fail after it, so a refused start never leaves us in the room.
        room = await deps.joinRoom(plan.livekit, { clock, onEvent: deps.onEvent });
        for (const w of micProviderWarnings(plan.config, providers))
          warn(deps, w.message.replace(/^microphone:/, 'livekit:'), 'livekit', w.code);
      }
      // In a room the agent speaks into the room; elsewhere, through the renderer's speakers.
      const speakers = (): PacedAudioOutput =>
        room?.output ?? new PacedAudioOutput(clock, { canPause: true, ...sink });
      const output = tts ? speakers() : null;
      let mic: LiveMicrophone | null = null;
      if (plan.kind === 'microphone') {
        mic = new LiveMicrophone({ clock, onEvent: deps.onEvent });
        for (const w of micProviderWarnings(plan.config, providers))
          warn(deps, w.message, 'microphone', w.code);
      }
      return new LiveSession(plan, deps, { session, agents, world: null, output, providers, mic, room });
    } catch (err) {
      await room?.disconnect();
      await providers.close();
      throw err;
    }
  }

  get kind(): SessionPlan['kind'] {
    return this.plan.kind;
  }

  /** Starts the engine (bounded by limits.startMs); on failure everything is released. */
  async start(): Promise<void> {
    const { clock, limits } = this.deps;
    const world = this.world;
    const heard = world?.input ?? this.providers?.caller ?? this.mic?.input ?? this.room?.input ?? null;
    const onUserAudio = this.deps.onUserAudio;
    try {
      await withinLimit(
        clock,
        this.session.start({
          agent: this.agents.start,
          audioInput: heard && onUserAudio ? tapAudioInput(heard, clock, onUserAudio) : heard,
          audioOutput: this.output,
        }),
        limits.startMs,
        'session start',
      );
    } catch (err) {
      await this.stop({ drain: false, reason: 'error', error: `start failed: ${errorText(err)}` });
      throw err;
    }
    await this.providers?.caller?.start();
    if (world && this.plan.kind === 'scenario') {
      // As the runner: t = 0 of the script is the first audio frame, right after start; when
      // the script is over the session drains and ends by itself.
      world.timeline.start();
      world.input.start();
      this.endTimer = clock.setTimer(() => {
        this.endTimer = null;
        void this.stop({ drain: true, reason: 'task_completed' });
      }, runEndMs(this.plan.scenario));
    }
  }

  /**
   * A simulated call is over once the caller said every line and the agent has been listening
   * for a moment (it may still answer the last line); then it ends by itself, as a scenario does.
   */
  private watchCallEnd(caller: SimulatedCaller, ev: EngineEvent): void {
    if (ev.type !== 'agent_state_changed' || this.ending !== null) return;
    this.endTimer?.cancel();
    this.endTimer = null;
    if (!caller.finished || ev.newState !== 'listening') return;
    this.endTimer = this.deps.clock.setTimer(() => {
      this.endTimer = null;
      void this.stop({ drain: true, reason: 'task_completed' });
    }, CALL_END_QUIET_MS);
  }

  /**
   * Ends the session: the script stops feeding it, queued speech may finish (bounded), then it
   * closes; resolves once everything is released. Safe to call any number of times.
   */
  stop(opts: { drain?: boolean; reason?: CloseReason; error?: string } = {}): Promise<void> {
    this.ending ??= this.stopImpl(opts.drain ?? true, opts.reason ?? 'user_initiated', opts.error ?? null);
    return this.ending;
  }

  private async stopImpl(drain: boolean, reason: CloseReason, error: string | null): Promise<void> {
    const { clock, limits } = this.deps;
    this.endTimer?.cancel();
    this.endTimer = null;
    this.world?.timeline.stop();
    this.mic?.end();
    this.room?.input.end();
    let end: SessionEnd = { reason, error };
    if (drain) {
      try {
        await withinLimit(clock, this.session.drain(), limits.drainMs, 'drain');
      } catch (err) {
        // Not running (a failed start) or too slow: close interrupts whatever is left.
        if (err instanceof TimeLimitError) warn(this.deps, `${err.message}; interrupting what is left`);
      }
    }
    try {
      await withinLimit(clock, this.session.close(reason), limits.closeMs, 'close');
    } catch (err) {
      end = { reason: 'error', error: errorText(err) };
    }
    await this.release(end);
  }

  /** Stops the harness and the speakers, detaches, closes providers, and reports the end once. */
  private async release(end: SessionEnd): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.endTimer?.cancel();
    this.endTimer = null;
    this.world?.stop();
    this.world?.output.dispose();
    this.output?.dispose();
    this.mic?.end();
    this.offEvents();
    this.offAgentAudio();
    await this.room
      ?.disconnect()
      .catch((err: unknown) =>
        warn(this.deps, `leaving the LiveKit room failed: ${errorText(err)}`, 'livekit'),
      );
    const providers = this.providers;
    this.providers = null;
    if (providers)
      await providers
        .close()
        .catch((err: unknown) => warn(this.deps, `closing providers failed: ${errorText(err)}`));
    this.deps.onEnded(end);
  }

  /** Names of everything still alive; empty once stopped (the leak check of the tests). */
  pendingWork(): string[] {
    const out = this.session.pendingWork();
    if (this.world) {
      out.push(...this.world.openFakeStreams());
      if (this.world.timeline.pendingCount > 0)
        out.push(`scenario timeline (${this.world.timeline.pendingCount} pending)`);
    }
    if (this.output?.busy) out.push('paced audio output');
    out.push(...(this.providers?.caller?.pendingWork() ?? []));
    if (this.endTimer) out.push('script end timer');
    if (this.textInput.pending > 0) out.push(`typed text (${this.textInput.pending} pending)`);
    return out;
  }

  // -- commands --

  /**
   * A typed user turn, answered as LiveKit's text input does: it interrupts the current and
   * queued replies first (session option textInputInterrupts, on by default; off queues it).
   * Resolves once its reply is queued.
   */
  async sendText(text: string): Promise<{ accepted: true }> {
    await this.textInput.submit(text);
    return { accepted: true };
  }

  /** Ends the user's turn at once (push-to-talk release): the seed's manual turn commit. */
  commitUserTurn(): { committed: true } {
    this.session.commitUserTurn();
    return { committed: true };
  }

  /** Drops the user's turn in progress without answering it. */
  clearUserTurn(): { cleared: true } {
    this.session.clearUserTurn();
    return { cleared: true };
  }

  say(text: string, allowInterruptions?: boolean): string {
    return this.session.say(text, { allowInterruptions }).id;
  }

  generateReply(opts: { instructions?: string; userInput?: string }): string {
    return this.session.generateReply(opts).id;
  }

  /** Interrupts what is playing or queued; false when there was nothing to interrupt. */
  async interrupt(force: boolean): Promise<boolean> {
    const speaking = this.session.currentSpeech !== null;
    await withinLimit(
      this.deps.clock,
      this.session.interrupt({ force }),
      this.deps.limits.closeMs,
      'interrupt',
    );
    return speaking;
  }

  /**
   * Applies what can change hot; returns the changed paths it applied and those that need a
   * restart. Tools are built before anything is applied, so a bad schema changes nothing.
   */
  async applyConfig(
    next: StudioConfig,
    changed: readonly string[],
  ): Promise<{ applied: string[]; requiresRestart: string[] }> {
    const plan = planConfigUpdate(changed);
    const toolDeps = { clock: this.deps.clock, agentNamed: (name: string) => this.agents.get(name) };
    const agentConfig = (name: string | null) => (name === null ? next.agent : next.agents[name]);
    const tools = plan.hot.flatMap((c) =>
      c.kind === 'tools'
        ? [{ agent: c.agent, tools: agentConfig(c.agent).tools.map((t) => buildConfigTool(t, toolDeps)) }]
        : [],
    );
    const patch = optionsPatch(plan, next);
    if (Object.keys(patch).length > 0) this.session.updateOptions(patch);
    const agentOf = (name: string | null): Agent =>
      name === null ? this.agents.start : this.agents.get(name);
    for (const c of plan.hot) {
      if (c.kind === 'instructions')
        await agentOf(c.agent).updateInstructions(agentConfig(c.agent).instructions);
    }
    for (const t of tools) await agentOf(t.agent).updateTools(t.tools);
    return { applied: plan.hot.map((c) => c.path), requiresRestart: plan.requiresRestart };
  }
}

function warn(
  deps: Pick<LiveSessionDeps, 'clock' | 'onEvent'>,
  message: string,
  source = 'studio',
  code?: string,
): void {
  deps.onEvent({ type: 'warning', t: deps.clock.now(), source, message, ...(code ? { code } : {}) });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

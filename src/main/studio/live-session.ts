/**
 * One running studio session: an engine AgentSession on the host's clock, its agents, and the
 * I/O of its kind (session-io/: typed text, a scenario, a simulated call, the microphone, a
 * LiveKit room, a recording's audio), all on one event stream. It owns everything it starts and
 * ends all of it exactly once, whether the user stops it, its script ends, or the engine closes
 * itself (a closing tool, too many errors), and reports that end once, so the host's status can
 * never be left saying "running". It never asks which kind it runs.
 */
import type { StudioConfig } from '../../shared/config';
import type { ProviderFallbackInfo } from '../../shared/studio-api';
import {
  type Agent,
  type AgentSession,
  type AudioFrame,
  type Clock,
  type CloseReason,
  type EngineEvent,
  type EngineEventInput,
  errorText,
  type TimerHandle,
  TypedTextInput,
} from '../engine';
import type { PcmChunk } from '../io/paced-audio-output';
import { tapAudioInput } from '../io/tapped-audio-input';
import type { AudioPush } from '../io/renderer-audio';
import type { ConfigAgents } from '../agents-config';
import type { Logger } from '../log';
import { toolFromSpec } from '../agents-config';
import { optionsPatch, planConfigUpdate } from './hot-config';
import type { LiveMicrophone } from './session-io/microphone-io';
import type { RoomJoiner } from './session-io/room-io';
import type { SessionEvents } from './session-io/session-events';
import type { OpenedSession, SessionIO } from './session-io/session-io';
import type { ProviderFactory } from './session-providers';

export interface SessionLimits {
  /** start() longer than this fails (a provider that never answers must not hang 'starting'). */
  startMs: number;
  /** How long a stop lets queued speech finish before interrupting it. */
  drainMs: number;
  /** How long close may take before the session is abandoned and reported as failed. */
  closeMs: number;
}

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
  /** Main's logger: the engine reports listener and callback failures to it, never to console. */
  logger?: Logger;
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
  readonly agents: ConfigAgents;
  /** What this session runs instead of what its config asked for; the status carries it to the header. */
  readonly fallbacks: ProviderFallbackInfo[];
  private readonly io: SessionIO;
  private readonly offEvents: () => void;
  /** Typed turns (sendText), answered one after another; see engine/voice/text-input. */
  private readonly textInput: TypedTextInput;
  private readonly offAgentAudio: () => void;
  private ending: Promise<void> | null = null;
  private ended = false;

  /** Runs an opened session (see create-live-session.ts); nothing runs until start(). */
  constructor(
    private readonly deps: LiveSessionDeps,
    private readonly events: SessionEvents,
    opened: OpenedSession,
  ) {
    this.session = opened.session;
    this.agents = opened.agents;
    this.io = opened.io;
    this.fallbacks = [...opened.fallbacks];
    this.textInput = new TypedTextInput(this.session);
    const output = this.io.audioOutput;
    const onAgentAudio = deps.onAgentAudio;
    this.offAgentAudio = output && onAgentAudio ? output.tap((c) => onAgentAudio(c)) : () => undefined;
    this.offEvents = events.subscribe((ev) => {
      this.io.observe(ev);
      // The engine closed itself (not through stop): release the rest once its close returns.
      if (ev.type === 'close' && this.ending === null) {
        const end = { reason: ev.reason, error: ev.error };
        this.ending = Promise.resolve().then(() => this.release(end));
      }
    });
  }

  /**
   * A studio-side event about this session (e.g. the recorder's), stamped by the session's bus
   * like the engine's own, so it reaches the host, the recorder and the renderer in order.
   */
  report(ev: EngineEventInput): void {
    this.events.emit(ev);
  }

  /** The renderer's microphone, for a session that takes pushAudio (else null). */
  get mic(): LiveMicrophone | null {
    return this.io.mic;
  }

  /** Starts the engine (bounded by limits.startMs); on failure everything is released. */
  async start(): Promise<void> {
    const { clock, limits } = this.deps;
    const heard = this.io.audioInput;
    const onUserAudio = this.deps.onUserAudio;
    try {
      await withinLimit(
        clock,
        this.session.start({
          agent: this.agents.start,
          audioInput: heard && onUserAudio ? tapAudioInput(heard, clock, onUserAudio) : heard,
          audioOutput: this.io.audioOutput,
        }),
        limits.startMs,
        'session start',
      );
    } catch (err) {
      await this.stop({ drain: false, reason: 'error', error: `start failed: ${errorText(err)}` });
      throw err;
    }
    await this.io.start({ finish: () => void this.stop({ drain: true, reason: 'task_completed' }) });
  }

  /**
   * Ends the session: its input stops feeding it, queued speech may finish (bounded), then it
   * closes; resolves once everything is released. Safe to call any number of times.
   */
  stop(opts: { drain?: boolean; reason?: CloseReason; error?: string } = {}): Promise<void> {
    this.ending ??= this.stopImpl(opts.drain ?? true, opts.reason ?? 'user_initiated', opts.error ?? null);
    return this.ending;
  }

  private async stopImpl(drain: boolean, reason: CloseReason, error: string | null): Promise<void> {
    const { clock, limits } = this.deps;
    this.io.end();
    let end: SessionEnd = { reason, error };
    if (drain) {
      try {
        await withinLimit(clock, this.session.drain(), limits.drainMs, 'drain');
      } catch (err) {
        // Not running (a failed start) or too slow: close interrupts whatever is left.
        if (err instanceof TimeLimitError) this.events.warn(`${err.message}; interrupting what is left`);
      }
    }
    try {
      await withinLimit(clock, this.session.close(reason), limits.closeMs, 'close');
    } catch (err) {
      end = { reason: 'error', error: errorText(err) };
    }
    await this.release(end);
  }

  /** Stops the kind's I/O, detaches from the engine, releases the rest, and reports the end once. */
  private async release(end: SessionEnd): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.io.halt();
    this.offEvents();
    this.offAgentAudio();
    this.events.detachEngine();
    await this.io.release();
    this.deps.onEnded(end);
  }

  /** Names of everything still alive; empty once stopped (the leak check of the tests). */
  pendingWork(): string[] {
    const out = this.session.pendingWork();
    out.push(...this.io.pendingWork());
    if (this.io.audioOutput?.busy) out.push('paced audio output');
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
        ? [{ agent: c.agent, tools: agentConfig(c.agent).tools.map((t) => toolFromSpec(t, toolDeps)) }]
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

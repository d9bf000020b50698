/**
 * Main's state of the studio and the handlers of every command. It knows nothing of Electron or
 * sockets: the IPC and WebSocket transports both wrap the same host, so the desktop app and web
 * mode cannot drift apart. One live session at a time runs on its own clock (the real one in
 * the studio, a virtual one in tests); its events are buffered for getState and pushed in
 * batches, its audio pushed as it plays. Every start ends in 'running' or in a refusal that
 * leaves the phase idle/error: nothing waits forever in 'starting'.
 */
import { randomUUID } from 'node:crypto';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { CommandResult, PushedEvents, StudioError, StudioStatus } from '../../shared/studio-api';
import { RealClock, type Clock } from '../engine/base/clock';
import { redactingLogger, type Logger, type Redactor } from '../log';
import { fail, invalidInput, ok, type CommandHandlers, type ValidInput } from './command-router';
import { checkConfigTools } from './config-tools';
import { errorText } from './error-text';
import { changedPaths } from './hot-config';
import { findDemoScenario, loadDemoConfig } from './demo';
import { createLiveSession, DEMO_FALLBACK_SOURCE } from './demo-fallback';
import {
  DEFAULT_LIMITS,
  LiveSession,
  withinLimit,
  type SessionEnd,
  type SessionLimits,
} from './live-session';
import { MicFormatError, type LiveMicrophone } from './live-mic';
import { liveKitJoiner, type RoomJoiner } from './live-room';
import { disposeLiveKit } from '../io/livekit-rtc';
import { MissingRoomKeysError, missingRoomKeys } from '../io/livekit-token';
import { createPresetHandlers, defaultPresetsDir, PresetStore } from './presets';
import { defaultRecordingsDir, SessionRecorder } from './recorder';
import { RecordingCommands } from './recording-commands';
import { createRecordingLibrary } from './recording-library';
import { createDiffHandlers, virtualRerun } from './diff-commands';
import { launchReview, LaunchTrust, type LaunchReview } from './launch-trust';
import { planSession } from './session-plan';
import { redactorOf, sharedKeyStore, type KeySource } from './key-store';
import { redactEvent, redactHandlers } from './redaction';
import { registryProviders, type ProviderFactory } from './session-providers';
import { ProviderStartError } from '../providers/registry-report';

type HostPushName = 'status' | 'events' | 'audio';
/** What the host pushes; every transport forwards these unchanged to its clients. */
export type HostPush = { [E in HostPushName]: { event: E; payload: PushedEvents[E] } }[HostPushName];
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
  /** The clock of each new session: the real one in the studio, a virtual one in tests. */
  createClock?: () => Clock;
  /** Builds a session's providers from its config (the registry by default, scripted ones in tests). */
  createProviders?: ProviderFactory;
  /** Where the registry finds API keys (main's key store by default); never sent to the renderer. */
  keys?: KeySource | null;
  /** The scripted demo, played when the demo's caller has no local voice (null: none installed). */
  demoScenarioPath?: string | null;
  /**
   * The embedded default (resources/demo/demo-config.json by default; null: none): the config
   * when there is no saved one, and what a 'simulated' session without a caller or scenario runs.
   */
  demoConfig?: StudioConfig | null;
  limits?: Partial<SessionLimits>;
  /** Where named config presets are saved: userData/presets in Electron, a config dir in web mode. */
  presetsDir?: string;
  /** Where sessions are recorded (<sessionId>.jsonl): userData/recordings in Electron, else $STUDIO_RECORDINGS_DIR or a config dir. */
  recordingsDir?: string;
  /** Joins a 'livekit' session's room (rtc-node with the key store's credentials by default; a fake in tests). */
  joinRoom?: RoomJoiner;
  /** Who may start commands and name secrets (launch-trust.ts); default: only what matches the key-name pattern. */
  reviewLaunch?: LaunchReview;
}

export class SessionHost {
  readonly handlers: CommandHandlers;
  private status: StudioStatus;
  private config: StudioConfig;
  private readonly buffer: EngineEvent[] = [];
  private readonly listeners = new Set<HostPushListener>();
  private pending: { sessionId: string; events: EngineEvent[] } | null = null;
  private flushHandle: unknown = null;
  private readonly opts: Required<
    Omit<SessionHostOptions, 'initialConfig' | 'limits' | 'keys' | 'demoConfig' | 'joinRoom'>
  > & {
    limits: SessionLimits;
  };
  private readonly demoConfig: StudioConfig | null;
  /** Scrubs key values and key-like text out of everything that leaves main: logs, events, errors. */
  private readonly redact: Redactor;
  private readonly keys: KeySource;
  private readonly joinRoom: RoomJoiner;
  private live: LiveSession | null = null;
  private lastLive: LiveSession | null = null;
  private recorder: SessionRecorder | null = null;
  /** Recordings still being flushed after their session ended; list/open wait for them. */
  private readonly recordingsClosing = new Set<Promise<void>>();
  /** The start or stop in progress; commands that need a settled phase wait for it. */
  private transition: Promise<unknown> | null = null;

  constructor(options: SessionHostOptions) {
    const keys = options.keys === undefined ? sharedKeyStore() : options.keys;
    this.redact = redactorOf(keys);
    this.keys = keys ?? { get: () => undefined };
    this.joinRoom = options.joinRoom ?? liveKitJoiner({ keys: this.keys });
    this.opts = {
      eventBufferSize: 20_000,
      batchMs: 50,
      now: Date.now,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      createClock: () => new RealClock(),
      createProviders: options.createProviders ?? registryProviders(keys ?? { get: () => undefined }),
      demoScenarioPath:
        options.demoScenarioPath === undefined ? findDemoScenario() : options.demoScenarioPath,
      presetsDir: options.presetsDir ?? defaultPresetsDir(),
      recordingsDir: options.recordingsDir ?? defaultRecordingsDir(),
      ...options,
      logger: redactingLogger(options.logger, this.redact),
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      // After the spread: an explicit `undefined` must not switch the review off.
      reviewLaunch: options.reviewLaunch ?? launchReview({ trust: new LaunchTrust(), keys: this.keys }),
    };
    this.demoConfig = options.demoConfig === undefined ? this.loadDemo() : options.demoConfig;
    const fallback = this.demoConfig ?? StudioConfigSchema.parse({});
    const parsed =
      options.initialConfig === undefined ? null : StudioConfigSchema.safeParse(options.initialConfig);
    if (parsed && !parsed.success) {
      // A bad saved config must not stop the studio from opening; fall back and say why.
      this.opts.logger.log('warn', 'initial config invalid, using defaults', {
        issues: formatIssues(parsed.error),
      });
    }
    // No saved config: a newcomer's first start opens the demo.
    this.config = parsed?.success ? parsed.data : structuredClone(fallback);
    this.status = {
      phase: 'idle',
      sessionId: null,
      startedAt: null,
      agentState: 'initializing',
      userState: 'listening',
      currentAgent: null,
      lastError: null,
      transport: options.transport,
      inputMode: null,
    };
    this.handlers = redactHandlers(this.createHandlers(), this.redact);
  }

  private loadDemo(): StudioConfig | null {
    const loaded = loadDemoConfig();
    if (loaded.ok) return loaded.config;
    this.opts.logger.log('warn', 'demo config unavailable, the schema defaults are the default', {
      reason: loaded.reason,
    });
    return null;
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
    if (this.status.lastError !== null) this.status.lastError = this.redact(this.status.lastError);
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

  /**
   * Flushes and detaches every listener; leaves no timer behind. A session still running is
   * stopped without draining (use shutdown() to wait for it).
   */
  dispose(): void {
    if (this.live) void this.live.stop({ drain: false, reason: 'shutdown' });
    this.flush();
    this.listeners.clear();
  }

  /** Stops the running session (if any) without draining, then disposes; for app shutdown. */
  async shutdown(): Promise<void> {
    await this.transition?.catch(() => undefined);
    await this.live?.stop({ drain: false, reason: 'shutdown' });
    this.dispose();
    await this.recordingsSettled();
    // rtc-node's native worker ends only here, at app shutdown: see disposeLiveKit.
    await disposeLiveKit().catch((err: unknown) =>
      this.opts.logger.log('warn', 'LiveKit dispose failed', { error: errorText(err) }),
    );
  }

  /** What the running (or last) session still holds; empty once it ended: the leak check of tests. */
  pendingWork(): string[] {
    return (this.live ?? this.lastLive)?.pendingWork() ?? [];
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
    return {
      ping: (input) => ok({ nonce: input.nonce, receivedAt: this.opts.now() }),
      getState: () => ok({ status: this.getStatus(), config: this.getConfig(), events: [...this.buffer] }),
      updateConfig: (input) => this.settled(() => this.updateConfig(input.config)),
      startSession: (input) => this.settled(() => this.track(this.startSession(input))),
      stopSession: (input) => this.settled(() => this.track(this.stopSession(input))),
      sendText: (input) => this.withSession((live) => live.sendText(input.text)),
      commitUserTurn: () => this.withSession((live) => live.commitUserTurn()),
      clearUserTurn: () => this.withSession((live) => live.clearUserTurn()),
      say: (input) =>
        this.withSession((live) => ({ speechId: live.say(input.text, input.allowInterruptions) })),
      generateReply: (input) => this.withSession((live) => ({ speechId: live.generateReply(input) })),
      interrupt: (input) =>
        this.withSession(async (live) => ({ interrupted: await live.interrupt(input.force ?? false) })),
      pushAudio: (input) =>
        this.withMic(input.sessionId, (mic) => {
          mic.push(input);
          return { accepted: true as const };
        }),
      reportMicrophone: (input) =>
        this.withMic(input.sessionId, (mic) => {
          mic.report(input.problem, input.message);
          return { reported: true as const };
        }),
      ...new RecordingCommands({
        library: createRecordingLibrary(this.opts.recordingsDir),
        logger: this.opts.logger,
        settled: () => this.recordingsSettled(),
      }).handlers,
      ...createDiffHandlers({
        library: createRecordingLibrary(this.opts.recordingsDir),
        logger: this.opts.logger,
        currentConfig: () => this.getConfig(),
        settled: () => this.recordingsSettled(),
        rerun: virtualRerun({
          recordingsDir: this.opts.recordingsDir,
          logger: this.opts.logger,
          redact: this.redact,
          appVersion: process.env.npm_package_version ?? '0.1.0',
        }),
      }),
      ...createPresetHandlers(new PresetStore(this.opts.presetsDir, this.opts.logger), () =>
        this.getConfig(),
      ),
    };
  }

  /** Runs `fn` once no start or stop is in progress, so commands see a settled phase. */
  private async settled<T>(fn: () => Promise<T> | T): Promise<T> {
    while (this.transition) await this.transition.catch(() => undefined);
    return fn();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    const t = p.finally(() => {
      if (this.transition === t) this.transition = null;
    });
    this.transition = t;
    return t;
  }

  /** Runs a command against the running session; engine refusals become `failed` results. */
  private async withSession<T>(
    fn: (live: LiveSession) => T | Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: StudioError }> {
    await this.transition?.catch(() => undefined);
    const live = this.live;
    if (!live || this.status.phase !== 'running')
      return fail('no_session', 'no session is running; start one first');
    try {
      return ok(await fn(live));
    } catch (err) {
      return fail('failed', errorText(err));
    }
  }

  /**
   * Runs a microphone command against the running session it names. Synchronous on purpose:
   * audio chunks arrive ~30 times a second and must reach the input in arrival order.
   */
  private withMic<T>(
    sessionId: string,
    fn: (mic: LiveMicrophone) => T,
  ): { ok: true; value: T } | { ok: false; error: StudioError } {
    const live = this.live;
    if (!live || this.status.phase !== 'running' || this.status.sessionId !== sessionId)
      return fail('no_session', `session ${sessionId} is not running`);
    if (!live.mic)
      return fail(
        'failed',
        `session ${sessionId} takes no microphone audio: its input mode is not "microphone"`,
        'sessionId',
      );
    try {
      return ok(fn(live.mic));
    } catch (err) {
      if (err instanceof MicFormatError) return fail('invalid_input', err.message, 'pcmBase64');
      return fail('failed', errorText(err));
    }
  }

  private async startSession(input: ValidInput<'startSession'>): Promise<CommandResult<'startSession'>> {
    if (this.live) return fail('failed', `a session is already ${this.status.phase}; stop it first`);
    const parsed = StudioConfigSchema.safeParse(input.config ?? this.config);
    if (!parsed.success) return invalidInput(parsed.error);
    const planned = await planSession(parsed.data, {
      demoScenarioPath: this.opts.demoScenarioPath,
      demoConfig: this.demoConfig,
      review: this.opts.reviewLaunch,
    });
    if (!planned.ok) return { ok: false, error: planned.error };
    const { plan } = planned;
    if (plan.kind === 'livekit') {
      // Checked before anything runs: a missing key is the user's next step, not a session error.
      const missing = missingRoomKeys(plan.livekit, this.keys);
      if (missing.length > 0) return fail('failed', new MissingRoomKeysError(missing).message, 'livekit');
    }
    const sessionId = `session_${randomUUID().slice(0, 8)}`;
    this.flush();
    // A new session starts a new view: getState replays only this session's events.
    this.buffer.length = 0;
    this.config = plan.config;
    this.setStatus({
      phase: 'starting',
      sessionId,
      startedAt: this.opts.now(),
      agentState: 'initializing',
      userState: 'listening',
      currentAgent: null,
      lastError: null,
      inputMode: plan.config.inputMode,
      fallbacks: [],
    });
    this.recorder = new SessionRecorder({
      dir: this.opts.recordingsDir,
      sessionId,
      config: plan.config,
      now: this.opts.now,
      redact: this.redact,
      logger: this.opts.logger,
    });
    const clock = this.opts.createClock();
    let live: LiveSession | null = null;
    const creating = createLiveSession(plan, {
      sessionId,
      clock,
      createProviders: this.opts.createProviders,
      limits: this.opts.limits,
      onEvent: (ev) => this.onSessionEvent(sessionId, ev),
      onAudio: (chunk) => this.emit({ event: 'audio', payload: chunk }),
      onEnded: (end) => this.onSessionEnded(sessionId, end),
      joinRoom: this.joinRoom,
    });
    try {
      live = await withinLimit(clock, creating, this.opts.limits.startMs, 'building the providers');
      this.live = live;
      this.lastLive = live;
      await live.start();
    } catch (err) {
      // Providers that arrive after the limit are released at once: nothing may outlive a failed start.
      if (live === null)
        creating
          .then(
            (late) => late.stop({ drain: false, reason: 'error' }),
            () => undefined,
          )
          .catch(() => undefined);
      const message = `session did not start: ${errorText(err)}`;
      this.opts.logger.log('error', 'session start failed', { sessionId, error: errorText(err) });
      this.live = null;
      this.flush();
      this.endRecording(sessionId);
      this.setStatus({ phase: 'error', lastError: message, inputMode: null });
      // A provider that cannot be built is the user's to fix: its own code and the setting.
      if (err instanceof ProviderStartError) return fail(err.code, message, err.field);
      return fail('failed', message);
    }
    this.opts.logger.log('info', 'session started', { sessionId, kind: plan.kind });
    if (this.live === live)
      this.setStatus({
        phase: 'running',
        currentAgent: live.agents.start.id,
        fallbacks: [...live.fallbacks],
      });
    return ok({ sessionId });
  }

  private async stopSession(input: ValidInput<'stopSession'>): Promise<CommandResult<'stopSession'>> {
    const live = this.live;
    if (!live) return fail('no_session', 'no session is running');
    this.setStatus({ phase: 'stopping' });
    await live.stop({ drain: input.drain ?? true });
    return ok({ stopped: true });
  }

  /** Engine events: buffered and batched; the few that change the status also push it. */
  private onSessionEvent(sessionId: string, raw: EngineEvent): void {
    const ev = redactEvent(raw, this.redact);
    this.ingestEvents(sessionId, [ev]);
    if (this.recorder?.sessionId === sessionId) this.recorder.push(ev);
    if (ev.type === 'agent_state_changed') this.setStatus({ agentState: ev.newState });
    else if (ev.type === 'user_state_changed') this.setStatus({ userState: ev.newState });
    else if (ev.type === 'agent_handoff') this.setStatus({ currentAgent: ev.newAgentId });
    else if (ev.type === 'error') {
      this.opts.logger.log('warn', 'session error', { sessionId, source: ev.source, message: ev.message });
      this.setStatus({ lastError: `${ev.source}: ${ev.message}` });
    }
    // The demo playing its scripted twin is not an error, but the user must see why it is mute.
    else if (ev.type === 'warning' && ev.source === DEMO_FALLBACK_SOURCE)
      this.setStatus({ lastError: ev.message });
  }

  /** Closes the session's recording (end line, final flush) without making anyone wait on the disk. */
  private endRecording(sessionId: string): void {
    const rec = this.recorder;
    if (!rec || rec.sessionId !== sessionId) return;
    this.recorder = null;
    const closing = rec.close().finally(() => this.recordingsClosing.delete(closing));
    this.recordingsClosing.add(closing);
  }

  /** Resolves once every ended session's recording is fully on disk. */
  async recordingsSettled(): Promise<void> {
    while (this.recordingsClosing.size > 0) await Promise.all([...this.recordingsClosing]);
  }

  /** However the session ended, the phase leaves running/stopping and the last batch goes out. */
  private onSessionEnded(sessionId: string, end: SessionEnd): void {
    if (this.status.sessionId !== sessionId) return;
    this.live = null;
    this.flush();
    this.endRecording(sessionId);
    const failed = end.reason === 'error';
    this.opts.logger.log(failed ? 'warn' : 'info', 'session ended', {
      sessionId,
      reason: end.reason,
      error: end.error,
    });
    this.setStatus({
      phase: failed ? 'error' : 'idle',
      agentState: 'initializing',
      userState: 'listening',
      inputMode: null,
      fallbacks: [],
      lastError: failed
        ? (end.error ?? this.status.lastError ?? 'the session closed on an error')
        : this.status.lastError,
    });
  }

  private async updateConfig(candidate: unknown): Promise<CommandResult<'updateConfig'>> {
    const parsed = StudioConfigSchema.safeParse(candidate);
    // Field paths are relative to the config (not `config.…`): the editor maps them to its form.
    if (!parsed.success) return invalidInput(parsed.error);
    const problem = checkConfigTools(parsed.data)[0];
    if (problem) return fail('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
    const changed = changedPaths(this.config, parsed.data);
    const live = this.live;
    let result = { applied: changed, requiresRestart: [] as string[] };
    if (live) {
      try {
        result = await live.applyConfig(parsed.data, changed);
      } catch (err) {
        return fail('failed', `config not fully applied: ${errorText(err)}`);
      }
    }
    this.config = parsed.data;
    this.opts.logger.log('info', 'config updated', { ...result, live: live !== null });
    return ok(result);
  }
}

/**
 * Main's state of the studio: the config and the one live session at a time, on its own clock
 * (the real one in the studio, a virtual one in tests). It knows nothing of Electron or sockets:
 * the IPC and WebSocket transports both wrap the same host, so the desktop app and web mode
 * cannot drift apart. Every start ends in 'running' or in a refusal that leaves the phase
 * idle/error: nothing waits forever in 'starting'.
 *
 * The jobs around the session live in their own modules, each owning its state: pushes to the
 * transports (host-pushes.ts), event buffering and batching (event-batcher.ts), the status
 * (host-status.ts), the recording (session-recording.ts) and the command table
 * (host-commands.ts). A session's events go through one path — redact, then batcher, recorder
 * and status — so any other source of events is just another caller of that path.
 */
import { randomUUID } from 'node:crypto';
import { formatIssues, StudioConfigSchema, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { CommandResult, StudioStatus } from '../../shared/studio-api';
import { type Clock, errorText, RealClock } from '../engine';
import { redactingLogger, type Logger, type Redactor } from '../log';
import { fail, invalidInput, ok, type CommandHandlers, type ValidInput } from './command-router';
import { createHostCommands, type CommandHost } from './host-commands';
import { EventBatcher } from './event-batcher';
import { PushHub, type HostPush, type HostPushListener } from './host-pushes';
import { HostStatus } from './host-status';
import {
  recordingEndReason,
  recordingStartOf,
  StudioRecorder,
  type RecordingWriterFactory,
} from './session-recording';
import { createRecordingWriter } from '../recording/writer';
import { studioRerun } from './studio-rerun';
import { checkConfigTools } from '../agents-config';
import { changedPaths } from './hot-config';
import { findDemoScenario, loadDemoConfig } from './demo';
import { createLiveSession } from './create-live-session';
import { DEMO_FALLBACK_SOURCE } from './demo-fallback';
import {
  DEFAULT_LIMITS,
  LiveSession,
  withinLimit,
  type SessionEnd,
  type SessionLimits,
} from './live-session';
import { liveKitJoiner, type RoomJoiner } from './session-io/room-io';
import { disposeLiveKit } from '../io/livekit-rtc';
import { MissingRoomKeysError, missingRoomKeys } from '../io/livekit-token';
import { defaultPresetsDir } from './presets';
import { defaultRecordingsDir } from '../recording';
import { launchReview, LaunchTrust, type LaunchReview } from './launch-trust';
import { planSession, type SessionPlan } from './session-plan';
import { redactorOf, sharedKeyStore, type KeySource } from './key-store';
import { redactEvent, redactHandlers } from './redaction';
import { registryProviders, type ProviderFactory } from './session-providers';
import { ProviderStartError } from '../providers/registry-report';

export type { HostPush, HostPushListener };

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
  /** Where sessions are recorded (a folder per session): userData/recordings in Electron, else $STUDIO_RECORDINGS_DIR or a config dir. */
  recordingsDir?: string;
  /** Builds a session's recording writer (format v2 by default; a fake in tests). */
  createRecordingWriter?: RecordingWriterFactory;
  /** The app version the manifests name. */
  appVersion?: string;
  /** Joins a 'livekit' session's room (rtc-node with the key store's credentials by default; a fake in tests). */
  joinRoom?: RoomJoiner;
  /** Who may start commands and name secrets (launch-trust.ts); default: only what matches the key-name pattern. */
  reviewLaunch?: LaunchReview;
}

/** The app version manifests name when the host is given none: npm's, else said to be unknown. */
const APP_VERSION = process.env.npm_package_version ?? 'unknown';

export class SessionHost implements CommandHost {
  readonly handlers: CommandHandlers;
  private config: StudioConfig;
  private readonly pushes: PushHub;
  private readonly batcher: EventBatcher;
  private readonly statusKeeper: HostStatus;
  private readonly recorder: StudioRecorder;
  private readonly opts: Required<
    Omit<
      SessionHostOptions,
      'initialConfig' | 'limits' | 'keys' | 'demoConfig' | 'joinRoom' | 'createRecordingWriter' | 'appVersion'
    >
  > & {
    limits: SessionLimits;
  };
  private readonly demoConfig: StudioConfig | null;
  /** Scrubs key values and key-like text out of everything that leaves main: logs, events, errors. */
  private readonly redact: Redactor;
  private readonly keys: KeySource;
  private readonly joinRoom: RoomJoiner;
  private running: LiveSession | null = null;
  private lastLive: LiveSession | null = null;
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
    this.pushes = new PushHub(this.opts.logger);
    this.batcher = new EventBatcher({
      capacity: this.opts.eventBufferSize,
      batchMs: this.opts.batchMs,
      setTimer: this.opts.setTimer,
      clearTimer: this.opts.clearTimer,
      push: (batch) => this.pushes.emit({ event: 'events', payload: batch }),
    });
    this.statusKeeper = new HostStatus(options.transport, this.redact, (status) =>
      this.pushes.emit({ event: 'status', payload: status }),
    );
    this.recorder = new StudioRecorder({
      dir: this.opts.recordingsDir,
      createWriter: options.createRecordingWriter ?? createRecordingWriter,
      appVersion: options.appVersion ?? APP_VERSION,
      redact: this.redact,
      logger: this.opts.logger,
      now: this.opts.now,
    });
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
    this.handlers = redactHandlers(
      createHostCommands(this, {
        recordingsDir: this.opts.recordingsDir,
        presetsDir: this.opts.presetsDir,
        logger: this.opts.logger,
        rerun: studioRerun({
          recordingsDir: this.opts.recordingsDir,
          logger: this.opts.logger,
          redact: this.redact,
          appVersion: options.appVersion ?? APP_VERSION,
          createWriter: options.createRecordingWriter ?? createRecordingWriter,
          createProviders: this.opts.createProviders,
        }),
      }),
      this.redact,
    );
  }

  private loadDemo(): StudioConfig | null {
    const loaded = loadDemoConfig();
    if (loaded.ok) return loaded.config;
    this.opts.logger.log('warn', 'demo config unavailable, the schema defaults are the default', {
      reason: loaded.reason,
    });
    return null;
  }

  /** The running session (null when none runs). */
  get live(): LiveSession | null {
    return this.running;
  }

  now(): number {
    return this.opts.now();
  }

  getStatus(): StudioStatus {
    return this.statusKeeper.get();
  }

  getConfig(): StudioConfig {
    return structuredClone(this.config);
  }

  getDemoConfig(): StudioConfig | null {
    return this.demoConfig === null ? null : structuredClone(this.demoConfig);
  }

  /** The buffered events of the current session: what getState replays to a reloaded window. */
  events(): EngineEvent[] {
    return this.batcher.snapshot();
  }

  /** Subscribes to pushes; returns the unsubscribe function (transports call it on close). */
  subscribe(listener: HostPushListener): () => void {
    return this.pushes.subscribe(listener);
  }

  get listenerCount(): number {
    return this.pushes.size;
  }

  /** Merges a status change and pushes the new status to every transport. */
  setStatus(patch: Partial<Omit<StudioStatus, 'transport'>>): void {
    this.statusKeeper.set(patch);
  }

  /** Accepts engine events of a source (a session) as they happen: buffered and pushed in batches. */
  ingestEvents(sessionId: string, events: readonly EngineEvent[]): void {
    this.batcher.ingest(sessionId, events);
  }

  /** Pushes whatever is batched now. */
  flush(): void {
    this.batcher.flush();
  }

  /**
   * Flushes and detaches every listener; leaves no timer behind. A session still running is
   * stopped without draining (use shutdown() to wait for it).
   */
  dispose(): void {
    if (this.running) void this.running.stop({ drain: false, reason: 'shutdown' });
    this.batcher.flush();
    this.pushes.clear();
  }

  /** Stops the running session (if any) without draining, then disposes; for app shutdown. */
  async shutdown(): Promise<void> {
    await this.transition?.catch(() => undefined);
    await this.running?.stop({ drain: false, reason: 'shutdown' });
    this.dispose();
    await this.recordingsSettled();
    // rtc-node's native worker ends only here, at app shutdown: see disposeLiveKit.
    await disposeLiveKit().catch((err: unknown) =>
      this.opts.logger.log('warn', 'LiveKit dispose failed', { error: errorText(err) }),
    );
  }

  /** What the running (or last) session still holds; empty once it ended: the leak check of tests. */
  pendingWork(): string[] {
    return (this.running ?? this.lastLive)?.pendingWork() ?? [];
  }

  /** Resolves once every ended session's recording is fully on disk. */
  recordingsSettled(): Promise<void> {
    return this.recorder.settled();
  }

  /** Resolves when no start or stop is in progress. */
  async idle(): Promise<void> {
    await this.transition?.catch(() => undefined);
  }

  /** Runs `fn` once no start or stop is in progress, so commands see a settled phase. */
  async settled<T>(fn: () => Promise<T> | T): Promise<T> {
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

  startSession(input: ValidInput<'startSession'>): Promise<CommandResult<'startSession'>> {
    return this.track(this.start(input));
  }

  stopSession(input: ValidInput<'stopSession'>): Promise<CommandResult<'stopSession'>> {
    return this.track(this.stop(input));
  }

  private async start(input: ValidInput<'startSession'>): Promise<CommandResult<'startSession'>> {
    if (this.running)
      return fail('failed', `a session is already ${this.statusKeeper.get().phase}; stop it first`);
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
    // A new session starts a new view: getState replays only this session's events.
    this.batcher.restart();
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
      endedAt: null,
      endReason: null,
    });
    this.recorder.prepare(sessionId, plan.config.recording.enabled);
    const clock = this.opts.createClock();
    let live: LiveSession | null = null;
    const creating = createLiveSession(plan, {
      sessionId,
      clock,
      createProviders: this.opts.createProviders,
      limits: this.opts.limits,
      onEvent: (ev) => this.onSessionEvent(sessionId, ev),
      onAudio: (chunk) => this.pushes.emit({ event: 'audio', payload: chunk }),
      onUserAudio: (tMs, frame) => this.recorder.pushAudio(sessionId, 'user', tMs, frame),
      onAgentAudio: (chunk) => this.recorder.pushAudio(sessionId, 'agent', chunk.tMs, chunk),
      onEnded: (end) => this.onSessionEnded(sessionId, end, clock.now()),
      joinRoom: this.joinRoom,
      logger: this.opts.logger,
    });
    try {
      live = await withinLimit(clock, creating, this.opts.limits.startMs, 'building the providers');
      this.running = live;
      this.lastLive = live;
      this.beginRecording(sessionId, plan, live, clock.now());
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
      this.running = null;
      this.batcher.flush();
      this.recorder.end(sessionId, 'error', clock.now());
      this.setStatus({
        phase: 'error',
        lastError: message,
        inputMode: null,
        endedAt: this.opts.now(),
        endReason: 'error',
      });
      // A provider that cannot be built is the user's to fix: its own code and the setting.
      if (err instanceof ProviderStartError) return fail(err.code, message, err.field);
      return fail('failed', message);
    }
    this.opts.logger.log('info', 'session started', { sessionId, kind: plan.kind });
    if (this.running === live)
      this.setStatus({
        phase: 'running',
        currentAgent: live.agents.start.id,
        fallbacks: [...live.fallbacks],
      });
    return ok({ sessionId });
  }

  /** The session's providers are built: its recording folder starts, naming them. */
  private beginRecording(sessionId: string, plan: SessionPlan, live: LiveSession, t: number): void {
    if (plan.config.recording.dir !== undefined)
      live.report({
        type: 'warning',
        source: 'recorder',
        message: `recording.dir is used by the CLI only; the studio records into its recordings directory (${this.opts.recordingsDir})`,
      });
    this.recorder.begin(sessionId, {
      ...recordingStartOf(plan, live.agents.start.id, this.demoConfig, t),
      // The session goes on; the user learns the recording stopped from an error event.
      onFailure: (message) =>
        live.report({
          type: 'error',
          source: 'recorder',
          message: `recording stopped: ${message}`,
          recoverable: true,
        }),
    });
  }

  private async stop(input: ValidInput<'stopSession'>): Promise<CommandResult<'stopSession'>> {
    const live = this.running;
    if (!live) return fail('no_session', 'no session is running');
    this.setStatus({ phase: 'stopping' });
    await live.stop({ drain: input.drain ?? true });
    return ok({ stopped: true });
  }

  /**
   * The one path of a session's events: redacted once, then batched for the UI, recorded exactly
   * as the UI sees them, and followed by the status.
   */
  private onSessionEvent(sessionId: string, raw: EngineEvent): void {
    const ev = redactEvent(raw, this.redact);
    this.batcher.ingest(sessionId, [ev]);
    this.recorder.pushEvent(sessionId, ev);
    if (ev.type === 'error')
      this.opts.logger.log('warn', 'session error', { sessionId, source: ev.source, message: ev.message });
    this.statusKeeper.observe(ev, DEMO_FALLBACK_SOURCE);
  }

  /** However the session ended, the phase leaves running/stopping and the last batch goes out. */
  private onSessionEnded(sessionId: string, end: SessionEnd, endT: number): void {
    const status = this.statusKeeper.get();
    if (status.sessionId !== sessionId) return;
    this.running = null;
    this.batcher.flush();
    this.recorder.end(sessionId, recordingEndReason(end.reason), endT);
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
      endedAt: this.opts.now(),
      endReason: end.reason,
      lastError: failed
        ? (end.error ?? status.lastError ?? 'the session closed on an error')
        : status.lastError,
    });
  }

  async updateConfig(candidate: unknown): Promise<CommandResult<'updateConfig'>> {
    const parsed = StudioConfigSchema.safeParse(candidate);
    // Field paths are relative to the config (not `config.…`): the editor maps them to its form.
    if (!parsed.success) return invalidInput(parsed.error);
    const problem = checkConfigTools(parsed.data)[0];
    if (problem) return fail('invalid_input', `${problem.field}: ${problem.message}`, problem.field);
    const changed = changedPaths(this.config, parsed.data);
    const live = this.running;
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

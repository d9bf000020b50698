/**
 * The host's recorder: one recording folder (format v2, src/main/recording) per studio session,
 * unless the session's config says `recording.enabled: false`. It is fed what the UI saw (every
 * event, already redacted) and the audio on both sides of the engine with its event-clock time;
 * nothing here waits on the disk. The writer is created once the session's providers are built
 * (the manifest names them); events from before that are held and written first.
 *
 * A write failure (full disk, folder removed) stops the recording only: `onFailure` turns it into
 * an `error` event (source `recorder`, recoverable) and the session goes on. Ended recordings may
 * still be flushing; `settled()` waits for them (list/open and shutdown do).
 */
import { providerChain, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { RecordingEndReason, RecordingInputKind, RecordingProvider } from '../../shared/recording';
import type { AudioTrackName, PcmChunk, RecordingWriter, RecordingWriterOptions } from '../recording/api';
import type { Logger, Redactor } from '../log';
import type { CloseReason } from '../engine';
import type { SessionPlan } from './session-plan';

export type RecordingWriterFactory = (opts: RecordingWriterOptions) => RecordingWriter;

/** Events held before the writer exists (the start of a session is short; this is a bound, not a budget). */
const MAX_HELD_EVENTS = 10_000;

export interface StudioRecorderOptions {
  dir: string;
  createWriter: RecordingWriterFactory;
  appVersion: string;
  redact: Redactor;
  logger: Logger;
  /** Wall clock, epoch ms. */
  now: () => number;
}

export interface RecordingStart {
  startedAtT: number;
  inputKind: RecordingInputKind;
  config: StudioConfig;
  agents: string[];
  providers: RecordingProvider[];
  /** The recording stopped on a write error; the host reports it as an event. */
  onFailure(message: string): void;
}

interface Current {
  sessionId: string;
  held: EngineEvent[] | null;
  writer: RecordingWriter | null;
  lastT: number;
}

/** How a session's close reason reads in a manifest. */
export function recordingEndReason(reason: CloseReason): Exclude<RecordingEndReason, 'crashed'> {
  switch (reason) {
    case 'user_initiated':
      return 'stopped';
    case 'error':
      return 'error';
    case 'shutdown':
      return 'signal';
    default:
      return 'closed';
  }
}

/** What the manifest says about where the user came from. */
/** What a session's manifest says of it once its providers are built (the host adds onFailure). */
export function recordingStartOf(
  plan: SessionPlan,
  startAgentId: string,
  demoConfig: StudioConfig | null,
  t: number,
): Omit<RecordingStart, 'onFailure'> {
  return {
    startedAtT: t,
    inputKind: recordingInputKind(plan, demoConfig),
    config: plan.config,
    agents: [...new Set([startAgentId, ...Object.keys(plan.config.agents)])],
    providers: recordingProviders(plan.config),
  };
}

export function recordingInputKind(plan: SessionPlan, demoConfig: StudioConfig | null): RecordingInputKind {
  switch (plan.kind) {
    case 'scenario':
      return plan.config.scenarioPath ? 'scenario' : 'demo';
    case 'call':
      return demoConfig !== null && JSON.stringify(plan.config.caller) === JSON.stringify(demoConfig.caller)
        ? 'demo'
        : 'scenario';
    default:
      return plan.kind;
  }
}

/** The first provider of each configured chain, with its model where it has one. */
export function recordingProviders(config: StudioConfig): RecordingProvider[] {
  const out: RecordingProvider[] = [];
  const add = (slot: RecordingProvider['slot'], entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return;
    const e = entry as { provider?: unknown; model?: unknown };
    if (typeof e.provider !== 'string') return;
    out.push({ slot, provider: e.provider, ...(typeof e.model === 'string' ? { model: e.model } : {}) });
  };
  const p = config.providers as Record<string, unknown>;
  for (const slot of ['llm', 'stt', 'tts'] as const)
    if (p[slot] !== undefined) add(slot, providerChain(p[slot])[0]);
  if (p.vad !== undefined) add('vad', p.vad);
  return out;
}

export class StudioRecorder {
  private current: Current | null = null;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly opts: StudioRecorderOptions) {}

  /** The recording's folder while one is being written (null otherwise). */
  get path(): string | null {
    return this.current?.writer?.path ?? null;
  }

  /** A session is starting: hold its events until `begin` (or drop them at `end` if it never comes). */
  prepare(sessionId: string, enabled: boolean): void {
    this.current = enabled ? { sessionId, held: [], writer: null, lastT: 0 } : null;
  }

  /** Creates the recording folder and writes what was held. A writer that cannot start is a failure, not a crash. */
  begin(sessionId: string, start: RecordingStart): void {
    const cur = this.current;
    if (!cur || cur.sessionId !== sessionId || cur.writer) return;
    try {
      cur.writer = this.opts.createWriter({
        dir: this.opts.dir,
        sessionId,
        startedAtMs: this.opts.now(),
        startedAtT: start.startedAtT,
        inputKind: start.inputKind,
        config: start.config,
        agents: start.agents,
        providers: start.providers,
        source: null,
        appVersion: this.opts.appVersion,
        redact: this.opts.redact,
        logger: this.opts.logger,
        now: this.opts.now,
        onFailure: (message) => start.onFailure(message),
      });
    } catch (err) {
      this.current = null;
      start.onFailure(`the recording could not start: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const held = cur.held ?? [];
    cur.held = null;
    for (const ev of held) cur.writer.pushEvent(ev);
  }

  /** One event as pushed to the UI (redacted). */
  pushEvent(sessionId: string, ev: EngineEvent): void {
    const cur = this.current;
    if (!cur || cur.sessionId !== sessionId) return;
    cur.lastT = Math.max(cur.lastT, ev.t);
    if (cur.writer) cur.writer.pushEvent(ev);
    else if (cur.held && cur.held.length < MAX_HELD_EVENTS) cur.held.push(ev);
  }

  /** Audio the engine heard (`user`) or played (`agent`), its first sample at event time `tMs`. */
  pushAudio(sessionId: string, track: AudioTrackName, tMs: number, chunk: PcmChunk): void {
    const cur = this.current;
    if (!cur?.writer || cur.sessionId !== sessionId || chunk.data.length === 0) return;
    cur.writer.pushAudio(track, tMs, chunk);
  }

  /** Ends the session's recording without making anyone wait on the disk. */
  end(sessionId: string, reason: Exclude<RecordingEndReason, 'crashed'>, endT?: number): void {
    const cur = this.current;
    if (!cur || cur.sessionId !== sessionId) return;
    this.current = null;
    const writer = cur.writer;
    if (!writer) return;
    const closing = writer
      .close({ reason, endT: Math.max(endT ?? cur.lastT, cur.lastT), endedAtMs: this.opts.now() })
      .catch((err: unknown) =>
        this.opts.logger.log('warn', 'recording close failed', {
          path: writer.path,
          error: err instanceof Error ? err.message : String(err),
        }),
      )
      .finally(() => this.closing.delete(closing));
    this.closing.add(closing);
  }

  /** Resolves once every ended session's recording is fully on disk. */
  async settled(): Promise<void> {
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }
}

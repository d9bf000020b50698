/**
 * A headless real-time session fed from recorded audio: the configured (real) providers hear the
 * audio as a microphone would, in real time, while typed turns and timed actions are replayed at
 * their times; the agent's voice is played on the real clock and recorded. This is `run --config
 * FILE --input FILE.wav` and `rerun REC --realtime`. Providers are built before anything runs,
 * so a config that cannot be built fails the start naming the field (ProviderStartError).
 */
import { randomUUID } from 'node:crypto';
import { providerChain, type StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { RecordingInputKind, RecordingProvider } from '../../shared/recording';
import { type Clock, RealClock } from '../engine';
import type { Logger, Redactor } from '../log';
import type { RecordingWriter, RecordingWriterOptions } from '../recording/api';
import { createLiveSession } from '../studio/create-live-session';
import { DEFAULT_LIMITS, type LiveSession, type SessionEnd } from '../studio/live-session';
import { redactEvent } from '../studio/redaction';
import type { ProviderFactory } from '../studio/session-providers';
import type { ActionFact } from './session-facts';

export interface RealtimeRunOptions {
  config: StudioConfig;
  /** The user's audio, played from t = `audioAtMs` after the session started. */
  audio: { sampleRate: number; channels: number; data: Int16Array };
  audioAtMs?: number;
  /** Typed turns and actions, `t` in ms after the session started. */
  actions?: ActionFact[];
  createProviders: ProviderFactory;
  recordingsDir: string | null;
  createWriter: (opts: RecordingWriterOptions) => RecordingWriter;
  appVersion: string;
  redact: Redactor;
  logger: Logger;
  inputKind: RecordingInputKind;
  source?: { id: string; path: string } | null;
  /** Stop early (a signal): the session drains and closes, the recording ends. */
  signal?: AbortSignal;
  /** After the audio and actions, the session ends once the agent has been listening this long. */
  quietMs?: number;
  clock?: Clock;
}

export interface RealtimeRunResult {
  id: string | null;
  path: string | null;
  clock: 'real';
  end: SessionEnd;
  events: EngineEvent[];
}

function providersOf(config: StudioConfig): RecordingProvider[] {
  const out: RecordingProvider[] = [];
  for (const slot of ['llm', 'stt', 'tts'] as const) {
    const first = providerChain(config.providers[slot])[0] as { provider: string; model?: string };
    out.push({ slot, provider: first.provider, ...(first.model ? { model: first.model } : {}) });
  }
  out.push({ slot: 'vad', provider: config.providers.vad.provider });
  return out;
}

function runAction(live: LiveSession, a: ActionFact, failed: (what: string, err: unknown) => void): void {
  // a typed turn first interrupts what is playing (textInputInterrupts), so it answers later
  if (a.kind === 'typed') live.sendText(a.text).catch((err: unknown) => failed('typed turn', err));
  else if (a.kind === 'say') live.say(a.text, a.allowInterruptions);
  else if (a.kind === 'interrupt') void live.interrupt(a.force).catch(() => undefined);
  else if (a.kind === 'generateReply') live.generateReply({});
  else if (a.kind === 'updateOptions') live.session.updateOptions({ [a.field]: a.value });
  else void live.agents.start.updateInstructions(a.instructions).catch(() => undefined);
}

export async function runRealtime(opts: RealtimeRunOptions): Promise<RealtimeRunResult> {
  const clock = opts.clock ?? new RealClock();
  const sessionId = randomUUID().slice(0, 8);
  const events: EngineEvent[] = [];
  let writer: RecordingWriter | null = null;
  let ended!: (end: SessionEnd) => void;
  const endedP = new Promise<SessionEnd>((r) => (ended = r));
  let played!: () => void;
  const playedP = new Promise<void>((r) => (played = r));
  const { audio } = opts;
  const live = await createLiveSession(
    {
      kind: 'recorded-audio',
      config: opts.config,
      audio,
      audioAtMs: opts.audioAtMs ?? 0,
      // Stamped with its due time: the track stays gapless and aligned even when a timer is late.
      onFrame: (due, frame) => writer?.pushAudio('user', due, frame),
      onPlayed: () => played(),
    },
    {
      sessionId,
      clock,
      createProviders: opts.createProviders,
      limits: DEFAULT_LIMITS,
      onEvent: (ev) => {
        const safe = redactEvent(ev, opts.redact);
        events.push(safe);
        writer?.pushEvent(safe);
      },
      onAudio: () => undefined,
      // What played, at the time it played (the speakers' tap; never what an interruption cut off).
      onAgentAudio: (chunk) => writer?.pushAudio('agent', chunk.tMs, chunk),
      onEnded: (end) => ended(end),
    },
  );
  if (opts.recordingsDir !== null)
    writer = opts.createWriter({
      dir: opts.recordingsDir,
      sessionId,
      startedAtMs: Date.now(),
      startedAtT: clock.now(),
      inputKind: opts.inputKind,
      config: opts.config,
      agents: ['default_agent', ...Object.keys(opts.config.agents)],
      providers: providersOf(opts.config),
      source: opts.source ?? null,
      appVersion: opts.appVersion,
      redact: opts.redact,
      logger: opts.logger,
      onFailure: (m) => opts.logger.log('error', 'the recording stopped', { error: m }),
    });
  for (const ev of events) writer?.pushEvent(ev);
  await live.start();
  const t0 = clock.now();
  const failed = (what: string, err: unknown): void =>
    opts.logger.log('error', `a ${what} of the recording could not be replayed`, {
      error: err instanceof Error ? err.message : String(err),
    });
  const timers = (opts.actions ?? []).map((a) =>
    clock.setTimer(() => runAction(live, a, failed), Math.max(0, a.t)),
  );
  const lastAction = Math.max(0, ...(opts.actions ?? []).map((a) => a.t));
  const stop = () => void live.stop({ drain: true, reason: 'user_initiated' });
  opts.signal?.addEventListener('abort', stop, { once: true });

  // The session feeds the audio frame by frame on the clock (session-io/recorded-audio-io.ts).
  await playedP;
  const rest = lastAction - (clock.now() - t0);
  if (rest > 0 && !opts.signal?.aborted) await clock.sleep(rest);
  // Done when the agent has been listening for quietMs (it may still answer the last words).
  const quietMs = opts.quietMs ?? 3000;
  let quietSince = clock.now();
  const off = live.session.onEvent((ev) => {
    if (ev.type === 'agent_state_changed' || ev.type === 'user_state_changed') quietSince = clock.now();
  });
  while (!opts.signal?.aborted) {
    const state = live.session.agentState;
    if (state === 'listening' && clock.now() - quietSince >= quietMs) break;
    if (state !== 'listening') quietSince = clock.now();
    await clock.sleep(100);
    if (events.some((e) => e.type === 'close')) break;
  }
  off();
  for (const t of timers) t.cancel();
  stop();
  const end = await endedP;
  const lastT = events.at(-1)?.t ?? clock.now();
  await writer?.close({
    reason: end.reason === 'error' ? 'error' : 'closed',
    endT: lastT,
    endedAtMs: Date.now(),
  });
  return { id: writer?.id ?? null, path: writer?.path ?? null, clock: 'real', end, events };
}

/**
 * Test rig for the live session host: a SessionHost whose sessions, batches and limits all run
 * on one VirtualClock, so a 45 s demo plays in milliseconds and every assertion about "what was
 * pushed when" is deterministic. Test-only; not part of the studio. Each rig is closed when its
 * test finishes: a session still running is stopped, its recording closed, and the rig's
 * folders removed — a host left running kept its recording's files open until garbage
 * collection, and Node's warning about that landed in whichever test of the same process was
 * capturing stderr then (a CLI test asserting its exact stderr failed one run in three).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StudioConfig } from '../../../shared/config';
import type { EngineEvent, EngineEventOf } from '../../../shared/engine-events';
import type { TimerHandle } from '../../engine/base/clock';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { createMemoryLogger } from '../../log';
import { scenarioTts } from '../../simulation/scenario-providers';
import type { TtsResponse } from '../../simulation/scenario-loader';
import { SessionHost, type HostPush, type SessionHostOptions } from '../session-host';
import { tableLlm } from '../../providers/simulated/index';
import type { ProviderFactory } from '../session-providers';
import { onTestFinished } from 'vitest';

/** Scripted providers for text sessions: the config's simulated LLM and a scripted TTS. */
export function scriptedProviders(
  tts: readonly TtsResponse[] = [],
  record?: { closed: number },
): ProviderFactory {
  return async (config, deps) => {
    const llm = Array.isArray(config.providers.llm) ? config.providers.llm[0] : config.providers.llm;
    if (llm.provider !== 'simulated') throw new Error('the test rig scripts only the simulated LLM');
    return {
      llm: tableLlm(llm, deps.clock),
      tts: scenarioTts(deps.clock, tts),
      stt: null,
      vad: null,
      caller: null,
      warnings: [],
      close: async () => {
        if (record) record.closed += 1;
      },
    };
  };
}

export function hostRig(extra: Partial<SessionHostOptions> = {}) {
  const clock = new VirtualClock(0);
  const logger = createMemoryLogger();
  const ownDirs: string[] = [];
  const scratch = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    ownDirs.push(dir);
    return dir;
  };
  const host = new SessionHost({
    transport: 'websocket',
    logger,
    now: () => clock.instantMs,
    setTimer: (fn, ms) => clock.setTimer(fn, ms),
    clearTimer: (h) => (h as TimerHandle).cancel(),
    createClock: () => clock,
    createProviders: scriptedProviders(),
    // Hermetic: never the user's key file.
    keys: null,
    presetsDir: extra.presetsDir ?? scratch('studio-presets-'),
    recordingsDir: extra.recordingsDir ?? scratch('studio-recordings-'),
    ...extra,
  });
  const pushes: Array<HostPush & { at: number }> = [];
  host.subscribe((p) => pushes.push({ ...p, at: clock.instantMs }));

  /**
   * Runs the clock until `p` settles and returns it. Some of a start is real I/O (reading the
   * scenario file), so when no timer is due the rig waits a real moment instead of concluding.
   */
  async function drive<T>(
    p: Promise<T> | T,
    limitMs = 120_000,
    opts: { realWaitMs?: number } = {},
  ): Promise<T> {
    let done = false;
    const settled = Promise.resolve(p).finally(() => void (done = true));
    settled.catch(() => undefined);
    // Work that is real I/O only (spawning a voice, loading a model) gets real time before the
    // clock may move, or the start's time limit would fire in virtual time meanwhile.
    if (opts.realWaitMs) {
      await Promise.race([
        settled.catch(() => undefined),
        new Promise((res) => setTimeout(res, opts.realWaitMs)),
      ]);
    }
    const deadline = clock.instantMs + limitMs;
    const realDeadline = Date.now() + 10_000;
    while (!done && clock.instantMs < deadline && Date.now() < realDeadline) {
      const next = clock.nextDue();
      if (next === null || next > deadline) await new Promise((r) => setTimeout(r, 1));
      else await clock.runUntil(next, () => done);
    }
    if (!done) throw new Error(`did not settle within ${limitMs} ms of virtual time`);
    return settled;
  }

  const events = (): EngineEvent[] => pushes.flatMap((p) => (p.event === 'events' ? p.payload.events : []));
  const ofType = <T extends EngineEvent['type']>(type: T): EngineEventOf<T>[] =>
    events().filter((e): e is EngineEventOf<T> => e.type === type);
  const statuses = () => pushes.flatMap((p) => (p.event === 'status' ? [p.payload] : []));
  const config = (): StudioConfig => host.getConfig();

  /** Stops what still runs, waits for its recording to close, removes the rig's folders. */
  async function close(): Promise<void> {
    await drive(host.idle()).catch(() => undefined);
    await drive(host.handlers.stopSession({ drain: false })).catch(() => undefined);
    await drive(host.recordingsSettled()).catch(() => undefined);
    host.dispose();
    for (const dir of ownDirs) rmSync(dir, { recursive: true, force: true });
  }
  onTestFinished(close);
  return { clock, logger, host, pushes, drive, events, ofType, statuses, config };
}

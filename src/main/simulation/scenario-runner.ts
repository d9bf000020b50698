/**
 * Runs one scenario (format §6, §15): a real AgentSession on a VirtualClock with the scripted
 * fakes, t = 0 at the first audio frame right after start, actions on the script timeline, then
 * drain and close. A session that closes by itself ends the run at its close event; one whose
 * start raises runs nothing else. A run that does not close, or leaves a task, timer or stream
 * behind, fails: a leak is a bug even when every expectation holds.
 */
import type { ChatItemData, EngineEvent } from '../../shared/engine-events';
import { VirtualClock } from '../engine';
import { checkExpectations, type CheckFailure, type RunRecord } from './expectations';
import type { Scenario } from './scenario-loader';
import {
  resolveRunLimits,
  ScenarioBudgetError,
  virtualTimeExceeded,
  wallBudgetExceeded,
  type RunLimits,
} from './run-limits';
import { buildSimulatedWorld } from './simulated-world';
import { ActionOutcomes } from './action-outcomes';

/** Virtual time allowed for start() and for drain + close (format §6). */
export const START_LIMIT_MS = 10_000;
export const CLOSE_LIMIT_MS = 60_000;
/**
 * The simulated microphone's frame length in a headless run. The scripted VAD and STT only count
 * the frames they are given and never read one (what is heard comes from the script), and the
 * engine does nothing with input audio that depends on a frame's length, so the events and their
 * virtual times are the same at any length (rerun-golden.test.ts pins them); only the cost
 * changes: at the studio's live 10 ms, an hour-long re-run spent most of its time moving 360,000
 * silent frames (a clock timer, a settle and the forwarding to VAD and STT each).
 */
export const RUN_INPUT_FRAME_MS = 1000;

export interface ScenarioRun {
  record: RunRecord;
  /** Problems of the run itself (did not start/close, leaks, action errors). */
  runFailures: CheckFailure[];
  /** Script time at which the session finished closing. */
  endedAtMs: number;
}

export interface ScenarioOutcome extends ScenarioRun {
  failures: CheckFailure[];
}

/** The script times the run end waits for (§15.1): each user speech's transcript, each action, each realtime event. */
function scriptTimes(scenario: Scenario): number[] {
  return [
    ...scenario.userSpeeches.map((s) => s.endMs + s.sttDelayMs),
    ...scenario.actions.map((a) => a.atMs),
    ...scenario.realtime.events.map((e) => e.atMs),
  ];
}

/** When the harness stops feeding the session and starts draining it, in script ms. */
export function runEndMs(scenario: Scenario): number {
  return Math.max(0, ...scriptTimes(scenario)) + scenario.drainAfterMs;
}

const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Node's setTimeout fires at once above this; a larger budget means no watchdog at all. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs the scenario and returns what happened, without judging expectations. A script longer
 * than `limits.maxVirtualMs` does not run; a run past `limits.wallBudgetMs` of real time is
 * stopped at the next engine step. Both fail the run under the check `budget`.
 */
export async function executeScenario(
  scenario: Scenario,
  limits: Partial<RunLimits> = {},
): Promise<ScenarioRun> {
  const { maxVirtualMs, wallBudgetMs } = resolveRunLimits(limits);
  const clock = new VirtualClock(0);
  const runFailures: CheckFailure[] = [];
  const fail = (check: string, message: string): void =>
    void runFailures.push({ check, message: `${check}: ${message}` });
  const scriptEndMs = runEndMs(scenario);
  if (scriptEndMs > maxVirtualMs) {
    fail('budget', virtualTimeExceeded(scriptEndMs, maxVirtualMs).message);
    const nothing = { originMs: 0, events: [], llmRequests: [], playbackFinished: [], chatContext: [] };
    return { record: nothing, runFailures, endedAtMs: 0 };
  }
  const actions = new ActionOutcomes(
    () => clock.instantMs,
    (message) => fail('actions', message),
  );
  const world = buildSimulatedWorld(scenario, clock, {
    onActionRun: (i, a) => actions.ran(i, a),
    onActionError: (i, a, err) => actions.threw(i, a, err),
    onActionRejected: (i, a, err) => actions.rejected(i, a, err),
    inputFrameMs: RUN_INPUT_FRAME_MS,
  });
  const { session, timeline, output, llm } = world;

  const onUnhandled = (reason: unknown): void =>
    fail('errors', `unhandled rejection during the run: ${errText(reason)}`);
  process.on('unhandledRejection', onUnhandled);

  const events: EngineEvent[] = [];
  /** The session may close itself (a tool's shutdown, too many errors) before the run ends. */
  let sessionClosed = false;
  const unsubscribe = session.onEvent((ev) => {
    events.push(ev);
    if (ev.type === 'close' && !sessionClosed) {
      sessionClosed = true;
      // §15.2: the run ends here; later script items and actions are not delivered
      world.stop();
    }
  });

  let chatContext: ChatItemData[] = [];
  /** §14.2: realtime calls from here on are the harness's drain and close, not checked. */
  let realtimeCallsChecked: number | null = null;
  let realtimeConversation: ChatItemData[] = [];
  const snapshotChat = (): void => {
    realtimeConversation = world.realtime?.sessions.at(-1)?.chatCtx.toData() ?? realtimeConversation;
    try {
      chatContext = session.currentAgent.chatCtx.toData();
    } catch {
      // keep the last snapshot: the agent may be unreachable once closed
    }
  };
  const record = (): RunRecord => ({
    originMs: timeline.originMs ?? 0,
    events,
    llmRequests: llm.requests,
    playbackFinished: output.playbackFinished,
    chatContext,
    ...(world.realtime
      ? {
          realtime: {
            calls: world.realtime.calls.slice(0, realtimeCallsChecked ?? undefined),
            chatContext: realtimeConversation,
          },
        }
      : {}),
  });

  // The watchdog only raises a flag: the clock loops below stop at their next step and throw.
  let overBudget = false;
  const watchdog =
    wallBudgetMs < MAX_TIMER_MS ? setTimeout(() => void (overBudget = true), wallBudgetMs) : null;
  const checkBudget = (): void => {
    if (overBudget) throw wallBudgetExceeded(wallBudgetMs, clock.instantMs - (timeline.originMs ?? 0));
  };

  try {
    let started = false;
    let startError: unknown = null;
    world.start().then(
      () => void (started = true),
      (err: unknown) => void (startError = err ?? new Error('start failed')),
    );
    await clock.runUntilDone(() => started || startError !== null || overBudget, START_LIMIT_MS);
    checkBudget();
    if (startError !== null) {
      // §15.3: nothing else runs; the session is neither drained nor closed
      if (!scenario.expect.startFails) fail('run', `session.start() failed: ${errText(startError)}`);
      world.stop();
      return { record: record(), runFailures, endedAtMs: 0 };
    }
    if (!started)
      throw new Error(`session.start() did not finish within ${START_LIMIT_MS} ms of virtual time`);
    if (scenario.expect.startFails)
      fail('startFails', 'expected session.start() to fail (expect.startFails), but it started');

    const origin = timeline.originMs ?? 0;
    await clock.runUntil(origin + scriptEndMs, () => sessionClosed || overBudget);
    checkBudget();

    let closed = false;
    let closeError: unknown = null;
    if (!sessionClosed) realtimeCallsChecked = world.realtime?.calls.length ?? null;
    const closing = (async () => {
      if (sessionClosed) return;
      try {
        await session.drain();
      } finally {
        snapshotChat();
        await session.close();
      }
    })().then(
      () => void (closed = true),
      (err: unknown) => void ((closeError = err ?? new Error('close failed')), (closed = true)),
    );
    await clock.runUntilDone(() => closed || overBudget, CLOSE_LIMIT_MS);
    checkBudget();
    const ok = closed;
    if (!ok)
      fail(
        'close',
        `the session did not close within ${CLOSE_LIMIT_MS} ms of virtual time after the run ended`,
      );
    if (closeError !== null) fail('close', `drain/close threw ${errText(closeError)}`);
    if (ok) await closing;
    snapshotChat();
    actions.checkExpectedErrors();
    const endedAtMs = clock.instantMs - origin;

    // Only the harness's own producers may still be running; stop them, then nothing may be left.
    world.stop();
    await clock.settle();
    if (ok) {
      const left = leakMessages({
        pendingWork: session.pendingWork(),
        openFakeStreams: world.openFakeStreams(),
        outputBusy: output.positionMs > 0 || output.isPaused,
        pendingTimers: clock.pendingTimerCount(),
      });
      for (const m of left) fail('leaks', m);
    }
    return { record: record(), runFailures, endedAtMs };
  } catch (err) {
    if (err instanceof ScenarioBudgetError) fail('budget', err.message);
    else fail('run', `the run failed: ${errText(err)}`);
    snapshotChat();
    return { record: record(), runFailures, endedAtMs: clock.instantMs - (timeline.originMs ?? 0) };
  } finally {
    if (watchdog) clearTimeout(watchdog);
    world.stop();
    output.dispose();
    unsubscribe();
    process.off('unhandledRejection', onUnhandled);
  }
}

/** What is left after close; anything here is a leak. */
export interface Leftovers {
  pendingWork: string[];
  openFakeStreams: string[];
  outputBusy: boolean;
  pendingTimers: number;
}

export function leakMessages(left: Leftovers): string[] {
  const out: string[] = [];
  if (left.pendingWork.length > 0)
    out.push(`engine work still pending after close: ${left.pendingWork.join(', ')}`);
  if (left.openFakeStreams.length > 0)
    out.push(`provider streams the engine never closed: ${left.openFakeStreams.join(', ')}`);
  if (left.outputBusy)
    out.push('the audio output is still playing or paused after close (no clearBuffer/resume)');
  if (left.pendingTimers > 0) out.push(`${left.pendingTimers} clock timer(s) still pending after close`);
  return out;
}

/** Runs a scenario and checks its expectations (not those of a run its budgets stopped). */
export async function runScenario(
  scenario: Scenario,
  limits: Partial<RunLimits> = {},
): Promise<ScenarioOutcome> {
  const run = await executeScenario(scenario, limits);
  if (run.runFailures.some((f) => f.check === 'budget')) return { ...run, failures: run.runFailures };
  const failures = [
    ...run.runFailures,
    ...checkExpectations(scenario.expect, run.record, scenario.toleranceMs),
  ];
  return { ...run, failures };
}

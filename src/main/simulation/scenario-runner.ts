/**
 * Runs one scenario (format §6): a real AgentSession on a VirtualClock with the scripted fakes,
 * t = 0 at the first audio frame right after start, actions on the script timeline, then drain
 * and close. A run that does not close, or leaves a task, timer or stream behind, fails: a leak
 * is a bug even when every expectation holds.
 */
import type { ChatItemData, EngineEvent } from '../../shared/engine-events';
import { VirtualClock } from '../engine/base/virtual-clock';
import { AgentSession } from '../engine/voice/agent-session';
import { checkExpectations, type CheckFailure, type RunRecord } from './expectations';
import { FakeAudioInput } from './fake-audio-input';
import { FakeAudioOutput } from './fake-audio-output';
import { FakeLLM } from './fake-llm';
import { FakeSTT } from './fake-stt';
import { FakeTTS } from './fake-tts';
import { FakeVAD } from './fake-vad';
import { ScenarioAgents } from './scenario-agent';
import type { Scenario } from './scenario-loader';
import type { Action } from './scenario-schema';
import { LANE, ScriptTimeline } from './script-timeline';
import { SimulatedUser } from './simulated-user';

/** Virtual time allowed for start() and for drain + close (format §6). */
export const START_LIMIT_MS = 10_000;
export const CLOSE_LIMIT_MS = 60_000;

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

/** When the harness stops feeding the session and starts draining it, in script ms. */
export function runEndMs(scenario: Scenario): number {
  const speechEnds = scenario.userSpeeches.map((s) => s.endMs + s.sttDelayMs);
  const actionTimes = scenario.actions.map((a) => a.atMs);
  return Math.max(0, ...speechEnds, ...actionTimes) + scenario.drainAfterMs;
}

function actionKind(a: Action): string {
  const { atMs: _atMs, ...rest } = a;
  return Object.keys(rest).find((k) => (rest as Record<string, unknown>)[k] !== undefined) ?? 'unknown';
}

/** Calls the session for one action, synchronously; async parts are collected for the end. */
function runAction(session: AgentSession, a: Action, pending: Promise<unknown>[]): void {
  if (a.interrupt) pending.push(session.interrupt({ force: a.interrupt.force }));
  else if (a.generateReply) session.generateReply(a.generateReply);
  else if (a.say) session.say(a.say.text, { allowInterruptions: a.say.allowInterruptions, addToChatCtx: a.say.addToChatCtx });
  else if (a.updateOptions) session.updateOptions(a.updateOptions);
  else if (a.updateInstructions !== undefined) pending.push(session.currentAgent.updateInstructions(a.updateInstructions));
  else if (a.commitUserTurn) session.commitUserTurn(a.commitUserTurn);
  else if (a.clearUserTurn) session.clearUserTurn();
}

const errText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Runs the scenario and returns what happened, without judging expectations. */
export async function executeScenario(scenario: Scenario): Promise<ScenarioRun> {
  const clock = new VirtualClock(0);
  const timeline = new ScriptTimeline(clock);
  const user = new SimulatedUser(scenario.userSpeeches, timeline);
  const llm = new FakeLLM(clock, scenario.llmResponses);
  const tts = new FakeTTS(clock, scenario.ttsResponses);
  const output = new FakeAudioOutput(clock, { canPause: scenario.audioOutput.canPause });
  const input = new FakeAudioInput(clock);
  const runFailures: CheckFailure[] = [];
  const fail = (check: string, message: string): void => void runFailures.push({ check, message: `${check}: ${message}` });

  const onUnhandled = (reason: unknown): void => fail('errors', `unhandled rejection during the run: ${errText(reason)}`);
  process.on('unhandledRejection', onUnhandled);

  const agents = new ScenarioAgents(scenario, { clock });
  const session = new AgentSession({
    clock,
    options: scenario.options,
    vad: new FakeVAD(clock, user),
    stt: new FakeSTT(user),
    llm,
    tts,
  });
  const events: EngineEvent[] = [];
  /** The session may close itself (a tool's shutdown, too many errors) before the run ends. */
  let sessionClosed = false;
  const unsubscribe = session.onEvent((ev) => {
    events.push(ev);
    if (ev.type === 'close') sessionClosed = true;
  });

  const pending: Promise<unknown>[] = [];
  scenario.actions.forEach((a, i) => {
    timeline.add(a.atMs, LANE.action, actionKind(a), () => {
      try {
        runAction(session, a, pending);
      } catch (err) {
        fail('actions', `actions[${i}] (${actionKind(a)} at ${a.atMs}) threw ${errText(err)}`);
      }
    });
  });

  let chatContext: ChatItemData[] = [];
  const snapshotChat = (): void => {
    try {
      chatContext = session.currentAgent.chatCtx.toData();
    } catch {
      // keep the last snapshot: the agent may be unreachable once closed
    }
  };

  try {
    let started = false;
    let startError: unknown = null;
    session.start({ agent: agents.start, audioInput: input, audioOutput: output }).then(
      () => void (started = true),
      (err: unknown) => void (startError = err ?? new Error('start failed')),
    );
    await clock.runUntilDone(() => started || startError !== null, START_LIMIT_MS);
    if (startError !== null) throw startError;
    if (!started) throw new Error(`session.start() did not finish within ${START_LIMIT_MS} ms of virtual time`);

    // t = 0: the first audio frame, with every scripted event armed relative to it.
    timeline.start();
    input.start();
    const origin = timeline.originMs ?? 0;
    await clock.runUntil(origin + runEndMs(scenario), () => sessionClosed);

    let closed = false;
    let closeError: unknown = null;
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
    const ok = await clock.runUntilDone(() => closed, CLOSE_LIMIT_MS);
    if (!ok) fail('close', `the session did not close within ${CLOSE_LIMIT_MS} ms of virtual time after the run ended`);
    if (closeError !== null) fail('close', `drain/close threw ${errText(closeError)}`);
    if (ok) await closing;
    snapshotChat();
    const endedAtMs = clock.instantMs - origin;

    // Only the harness's own producers may still be running; stop them, then nothing may be left.
    input.stop();
    timeline.stop();
    const settled = await Promise.allSettled(pending);
    settled.forEach((r) => r.status === 'rejected' && fail('actions', `an action's promise rejected: ${errText(r.reason)}`));
    await clock.settle();
    if (ok) {
      const left = leakMessages({
        pendingWork: session.pendingWork(),
        openFakeStreams: [...user.openStreams(), ...llm.openStreams(), ...tts.openStreams()],
        outputBusy: output.positionMs > 0 || output.isPaused,
        pendingTimers: clock.pendingTimerCount(),
      });
      for (const m of left) fail('leaks', m);
    }
    return { record: { originMs: origin, events, llmRequests: llm.requests, playbackFinished: output.playbackFinished, chatContext }, runFailures, endedAtMs };
  } catch (err) {
    fail('run', `the run failed: ${errText(err)}`);
    snapshotChat();
    return {
      record: { originMs: timeline.originMs ?? 0, events, llmRequests: llm.requests, playbackFinished: output.playbackFinished, chatContext },
      runFailures,
      endedAtMs: clock.instantMs - (timeline.originMs ?? 0),
    };
  } finally {
    input.stop();
    timeline.stop();
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
  if (left.pendingWork.length > 0) out.push(`engine work still pending after close: ${left.pendingWork.join(', ')}`);
  if (left.openFakeStreams.length > 0) out.push(`provider streams the engine never closed: ${left.openFakeStreams.join(', ')}`);
  if (left.outputBusy) out.push('the audio output is still playing or paused after close (no clearBuffer/resume)');
  if (left.pendingTimers > 0) out.push(`${left.pendingTimers} clock timer(s) still pending after close`);
  return out;
}

/** Runs a scenario and checks its expectations. */
export async function runScenario(scenario: Scenario): Promise<ScenarioOutcome> {
  const run = await executeScenario(scenario);
  const failures = [...run.runFailures, ...checkExpectations(scenario.expect, run.record, scenario.toleranceMs)];
  return { ...run, failures };
}

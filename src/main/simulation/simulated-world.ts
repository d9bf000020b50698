/**
 * Everything a scenario simulates around the engine, built in one place so the headless runner
 * and the studio (which plays a scenario live on the real clock, as its demo and simulated
 * caller) wire the same fakes the same way. Works with any Clock: on the VirtualClock a run is
 * deterministic, on the RealClock it plays in real time.
 */
import {
  AgentSession,
  type Clock,
  type EventBus,
  type ScriptedSTT,
  type ScriptedTTS,
  type ScriptedVAD,
  SPEECH_PRIORITY_HIGH,
  SPEECH_PRIORITY_LOW,
  SPEECH_PRIORITY_NORMAL,
  type ScriptedRealtimeModel,
  TypedTextInput,
} from '../engine';
import type { Action } from './scenario-schema';
import { ScriptedMicrophone } from './scripted-microphone';
import { ScriptedSpeaker } from './scripted-speaker';
import type { SpeechPriorityName } from './scenario-schema-v2';
import { agentsFromConfig, type ConfigAgents } from '../agents-config';
import type { Scenario } from './scenario-loader';
import { LANE, ScriptTimeline } from './script-timeline';
import { scenarioRealtimeModel } from './realtime-scenario';
import { scenarioLlm, scenarioStt, scenarioTts, scenarioVad, type ScenarioLLM } from './scenario-providers';
import { ScriptedUser } from './scripted-user';

export interface SimulatedWorld {
  clock: Clock;
  timeline: ScriptTimeline;
  user: ScriptedUser;
  /** Null when the file's `components` leave it out (format v2 §10): the session has none. */
  vad: ScriptedVAD | null;
  stt: ScriptedSTT | null;
  llm: ScenarioLLM;
  /** The fake realtime model (format §11), the session's LLM when the file has `realtimeModel`. */
  realtime: ScriptedRealtimeModel | null;
  tts: ScriptedTTS | null;
  input: ScriptedMicrophone;
  output: ScriptedSpeaker;
  agents: ConfigAgents;
  session: AgentSession;
  /** Provider streams still open (a closed session must have closed them all). */
  openFakeStreams(): string[];
  /** Starts the session, then sets t = 0: the first audio frame and the script's clock. */
  start(): Promise<void>;
  /** Stops the harness's own producers (audio input, remaining script). */
  stop(): void;
}

export interface WorldHooks {
  /** An action is about to be delivered (index in `actions`). */
  onActionRun?(index: number, action: Action): void;
  /** An action threw synchronously (index in `actions`). */
  onActionError?(index: number, action: Action, err: unknown): void;
  /** An action's async part (interrupt, updateInstructions) settled with an error. */
  onActionRejected?(index: number, action: Action, err: unknown): void;
  /**
   * Length of the simulated microphone's silent frames (default 10 ms). The scripted VAD and STT
   * decide what is heard, so only the cost of a long run depends on it (the headless runner uses
   * RUN_INPUT_FRAME_MS, the soak 500 ms).
   */
  inputFrameMs?: number;
  /** The bus the session emits into (the studio's, shared with its own events); default its own. */
  events?: EventBus;
}

export function actionKind(a: Action): string {
  const { atMs: _atMs, expectError: _expectError, ...rest } = a;
  return Object.keys(rest).find((k) => (rest as Record<string, unknown>)[k] !== undefined) ?? 'unknown';
}

const PRIORITY: Record<SpeechPriorityName, number> = {
  low: SPEECH_PRIORITY_LOW,
  normal: SPEECH_PRIORITY_NORMAL,
  high: SPEECH_PRIORITY_HIGH,
};

/** Calls the session for one action, synchronously; returns the async part, if any. */
function runAction(session: AgentSession, text: TypedTextInput, a: Action): Promise<unknown> | null {
  if (a.interrupt) return session.interrupt({ force: a.interrupt.force });
  if (a.userText !== undefined) return text.submit(a.userText);
  if (a.generateReply) {
    const { priority, ...opts } = a.generateReply;
    session.generateReply({ ...opts, priority: PRIORITY[priority ?? 'normal'] });
  } else if (a.say)
    session.say(a.say.text, {
      allowInterruptions: a.say.allowInterruptions,
      addToChatCtx: a.say.addToChatCtx,
      priority: PRIORITY[a.say.priority ?? 'normal'],
    });
  else if (a.updateOptions) session.updateOptions(a.updateOptions);
  else if (a.updateInstructions !== undefined)
    return session.currentAgent.updateInstructions(a.updateInstructions);
  else if (a.commitUserTurn) session.commitUserTurn(a.commitUserTurn);
  else if (a.clearUserTurn) session.clearUserTurn();
  else if (a.close) return session.close();
  return null;
}

export function buildSimulatedWorld(
  scenario: Scenario,
  clock: Clock,
  hooks: WorldHooks = {},
): SimulatedWorld {
  const timeline = new ScriptTimeline(clock);
  const user = new ScriptedUser(scenario.userSpeeches, timeline);
  const { components } = scenario;
  const vad = components.vad ? scenarioVad(clock, user) : null;
  const stt = components.stt ? scenarioStt(clock, user) : null;
  const llm = scenarioLlm(clock, scenario.llmResponses);
  const realtime = scenarioRealtimeModel(clock, scenario.realtimeModel, scenario.realtime);
  const tts = components.tts ? scenarioTts(clock, scenario.ttsResponses) : null;
  const output = new ScriptedSpeaker(clock, { canPause: scenario.audioOutput.canPause });
  const input = new ScriptedMicrophone(clock, hooks.inputFrameMs);
  const agents = agentsFromConfig(scenario, { clock });
  const session = new AgentSession({
    clock,
    options: scenario.options,
    vad,
    stt,
    llm: realtime ?? llm,
    tts,
    ...(hooks.events ? { events: hooks.events } : {}),
  });
  const text = new TypedTextInput(session);

  for (const e of scenario.realtime.events)
    timeline.add(e.atMs, LANE.realtime, `realtime ${e.event.kind}`, () => realtime?.deliver(e.event));
  scenario.actions.forEach((a, i) => {
    timeline.add(a.atMs, LANE.action, actionKind(a), () => {
      hooks.onActionRun?.(i, a);
      try {
        runAction(session, text, a)?.catch((err: unknown) => hooks.onActionRejected?.(i, a, err));
      } catch (err) {
        hooks.onActionError?.(i, a, err);
      }
    });
  });

  return {
    clock,
    timeline,
    user,
    vad,
    stt,
    llm,
    realtime,
    tts,
    input,
    output,
    agents,
    session,
    openFakeStreams: () => [
      ...(vad?.openStreams() ?? []),
      ...(stt?.openStreams() ?? []),
      ...llm.openStreams(),
      ...(realtime?.pendingWork() ?? []),
      ...(tts?.openStreams() ?? []),
    ],
    async start() {
      await session.start({ agent: agents.start, audioInput: input, audioOutput: output });
      timeline.start();
      input.start();
    },
    stop() {
      input.stop();
      timeline.stop();
    },
  };
}

/**
 * The scenario file's providers (format §4): the engine's scripted LLM, TTS, VAD and STT, driven
 * by the file's script — LLM and TTS replies looked up by key, the user's speeches played by the
 * scripted user's feeds. Every LLM request is recorded so scenarios can pin what the engine asked.
 */
import {
  ScriptedLLM,
  ScriptedSTT,
  ScriptedTTS,
  ScriptedVAD,
  llmLookupKey,
  timedReplyPlan,
  type Clock,
  type ToolChoice,
} from '../engine';
import type { LlmResponse, TtsResponse } from './scenario-loader';
import type { ScriptedUser } from './scripted-user';

export interface LlmRequestRecord {
  /** Clock time of the request. */
  t: number;
  /** Names of the tools offered, sorted. */
  tools: string[];
  /** The tool choice the engine passed, null when none. */
  toolChoice: ToolChoice | null;
  /** The lookup key (format §4.3), null when the request has none. */
  key: string | null;
  requestId: string;
}

/**
 * Provider labels as they appear in the event stream (llm_request.provider, metrics labels).
 * Recorded runs and fixtures carry them, so they keep their historical spelling.
 */
export const SCENARIO_LABELS = {
  llm: 'scenario.FakeLLM',
  tts: 'scenario.FakeTTS',
  vad: 'scenario.FakeVAD',
  stt: 'scenario.FakeSTT',
} as const;

export type ScenarioLLM = ScriptedLLM<LlmRequestRecord>;

/** Streams the scripted answer of a request's key; an unknown key is an empty completion at once. */
export function scenarioLlm(clock: Clock, responses: readonly LlmResponse[]): ScenarioLLM {
  // The last response scripted for a key wins.
  const table = new Map(responses.map((r) => [r.input, r] as const));
  return new ScriptedLLM<LlmRequestRecord>({
    clock,
    label: SCENARIO_LABELS.llm,
    driver: {
      respond(options, requestId, t) {
        const key = llmLookupKey(options);
        const record = {
          t,
          tools: options.tools.map((tool) => tool.name).sort(),
          toolChoice: options.toolChoice ?? null,
          key,
          requestId,
        };
        const response = key === null ? undefined : table.get(key);
        return { record, plan: response ? timedReplyPlan(requestId, response) : null };
      },
    },
  });
}

/** Synthesizes silence as the script says for each segment's text (format §4.4). */
export function scenarioTts(clock: Clock, responses: readonly TtsResponse[]): ScriptedTTS {
  return ScriptedTTS.fromTable(
    clock,
    responses.map((r) => [r.input, r] as const),
    SCENARIO_LABELS.tts,
  );
}

/** Reports the scripted user's speeches on the clock, whatever the audio (format §4.1). */
export function scenarioVad(clock: Clock, user: ScriptedUser): ScriptedVAD {
  return new ScriptedVAD({ clock, feed: user.vadFeed(clock), label: SCENARIO_LABELS.vad });
}

/** Transcribes the scripted user's speeches on the clock; it reports no usage (format §4.2). */
export function scenarioStt(clock: Clock, user: ScriptedUser): ScriptedSTT {
  return new ScriptedSTT({ clock, feed: user.sttFeed(), label: SCENARIO_LABELS.stt, idPrefix: 'stt_' });
}

/**
 * Scenario format v2 (docs/scenario-format.md §9-15) on top of v1's shapes: a file that says
 * `"formatVersion": 2` may also name its session components (§10), an agent `onExit` (§12), a
 * speech `priority` and `expectError` on actions (§13) and `startFails` (§14.1). Every v1 key
 * keeps its v1 schema, so the two versions cannot drift apart. The realtime additions (§11,
 * §14.2-14.5) slot into the marked shapes: `scriptItemV2Shape` (+ SCRIPT_KINDS_V2),
 * `expectV2Shape` and `scenarioFileV2Shape`.
 *
 * Both versions are read into one type, ScenarioFile: a v1 file gets the v2 defaults (every
 * component present, no hook, no priority), which is exactly what v1 meant.
 */
import { z } from 'zod';
import { AgentConfigSchema } from '../../shared/config';
import {
  ACTION_KINDS,
  actionShape,
  exactlyOne,
  expectShape,
  GenerateReplyActionSchema,
  SayActionSchema,
  SCRIPT_KINDS,
  scenarioFileShape,
  scriptItemShape,
  type ScenarioFileSchema,
} from './scenario-schema';
import {
  REALTIME_SCRIPT_KINDS,
  realtimeExpectShape,
  RealtimeModelSchema,
  realtimeScriptShape,
} from './scenario-schema-realtime';

// ---- §10 session components ----

export const ComponentsSchema = z
  .object({
    vad: z.boolean().default(true),
    stt: z.boolean().default(true),
    tts: z.boolean().default(true),
  })
  .strict();
export type Components = z.infer<typeof ComponentsSchema>;
export const ALL_COMPONENTS: Components = { vad: true, stt: true, tts: true };

// ---- §12 agent hooks ----

/** What `onExit` does: `session.say(text)` or `session.generate_reply(instructions=…)`, not awaited. */
export const AgentHookSpeechSchema = z.union([
  z.object({ generateReply: z.object({ instructions: z.string().optional() }).strict() }).strict(),
  z.object({ say: z.string() }).strict(),
]);
export const AgentConfigV2Schema = AgentConfigSchema.extend({
  onExit: AgentHookSpeechSchema.optional(),
}).strict();

// ---- script (§4; §11 adds realtimeReply and realtimeEvent here) ----

export const SCRIPT_KINDS_V2: readonly string[] = [...SCRIPT_KINDS, ...REALTIME_SCRIPT_KINDS];
export const scriptItemV2Shape = { ...scriptItemShape, ...realtimeScriptShape };
export const ScriptItemV2Schema = z
  .object(scriptItemV2Shape)
  .strict()
  .superRefine(exactlyOne(SCRIPT_KINDS_V2, 'a script item'));

// ---- §13 actions ----

/** `SpeechHandle.SPEECH_PRIORITY_LOW` / `_NORMAL` / `_HIGH` (voice/speech_handle.py). */
export const SPEECH_PRIORITIES = ['low', 'normal', 'high'] as const;
export type SpeechPriorityName = (typeof SPEECH_PRIORITIES)[number];
const priority = z.enum(SPEECH_PRIORITIES).optional();

export const actionV2Shape = {
  ...actionShape,
  generateReply: GenerateReplyActionSchema.extend({ priority }).strict().optional(),
  say: SayActionSchema.extend({ priority }).strict().optional(),
  /** §13.2: the action must fail (the engine call raises); absent = it must not. */
  expectError: z.boolean().optional(),
};
export const ActionV2Schema = z
  .object(actionV2Shape)
  .strict()
  .superRefine(exactlyOne(ACTION_KINDS, 'an action'));

// ---- §14 expectations (14.2-14.5 add the realtime ones here) ----

export const expectV2Shape = {
  ...expectShape,
  /** §14.1: true = `AgentSession.start()` must raise; false or absent = it must not. */
  startFails: z.boolean().optional(),
  ...realtimeExpectShape,
};
export const ExpectV2Schema = z.object(expectV2Shape).strict();

// ---- the file (§9; §11 adds realtimeModel here) ----

export const scenarioFileV2Shape = {
  ...scenarioFileShape,
  formatVersion: z.literal(2),
  components: ComponentsSchema.prefault({}),
  agent: AgentConfigV2Schema.prefault({}),
  agents: z.record(z.string(), AgentConfigV2Schema).default({}),
  script: z.array(ScriptItemV2Schema).default([]),
  actions: z.array(ActionV2Schema).default([]),
  expect: ExpectV2Schema.default({}),
  /** §11: the session's LLM is the fake realtime model; absent = the fake LLM of v1. */
  realtimeModel: RealtimeModelSchema.optional(),
};
export const ScenarioFileV2Schema = z.object(scenarioFileV2Shape).strict();

/** A valid file of either version, in v2 terms. */
export type ScenarioFile = Omit<z.output<typeof ScenarioFileV2Schema>, 'formatVersion'> & {
  formatVersion: 1 | 2;
};
export type ScenarioAgentConfig = z.output<typeof AgentConfigV2Schema>;
export type ScriptItem = z.output<typeof ScriptItemV2Schema>;
export type Action = z.output<typeof ActionV2Schema>;
export type Expectations = z.output<typeof ExpectV2Schema>;

/** A v1 file in v2 terms: every component present and nothing else v2 adds. */
export function fromV1(file: z.output<typeof ScenarioFileSchema>): ScenarioFile {
  return { ...file, formatVersion: 1, components: { ...ALL_COMPONENTS } };
}

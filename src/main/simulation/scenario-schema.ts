/**
 * The scenario file format v1 (docs: scenario-format.md §1-8) as one strict zod schema. A file
 * written today must keep running unchanged, so every object is strict: a misspelt key is an
 * error the author sees, never a silently ignored expectation. Session options, agents and tools
 * reuse the studio's config schema so the scenario, the config editor and the engine agree on
 * names. Format v2 (§9-15) is built from the shapes exported here in scenario-schema-v2.ts.
 */
import { z } from 'zod';
import { AgentConfigSchema, SessionOptionsSchema } from '../../shared/config';
import { ENGINE_EVENT_TYPES } from '../../shared/engine-events';

const ms = z.number().finite().nonnegative();
const tolerance = { atMs: ms.optional(), tolMs: ms.optional() };

/**
 * Every session option, none defaulted: scenario `options` and `updateOptions` name only what
 * they change. Built from the shared schema's shape so a new option is accepted here at once.
 */
function partialOptionsSchema() {
  const shape = SessionOptionsSchema.shape;
  const fields: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(shape)) {
    const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
    fields[key] = inner.optional();
  }
  return z.object(fields).strict();
}
export const PartialSessionOptionsSchema = partialOptionsSchema();
export type PartialSessionOptions = Partial<z.infer<typeof SessionOptionsSchema>>;

/** Objects whose keys are alternatives: exactly one must be present. */
export function exactlyOne<T extends Record<string, unknown>>(kinds: readonly string[], what: string) {
  return (value: T, ctx: z.core.$RefinementCtx<T>): void => {
    const present = kinds.filter((k) => value[k] !== undefined);
    if (present.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          present.length === 0
            ? `expected ${what} with exactly one of ${kinds.join(', ')}; got none`
            : `expected ${what} with exactly one of ${kinds.join(', ')}; got ${present.length} (${present.join(', ')})`,
      });
    }
  };
}

// ---- script (section 4) ----

export const UserSpeechSchema = z
  .object({
    startMs: ms,
    endMs: ms,
    transcript: z.string(),
    sttDelayMs: ms.default(200),
    final: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.endMs >= s.startMs, { message: 'expected endMs >= startMs', path: ['endMs'] });

export const ToolCallScriptSchema = z
  .object({
    name: z.string(),
    /** An object is serialized as JSON; a string is passed verbatim (to script bad JSON). */
    arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}),
    callId: z.string().optional(),
  })
  .strict();

export const LlmScriptSchema = z
  .object({
    input: z.string().optional(),
    content: z.string().default(''),
    toolCalls: z.array(ToolCallScriptSchema).default([]),
    ttftMs: ms.default(100),
    durationMs: ms.default(300),
  })
  .strict();

export const TtsScriptSchema = z
  .object({
    input: z.string().optional(),
    audioDurationMs: ms,
    ttfbMs: ms.default(200),
    durationMs: ms.default(300),
  })
  .strict();

export const SCRIPT_KINDS = ['userSpeech', 'llm', 'tts'] as const;
export const scriptItemShape = {
  userSpeech: UserSpeechSchema.optional(),
  llm: LlmScriptSchema.optional(),
  tts: TtsScriptSchema.optional(),
};
export const ScriptItemSchema = z
  .object(scriptItemShape)
  .strict()
  .superRefine(exactlyOne(SCRIPT_KINDS, 'a script item'));

// ---- actions (section 5) ----

export const ToolChoiceSchema = z.union([
  z.enum(['auto', 'required', 'none']),
  z.object({ type: z.literal('function'), name: z.string() }).strict(),
]);

export const ACTION_KINDS = [
  'interrupt',
  'generateReply',
  'say',
  'updateOptions',
  'updateInstructions',
  'commitUserTurn',
  'clearUserTurn',
  'userText',
  'close',
] as const;
export const GenerateReplyActionSchema = z
  .object({
    userInput: z.string().optional(),
    instructions: z.string().optional(),
    allowInterruptions: z.boolean().optional(),
    toolChoice: ToolChoiceSchema.optional(),
  })
  .strict();
export const SayActionSchema = z
  .object({
    text: z.string(),
    allowInterruptions: z.boolean().optional(),
    addToChatCtx: z.boolean().optional(),
  })
  .strict();
export const actionShape = {
  atMs: ms,
  interrupt: z
    .object({ force: z.boolean().default(false) })
    .strict()
    .optional(),
  generateReply: GenerateReplyActionSchema.optional(),
  say: SayActionSchema.optional(),
  updateOptions: PartialSessionOptionsSchema.optional(),
  updateInstructions: z.string().optional(),
  commitUserTurn: z
    .object({ transcriptTimeoutMs: ms.optional(), sttFlushDurationMs: ms.optional() })
    .strict()
    .optional(),
  clearUserTurn: z.object({}).strict().optional(),
  /** A typed user turn, as the studio's Send: interrupts first unless textInputInterrupts is off. */
  userText: z.string().min(1).optional(),
  /** The studio's Stop: closes the session now, interrupting its speech; the script plays on until it has closed. */
  close: z.object({}).strict().optional(),
};
export const ActionSchema = z.object(actionShape).strict().superRefine(exactlyOne(ACTION_KINDS, 'an action'));

// ---- expectations (section 7) ----

const AGENT_STATES = ['initializing', 'idle', 'listening', 'thinking', 'speaking'] as const;
const USER_STATES = ['speaking', 'listening', 'away'] as const;

const stateEntry = <S extends readonly [string, ...string[]]>(states: S) =>
  z.union([z.enum(states), z.object({ state: z.enum(states), ...tolerance }).strict()]);

export const ChatContextEntrySchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('message'),
      role: z.enum(['system', 'developer', 'user', 'assistant']).optional(),
      content: z.string().optional(),
      contentContains: z.string().optional(),
      interrupted: z.boolean().optional(),
      ...tolerance,
    })
    .strict(),
  z
    .object({
      type: z.literal('function_call'),
      name: z.string().optional(),
      arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
      callId: z.string().optional(),
      ...tolerance,
    })
    .strict(),
  z
    .object({
      type: z.literal('function_call_output'),
      name: z.string().optional(),
      output: z.string().optional(),
      outputContains: z.string().optional(),
      isError: z.boolean().optional(),
      callId: z.string().optional(),
      ...tolerance,
    })
    .strict(),
  z
    .object({ type: z.literal('agent_config_update'), instructions: z.string().optional(), ...tolerance })
    .strict(),
  z
    .object({
      type: z.literal('agent_handoff'),
      oldAgentId: z.string().nullable().optional(),
      newAgentId: z.string().optional(),
      ...tolerance,
    })
    .strict(),
]);
export type ChatContextEntry = z.infer<typeof ChatContextEntrySchema>;

export const ConversationItemEntrySchema = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant']).optional(),
    content: z.string().optional(),
    contentContains: z.string().optional(),
    interrupted: z.boolean().optional(),
    ...tolerance,
  })
  .strict();

const PlaybackFinishedEntrySchema = z
  .object({ positionMs: ms.optional(), interrupted: z.boolean().optional(), ...tolerance })
  .strict();

const MetricEntrySchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('eou'),
      endOfUtteranceDelayMs: ms.optional(),
      transcriptionDelayMs: ms.optional(),
      onUserTurnCompletedDelayMs: ms.optional(),
      ...tolerance,
    })
    .strict(),
  z
    .object({
      type: z.literal('llm'),
      ttftMs: z.number().optional(),
      durationMs: ms.optional(),
      ...tolerance,
    })
    .strict(),
  z
    .object({
      type: z.literal('tts'),
      ttfbMs: z.number().optional(),
      audioDurationMs: ms.optional(),
      ...tolerance,
    })
    .strict(),
  z
    .object({
      type: z.literal('stt'),
      durationMs: ms.optional(),
      audioDurationMs: ms.optional(),
      ...tolerance,
    })
    .strict(),
]);
export type MetricEntry = z.infer<typeof MetricEntrySchema>;

const LlmRequestEntrySchema = z
  .object({
    tools: z.array(z.string()).optional(),
    toolChoice: ToolChoiceSchema.nullable().optional(),
    key: z.string().nullable().optional(),
  })
  .strict();

const EventTypeSchema = z.enum(ENGINE_EVENT_TYPES);

/** Any other field of the event is matched as given (deep equality). */
const EventEntrySchema = z.object({ type: EventTypeSchema, ...tolerance }).catchall(z.unknown());

export const expectShape = {
  agentStates: z.array(stateEntry(AGENT_STATES)).optional(),
  userStates: z.array(stateEntry(USER_STATES)).optional(),
  chatContext: z.array(ChatContextEntrySchema).optional(),
  conversationItems: z.array(ConversationItemEntrySchema).optional(),
  playbackFinished: z.array(PlaybackFinishedEntrySchema).optional(),
  metrics: z.array(MetricEntrySchema).optional(),
  llmRequests: z.array(LlmRequestEntrySchema).optional(),
  events: z.array(EventEntrySchema).optional(),
  eventCounts: z.partialRecord(EventTypeSchema, z.number().int().nonnegative()).optional(),
};
export const ExpectSchema = z.object(expectShape).strict();

// ---- the file ----

export const scenarioFileShape = {
  /** Absent or 1 in a v1 file (scenario-schema-v2.ts has the files that say 2). */
  formatVersion: z.literal(1).optional(),
  name: z.string().min(1, 'expected a non-empty name'),
  description: z.string().default(''),
  options: PartialSessionOptionsSchema.default({}),
  agent: AgentConfigSchema.prefault({}),
  agents: z.record(z.string(), AgentConfigSchema).default({}),
  audioOutput: z
    .object({ canPause: z.boolean().default(false) })
    .strict()
    .prefault({}),
  script: z.array(ScriptItemSchema).default([]),
  actions: z.array(ActionSchema).default([]),
  drainAfterMs: ms.default(5000),
  toleranceMs: ms.default(250),
  expect: ExpectSchema.default({}),
};
/** A v1 file, exactly as format v1 defines it. */
export const ScenarioFileSchema = z.object(scenarioFileShape).strict();
export type UserSpeechScript = z.infer<typeof UserSpeechSchema>;
export type LlmScript = z.infer<typeof LlmScriptSchema>;
export type TtsScript = z.infer<typeof TtsScriptSchema>;

// Both versions are read into the v2 types (scenario-schema-v2.ts); these names stay here for importers.
export type { Action, Expectations, ScenarioFile, ScriptItem } from './scenario-schema-v2';

/**
 * The realtime keys of scenario format v2 (docs/scenario-format.md §11, §14.2-14.5): the fake
 * realtime model's capabilities, its `realtimeReply` / `realtimeEvent` script items, and the
 * `realtimeCalls` / `realtimeCallCounts` / `realtimeChatContext` expectations, plus the `id`
 * entry field. scenario-schema-v2.ts slots them into the v2 file; the loader applies the rules
 * zod cannot express (default message ids and call ids, audio only with the audio modality).
 */
import { z } from 'zod';
import {
  ChatContextEntrySchema,
  ConversationItemEntrySchema,
  exactlyOne,
  ToolCallScriptSchema,
  ToolChoiceSchema,
} from './scenario-schema';

const ms = z.number().finite().nonnegative();
const tolerance = { atMs: ms.optional(), tolMs: ms.optional() };

// ---- §11.1 ----

const flag = z.boolean().default(true);
export const RealtimeCapabilitiesSchema = z
  .object({
    turnDetection: flag,
    userTranscription: flag,
    messageTruncation: flag,
    autoToolReplyGeneration: flag,
    audioOutput: flag,
    manualFunctionCalls: flag,
  })
  .strict();
export const RealtimeModelSchema = z
  .object({ capabilities: RealtimeCapabilitiesSchema.prefault({}) })
  .strict();

// ---- §11.3 generations ----

export const REALTIME_MODALITIES = ['audio', 'text'] as const;
const RealtimeMessageSchema = z
  .object({
    messageId: z.string().optional(),
    text: z.string().default(''),
    audioDurationMs: ms.default(0),
    modalities: z.array(z.enum(REALTIME_MODALITIES)).optional(),
  })
  .strict();
export const generationShape = {
  message: RealtimeMessageSchema.nullable().default(null),
  toolCalls: z.array(ToolCallScriptSchema).default([]),
  ttftMs: ms.default(100),
  durationMs: ms.default(300),
};
const ttftWithinDuration = (g: { ttftMs: number; durationMs: number }) => g.ttftMs <= g.durationMs;
const ttftIssue = { message: 'expected ttftMs <= durationMs', path: ['ttftMs'] };
export const GenerationSchema = z.object(generationShape).strict().refine(ttftWithinDuration, ttftIssue);

// ---- §11.4 / §11.5 script items ----

export const RealtimeReplySchema = z
  .object({ key: z.string(), ...generationShape })
  .strict()
  .refine(ttftWithinDuration, ttftIssue);

export const REALTIME_EVENT_KINDS = [
  'inputSpeechStarted',
  'inputSpeechStopped',
  'inputTranscription',
  'generation',
  'error',
] as const;
const none = z.object({}).strict();
export const RealtimeEventSchema = z
  .object({
    atMs: ms,
    inputSpeechStarted: none.optional(),
    inputSpeechStopped: none.optional(),
    inputTranscription: z
      .object({ itemId: z.string(), transcript: z.string(), isFinal: z.boolean().default(true) })
      .strict()
      .optional(),
    generation: z
      .object({ ...generationShape, userInitiated: z.boolean().default(false) })
      .strict()
      .refine(ttftWithinDuration, ttftIssue)
      .optional(),
    error: z.object({ message: z.string(), recoverable: z.boolean() }).strict().optional(),
  })
  .strict()
  .superRefine(exactlyOne(REALTIME_EVENT_KINDS, 'a realtimeEvent'));

export const realtimeScriptShape = {
  realtimeReply: RealtimeReplySchema.optional(),
  realtimeEvent: RealtimeEventSchema.optional(),
};
export const REALTIME_SCRIPT_KINDS = ['realtimeReply', 'realtimeEvent'] as const;

// ---- §14.5 entry fields: `id` on every chat entry ----

const id = { id: z.string().optional() };
const [msg, call, output, config, handoff] = ChatContextEntrySchema.options;
export const ChatContextEntryV2Schema = z.discriminatedUnion('type', [
  msg.extend(id).strict(),
  call.extend(id).strict(),
  output.extend(id).strict(),
  config.extend(id).strict(),
  handoff.extend(id).strict(),
]);
export const ConversationItemEntryV2Schema = ConversationItemEntrySchema.extend(id).strict();

// ---- §14.2-14.4 expectations ----

export const REALTIME_METHODS = [
  'updateInstructions',
  'updateChatCtx',
  'updateTools',
  'updateOptions',
  'generateReply',
  'commitAudio',
  'clearAudio',
  'interrupt',
  'truncate',
  'startUserActivity',
  'close',
] as const;
export const RealtimeCallEntrySchema = z
  .object({
    method: z.enum(REALTIME_METHODS),
    session: z.number().int().positive().optional(),
    instructions: z.string().nullable().optional(),
    items: z.array(ChatContextEntryV2Schema).optional(),
    tools: z.array(z.string()).optional(),
    toolChoice: ToolChoiceSchema.nullable().optional(),
    key: z.string().optional(),
    messageId: z.string().optional(),
    modalities: z.array(z.enum(REALTIME_MODALITIES)).optional(),
    audioEndMs: ms.optional(),
    audioTranscript: z.string().optional(),
    ...tolerance,
  })
  .strict();
export type RealtimeCallEntry = z.infer<typeof RealtimeCallEntrySchema>;

export const realtimeExpectShape = {
  chatContext: z.array(ChatContextEntryV2Schema).optional(),
  conversationItems: z.array(ConversationItemEntryV2Schema).optional(),
  realtimeCalls: z.array(RealtimeCallEntrySchema).optional(),
  realtimeCallCounts: z.partialRecord(z.enum(REALTIME_METHODS), z.number().int().nonnegative()).optional(),
  realtimeChatContext: z.array(ChatContextEntryV2Schema).optional(),
};

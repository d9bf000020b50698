/**
 * The studio API: the one contract between the renderer and main, carried unchanged by Electron
 * IPC and by the WebSocket of web mode. Main validates every input with these schemas.
 */
import { z } from 'zod';
import { MAX_PUSH_AUDIO_BYTES } from './binary-audio';
import { StudioConfigSchema, type InputMode, type StudioConfig } from './config';
import type { EngineEvent, AgentState, UserState } from './engine-events';
import type { RecordingAudioTrack, RecordingProvider, RecordingSummary } from './recording';
import type { RecordingDiffInfo } from './recording-diff';

/** Windows device names: a preset file named after one cannot be created there. */
const RESERVED_FILE_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** A preset's name, which is also its file name: only characters every file system accepts. */
export const PresetNameSchema = z
  .string()
  .trim()
  .min(1, 'a preset needs a name')
  .max(64, 'at most 64 characters')
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9 _.-]*[A-Za-z0-9_-])?$/,
    'letters, digits, spaces, _, - or . (starting with a letter or digit, not ending with a space or .)',
  )
  .refine((name) => !RESERVED_FILE_NAMES.test(name), 'this name is reserved by Windows');

/**
 * A recording's id is its folder (or v1 file) name inside the recordings directory: no dots or
 * path separators, so no id can reach outside it.
 */
export const RecordingIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,200}$/, '1-200 letters, digits, _ or - (a recording folder name, no path)');

/** Most events one readRecordingEvents (or openRecording's first page) returns. */
export const MAX_RECORDING_PAGE = 5_000;
const RecordingPageSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_RECORDING_PAGE, `at most ${MAX_RECORDING_PAGE} events a page`);

/** Longest audio window one readRecordingAudio returns (30 s of 48 kHz mono is 2.9 MB). */
export const MAX_RECORDING_AUDIO_MS = 30_000;

export { MAX_PUSH_AUDIO_BYTES } from './binary-audio';

/** Input schemas of every command, keyed by command name. */
export const CommandInputs = {
  /** Answers with the same payload, to check the transport end to end. */
  ping: z.object({ nonce: z.string().max(200) }).strict(),
  /** Returns main's whole view of the studio, so a reloaded window can restore itself. */
  getState: z.object({}).strict(),
  /** Starts a session from the given config (or the current one); fails if one is running. */
  startSession: z.object({ config: z.unknown().optional() }).strict(),
  /**
   * Stops the running session: by default lets queued speech finish (bounded), then closes;
   * `drain: false` interrupts at once.
   */
  stopSession: z.object({ drain: z.boolean().optional() }).strict(),
  /** Sends a typed user turn, as if the user had said it. */
  sendText: z.object({ text: z.string().min(1).max(10_000) }).strict(),
  /** Makes the agent say a fixed text. */
  say: z.object({ text: z.string().min(1).max(10_000), allowInterruptions: z.boolean().optional() }).strict(),
  /** Asks the agent to generate a reply, with optional extra instructions. */
  generateReply: z
    .object({ instructions: z.string().max(10_000).optional(), userInput: z.string().max(10_000).optional() })
    .strict(),
  /** Interrupts the current speech (force ignores allowInterruptions). */
  interrupt: z.object({ force: z.boolean().optional() }).strict(),
  /** Validates a new config and applies what can change hot to the running session. */
  updateConfig: z.object({ config: z.unknown() }).strict(),
  /** Lists recorded sessions on disk (manifests only), newest first; `query` matches title, agent or id. */
  listRecordings: z.object({ query: z.string().max(200).optional() }).strict(),
  /** Opens a recorded session for replay: its summary, config, notices and the first page of events. */
  openRecording: z.object({ id: RecordingIdSchema }).strict(),
  /**
   * Events of a recording: `count` (at most MAX_RECORDING_PAGE) from index `from`, or those with
   * fromT <= t < toT (the first MAX_RECORDING_PAGE of them; `truncated` says when more matched).
   */
  readRecordingEvents: z
    .object({
      id: RecordingIdSchema,
      from: z.number().int().min(0).optional(),
      count: RecordingPageSchema.optional(),
      fromT: z.number().finite().optional(),
      toT: z.number().finite().optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      const byIndex = v.from !== undefined || v.count !== undefined;
      const byTime = v.fromT !== undefined || v.toT !== undefined;
      if (byIndex === byTime)
        ctx.addIssue({
          code: 'custom',
          path: ['from'],
          message: 'give either from and count, or fromT and toT',
        });
      else if (byIndex && (v.from === undefined || v.count === undefined))
        ctx.addIssue({
          code: 'custom',
          path: [v.from === undefined ? 'from' : 'count'],
          message: 'from and count go together',
        });
      else if (byTime && (v.fromT === undefined || v.toT === undefined))
        ctx.addIssue({
          code: 'custom',
          path: [v.fromT === undefined ? 'fromT' : 'toT'],
          message: 'fromT and toT go together',
        });
      else if (byTime && (v.toT as number) < (v.fromT as number))
        ctx.addIssue({ code: 'custom', path: ['toT'], message: 'toT must not be before fromT' });
    }),
  /** PCM16 of one audio track from event time `fromT` for `durationMs` (at most MAX_RECORDING_AUDIO_MS). */
  readRecordingAudio: z
    .object({
      id: RecordingIdSchema,
      track: z.enum(['user', 'agent']),
      fromT: z.number().finite(),
      durationMs: z
        .number()
        .positive()
        .max(MAX_RECORDING_AUDIO_MS, `at most ${MAX_RECORDING_AUDIO_MS} ms a read`),
    })
    .strict(),
  /** Deletes a recording (its folder, or a v1 file) from disk; answers deleted: false when there was none. */
  deleteRecording: z.object({ id: RecordingIdSchema }).strict(),
  /** Compares two recordings turn by turn (A the baseline, B the candidate) and returns both runs' events for the diff timeline. */
  diffRecordings: z.object({ a: RecordingIdSchema, b: RecordingIdSchema }).strict(),
  /**
   * Re-runs a recording's user (audio, typed turns, timed actions) with a config (main's current
   * one when omitted) into a new recording linked to its source: on the virtual clock when every
   * provider is simulated, in real time otherwise. Refused before it starts if the config cannot be built.
   */
  rerunRecording: z.object({ id: RecordingIdSchema, config: z.unknown().optional() }).strict(),
  /** Lists the saved config presets; a file that cannot be loaded is listed with the reason. */
  listPresets: z.object({}).strict(),
  /** Saves a config (validated; main's current config when omitted) under a name, replacing any preset of that name. */
  savePreset: z.object({ name: PresetNameSchema, config: z.unknown().optional() }).strict(),
  /** Reads a preset and returns its validated config for the editor; nothing is applied. */
  loadPreset: z.object({ name: PresetNameSchema }).strict(),
  /** Deletes a preset; answers deleted: false when there was none of that name. */
  deletePreset: z.object({ name: PresetNameSchema }).strict(),
  /**
   * One chunk of microphone audio (PCM16 little-endian, interleaved, as bytes: a Uint8Array over
   * IPC, a binary frame on the WebSocket — shared/binary-audio.ts) for the running 'microphone'
   * session; chunks are played into the engine in the order they arrive.
   */
  pushAudio: z
    .object({
      sessionId: z.string().min(1).max(200),
      sampleRate: z.number().int().min(8000).max(48_000),
      channels: z.number().int().min(1).max(2),
      pcm: z
        .custom<Uint8Array>(
          (v) => v instanceof Uint8Array,
          'PCM16 bytes (a Uint8Array; on the WebSocket, a binary frame)',
        )
        .refine((b) => b.byteLength >= 2, 'at least one sample')
        .refine((b) => b.byteLength <= MAX_PUSH_AUDIO_BYTES, 'at most 200 ms of 48 kHz stereo a chunk'),
    })
    .strict(),
  /** The renderer could not open the microphone of a 'microphone' session (denied, missing, failed). */
  reportMicrophone: z
    .object({
      sessionId: z.string().min(1).max(200),
      problem: z.enum(['denied', 'missing', 'failed']),
      message: z.string().max(1000),
    })
    .strict(),
  /** Ends the user's turn now (push-to-talk release): what was heard is transcribed and answered. */
  commitUserTurn: z.object({}).strict(),
  /** Discards the user's turn in progress (audio and transcript so far), answering nothing. */
  clearUserTurn: z.object({}).strict(),
} as const;

export type CommandName = keyof typeof CommandInputs;
export type CommandInput<C extends CommandName> = z.input<(typeof CommandInputs)[C]>;

export type SessionPhase = 'idle' | 'starting' | 'running' | 'stopping' | 'error';

/** Main's view of the studio, pushed as `status` and returned by getState. */
export interface StudioStatus {
  phase: SessionPhase;
  sessionId: string | null;
  startedAt: number | null;
  agentState: AgentState;
  userState: UserState;
  currentAgent: string | null;
  lastError: string | null;
  transport: 'ipc' | 'websocket';
  /** The running session's input mode (null when none runs): the renderer captures the mic while it is 'microphone'. */
  inputMode?: InputMode | null;
  /** What the running session uses instead of what its config asked for (empty: nothing); the header shows each. */
  fallbacks?: ProviderFallbackInfo[];
  /** When the last session ended (main's clock, as startedAt); null while one starts or runs, and before any. */
  endedAt?: number | null;
  /** Why the last session ended (its close reason; `error` for a start that failed); null while one starts or runs. */
  endReason?: SessionEndReason | null;
}

/** How a session ended: the reason of its `close` event. */
export type SessionEndReason = Extract<EngineEvent, { type: 'close' }>['reason'];

/** A part of the session running on a fallback for the whole session, and why. */
export interface ProviderFallbackInfo {
  /** `demo`: the embedded demo plays its scripted, silent twin. */
  slot: 'llm' | 'stt' | 'tts' | 'vad' | 'caller' | 'demo';
  /** What runs instead: a provider name ("simulated") or "scripted, silent". */
  using: string;
  /** The setting that could not be used, e.g. `providers.llm[0]`. */
  setting: string;
  /** Why, in a few words: "OPENAI_API_KEY missing", "espeak-ng not installed". */
  cause: string;
}

/** A recording that could not be listed (unreadable manifest, newer version), and why. */
export interface RecordingProblem {
  id: string;
  message: string;
}

/** What openRecording answers: enough to draw the first view and page in the rest. */
export interface OpenedRecordingInfo {
  summary: RecordingSummary;
  /** Event-clock time (`t`) where the recording starts, and its end (start + duration). */
  startT: number;
  endT: number;
  /** The session config as recorded (secrets redacted); not validated: old recordings may predate fields. */
  config: unknown;
  /** Provider names and models as recorded. */
  providers: RecordingProvider[];
  /** Audio tracks present and readable. */
  audio: { user: RecordingAudioTrack | null; agent: RecordingAudioTrack | null };
  /** Complete events readable. */
  eventCount: number;
  /** What the reader worked around: where a damaged file ends, a repaired or missing WAV. */
  notices: string[];
  /** Events [0, firstPage.length): the rest come with readRecordingEvents. */
  firstPage: EngineEvent[];
}

/** PCM16 little-endian interleaved samples of one track, starting at event time `startT` (base64 until the binary transport lands). */
export interface RecordingAudioChunk {
  track: 'user' | 'agent';
  sampleRate: number;
  channels: number;
  startT: number;
  pcmBase64: string;
}

/** A saved preset as listed; `problem` says why its file cannot be loaded (null when it can). */
export interface PresetInfo {
  name: string;
  /** ISO time of the save, when the file records one. */
  savedAt: string | null;
  problem: string | null;
}

/** Output types of every command. */
export interface CommandOutputs {
  ping: { nonce: string; receivedAt: number };
  /** `demoConfig`: the embedded demo's config (the editor's "Reset to demo"); null when this installation has none. */
  getState: {
    status: StudioStatus;
    config: StudioConfig;
    events: EngineEvent[];
    demoConfig?: StudioConfig | null;
  };
  startSession: { sessionId: string };
  stopSession: { stopped: boolean };
  sendText: { accepted: true };
  say: { speechId: string };
  generateReply: { speechId: string };
  interrupt: { interrupted: boolean };
  updateConfig: { applied: string[]; requiresRestart: string[] };
  listRecordings: { recordings: RecordingSummary[]; problems: RecordingProblem[] };
  openRecording: OpenedRecordingInfo;
  /** `from`: index of the first event returned (null for a time range); `truncated`: a time range matched more than one page. */
  readRecordingEvents: { from: number | null; events: EngineEvent[]; truncated: boolean };
  /** `audio` is null when the track is absent or unreadable (the reason is among the open notices). */
  readRecordingAudio: { audio: RecordingAudioChunk | null };
  deleteRecording: { deleted: boolean };
  diffRecordings: RecordingDiffInfo;
  /**
   * `id`: the new recording; `clock`: how it ran (virtual: the recorded replies replayed, as fast as
   * the CPU allows); `notes`: what the re-run could not follow or reproduce, and problems of the run.
   */
  rerunRecording: { id: string; sourceId: string; clock: 'virtual' | 'real'; notes: string[] };
  listPresets: { presets: PresetInfo[] };
  savePreset: { preset: PresetInfo };
  loadPreset: { name: string; config: StudioConfig };
  deletePreset: { deleted: boolean };
  pushAudio: { accepted: true };
  reportMicrophone: { reported: true };
  commitUserTurn: { committed: true };
  clearUserTurn: { cleared: true };
}

export type ErrorCode =
  | 'invalid_input'
  | 'unknown_command'
  | 'not_available'
  | 'no_session'
  | 'failed'
  | 'transport'
  /** startSession: a configured provider cannot be built and no fallback list covers it; `field` names the setting. */
  | 'provider_unavailable';

/** A typed error: `field` names the offending input field when there is one. */
export interface StudioError {
  code: ErrorCode;
  message: string;
  field?: string;
}

export type CommandResult<C extends CommandName> =
  { ok: true; value: CommandOutputs[C] } | { ok: false; error: StudioError };

/** Events pushed from main to the renderer. */
export interface PushedEvents {
  /** A batch of engine events (batched in main, ~50 ms). */
  events: { sessionId: string; events: EngineEvent[] };
  /** The studio status changed. */
  status: StudioStatus;
  /**
   * Agent audio as it starts playing in main (PCM16 little-endian bytes, interleaved, ~50 ms a
   * chunk, a chunk ahead of time; a binary frame on the WebSocket); `cleared` (empty pcm) means
   * playback was cut: drop what is queued.
   */
  audio: { sessionId: string; sampleRate: number; channels: number; pcm: Uint8Array; cleared?: boolean };
  /** A desktop menu item or its accelerator was used; the renderer acts on it as on its own button. */
  menu: { action: 'start' | 'stop' | 'interrupt' | 'zoom_in' | 'zoom_out' | 'zoom_reset' };
}
export type PushedEventName = keyof PushedEvents;

/** What the renderer sees, whichever transport carries it. */
export interface StudioClient {
  /** Sends one command and resolves with its typed result (never rejects for a studio error). */
  invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandResult<C>>;
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on<E extends PushedEventName>(event: E, listener: (payload: PushedEvents[E]) => void): () => void;
  /** Which transport carries this client. */
  readonly transport: 'ipc' | 'websocket';
}

/** Wire messages of the WebSocket transport. */
export type WireMessage =
  | { kind: 'invoke'; id: number; command: string; input: unknown }
  | { kind: 'result'; id: number; result: CommandResult<CommandName> }
  | { kind: 'push'; event: PushedEventName; payload: unknown };

/** IPC channel names: the allow-list shared by preload and main. */
export const IPC_INVOKE_CHANNEL = 'studio:invoke';
export const IPC_PUSH_CHANNEL = 'studio:push';

export const COMMAND_NAMES = Object.keys(CommandInputs) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CommandInputs, name);
}

export { StudioConfigSchema };

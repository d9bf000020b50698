/**
 * The one configuration schema: session options, agent config and provider settings. The
 * engine, the config editor, scenario files, recordings and the CLI all validate with it.
 * Times are ms. API keys are never part of this schema: they live in main's key store.
 */
import { z } from 'zod';
import { ProvidersSchema } from './config-providers';
import { realtimeRuleIssues } from './config-realtime';

export const TurnDetectionSchema = z.enum(['vad', 'stt', 'manual', 'realtime_llm']).nullable();
export type TurnDetection = z.infer<typeof TurnDetectionSchema>;

const nonNegMs = z.number().finite().nonnegative();

/** Session options, named as in the scenario format (section 2). */
export const SessionOptionsSchema = z
  .object({
    allowInterruptions: z.boolean().default(true),
    discardAudioIfUninterruptible: z.boolean().default(true),
    minInterruptionDurationMs: nonNegMs.default(500),
    minInterruptionWords: z.number().int().nonnegative().default(0),
    minEndpointingDelayMs: nonNegMs.default(500),
    maxEndpointingDelayMs: nonNegMs.default(6000),
    falseInterruptionTimeoutMs: nonNegMs.nullable().default(2000),
    resumeFalseInterruption: z.boolean().default(true),
    preemptiveGeneration: z.boolean().default(false),
    maxToolSteps: z.number().int().min(1).default(3),
    minConsecutiveSpeechDelayMs: nonNegMs.default(0),
    useTtsAlignedTranscript: z.boolean().default(false),
    turnDetection: TurnDetectionSchema.default(null),
    userAwayTimeoutMs: nonNegMs.nullable().default(15000),
    /**
     * Most characters the engine takes from one reply (an LLM step's text, a `say`): the rest is
     * not spoken, shown or kept, and a `warning` event (source `maxReplyChars`) says so.
     */
    maxReplyChars: z.number().int().min(1).default(100_000),
    /**
     * Typed text (sendText) interrupts the current and queued replies and answers the new text,
     * as LiveKit's room text input does; false queues each typed turn behind the others.
     */
    textInputInterrupts: z.boolean().default(true),
  })
  .strict()
  .refine((o) => o.maxEndpointingDelayMs >= o.minEndpointingDelayMs, {
    message: 'maxEndpointingDelayMs must be >= minEndpointingDelayMs',
    path: ['maxEndpointingDelayMs'],
  });
export type SessionOptions = z.infer<typeof SessionOptionsSchema>;
export type SessionOptionsInput = z.input<typeof SessionOptionsSchema>;

/** Options an agent may override (the starred ones of the scenario format). */
export const AgentOverridesSchema = z
  .object({
    allowInterruptions: z.boolean(),
    minEndpointingDelayMs: nonNegMs,
    maxEndpointingDelayMs: nonNegMs,
    minConsecutiveSpeechDelayMs: nonNegMs,
    useTtsAlignedTranscript: z.boolean(),
    turnDetection: TurnDetectionSchema,
  })
  .partial()
  .strict();
export type AgentOverrides = z.infer<typeof AgentOverridesSchema>;

/** A JSON-schema object for tool parameters; validated further when the tool is built. */
export const JsonSchemaObject = z
  .object({ type: z.literal('object') })
  .passthrough()
  .describe('a JSON Schema with type "object"');

export const ToolSpecSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'letters, digits, _ or -, at most 64'),
    description: z.string().default(''),
    parameters: JsonSchemaObject.default({ type: 'object', properties: {} }),
    result: z.string().nullable().optional(),
    error: z.string().optional(),
    delayMs: nonNegMs.default(0),
    generateReply: z.object({ instructions: z.string().optional() }).strict().optional(),
    closeSession: z.boolean().default(false),
    handoffTo: z.string().optional(),
    ignoreOnEnter: z.boolean().default(false),
  })
  .strict();
export type ToolSpec = z.infer<typeof ToolSpecSchema>;

export const AgentConfigSchema = z
  .object({
    instructions: z.string().default('You are a helpful assistant.'),
    tools: z.array(ToolSpecSchema).default([]),
    onEnter: z
      .union([
        z.object({ generateReply: z.object({ instructions: z.string().optional() }).strict() }).strict(),
        z.object({ say: z.string() }).strict(),
      ])
      .optional(),
    onUserTurnCompleted: z
      .object({
        say: z.string().optional(),
        delayMs: nonNegMs.default(0),
        stopResponse: z.boolean().default(false),
      })
      .strict()
      .optional(),
    overrides: AgentOverridesSchema.default({}),
  })
  .strict();
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** Names for env variables and headers: what a child process or an HTTP server accepts. */
const envName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'an environment variable name: letters, digits or _, not starting with a digit',
  );
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name (token characters, no spaces or colons)');
const keyName = z.string().min(1, 'the name of a key in the studio key store');

/** MCP server limits and filters shared by both transports (provider MCPServerOptions). */
const mcpCommon = {
  /** Shown in events and logs; defaults to a description of the transport. */
  name: z.string().min(1).optional(),
  /** Limit for the handshake and for listing tools. */
  timeoutMs: z.number().finite().positive().optional(),
  /** Limit for one tool call; defaults to timeoutMs. */
  toolTimeoutMs: z.number().finite().positive().optional(),
  /** Only these tools are offered to the LLM; absent = all. */
  allowedTools: z.array(z.string().min(1)).optional(),
};

/**
 * An MCP server whose tools the agent offers to the LLM (the seed's `mcp_servers`): a local
 * child process over stdio, or a streamable-HTTP endpoint. Secrets do not belong in `env` or
 * `headers` (the config reaches the renderer and recordings): name a key-store entry in
 * `envKeyNames` / `headerKeyNames` and main fills the value in.
 */
export const McpServerConfigSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('stdio'),
      command: z.string().min(1, 'the command that starts the server, e.g. "npx"'),
      args: z.array(z.string()).default([]),
      /** Added to a small default environment (PATH, HOME, …); the studio's own is not inherited. */
      env: z.record(envName, z.string()).default({}),
      /** Environment variable → key-store name whose value it gets. */
      envKeyNames: z.record(envName, keyName).default({}),
      cwd: z.string().min(1).optional(),
      ...mcpCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('http'),
      url: z
        .string()
        .url('expected a URL such as https://example.com/mcp')
        .regex(/^https?:\/\//i, 'expected an http:// or https:// URL'),
      headers: z.record(headerName, z.string()).default({}),
      /** Header → key-store name whose value it gets (e.g. Authorization). */
      headerKeyNames: z.record(headerName, keyName).default({}),
      ...mcpCommon,
    })
    .strict(),
  z
    .object({
      /**
       * A stdio server the user trusted by name (a config file passed with --config): the
       * studio window may reference it but cannot start a command line of its own.
       */
      type: z.literal('trusted'),
      server: z.string().min(1, 'the name of a trusted MCP server').max(128),
      ...mcpCommon,
    })
    .strict(),
]);
export type McpServerConfig = z.infer<typeof McpServerConfigSchema>;
export type McpServerConfigInput = z.input<typeof McpServerConfigSchema>;

/** The studio's agent config: a scenario agent plus its own MCP servers (absent = the session's, [] = none). */
export const StudioAgentConfigSchema = AgentConfigSchema.extend({
  mcpServers: z.array(McpServerConfigSchema).optional(),
}).strict();
export type StudioAgentConfig = z.infer<typeof StudioAgentConfigSchema>;

// Provider settings (LLM, STT, TTS, VAD, fallback chains) live in their own module.
export * from './config-providers';
export * from './config-realtime';

export const InputModeSchema = z.enum(['simulated', 'microphone', 'livekit', 'text']);
export type InputMode = z.infer<typeof InputModeSchema>;

/**
 * One scripted line of the simulated caller. It waits for its trigger after the previous line
 * ended: `atMs` (ms after the call started), `afterAgentDoneMs` (ms after the agent stopped
 * speaking, the default trigger) or `bargeIn` (speaks `afterAgentStartMs` into the agent's speech).
 */
export const CallerTurnSchema = z
  .object({
    text: z.string().min(1, 'a caller turn needs text to say'),
    atMs: nonNegMs.optional(),
    afterAgentDoneMs: nonNegMs.optional(),
    bargeIn: z.boolean().default(false),
    afterAgentStartMs: nonNegMs.default(500),
    /**
     * false: the VAD hears the line but the simulated STT transcribes nothing (a backchannel or
     * a cough), which exercises the false-interruption path; absent means true.
     */
    transcribe: z.boolean().optional(),
  })
  .strict()
  .refine(
    (t) => [t.atMs !== undefined, t.afterAgentDoneMs !== undefined, t.bargeIn].filter(Boolean).length <= 1,
    {
      message: 'give one trigger: atMs, afterAgentDoneMs or bargeIn',
    },
  );
export type CallerTurn = z.infer<typeof CallerTurnSchema>;

/** The simulated caller (inputMode "simulated"): real synthesized speech the VAD hears. */
export const CallerConfigSchema = z
  .object({
    turns: z.array(CallerTurnSchema).default([]),
    /** Local TTS voice and rate (words per minute) the caller speaks with. */
    voice: z.string().optional(),
    rate: z.number().int().positive().optional(),
    /** Waiting for the agent longer than this, the caller speaks anyway. */
    giveUpAfterMs: nonNegMs.default(15000),
    frameMs: z.number().int().min(5).max(100).default(10),
    sampleRate: z.number().int().min(8000).max(48000).default(16000),
  })
  .strict();
export type CallerConfig = z.infer<typeof CallerConfigSchema>;

const KEY_NAME = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'a key-store name: letters, digits and _ (not starting with a digit)',
  );

/**
 * inputMode "livekit": the LiveKit room the studio joins (the user's own server or LiveKit Cloud).
 * Only key *names* live here; the API key, secret or token are read from main's key store.
 */
export const LiveKitConfigSchema = z
  .object({
    /** The server's WebSocket URL, e.g. wss://my-project.livekit.cloud or ws://localhost:7880. */
    url: z
      .string()
      .max(2048)
      .regex(
        /^wss?:\/\/[^\s/?#]+\S*$/,
        'expected a ws:// or wss:// URL, e.g. wss://my-project.livekit.cloud',
      ),
    room: z.string().min(1, 'name the room to join').max(256),
    /** The studio's identity in the room. */
    identity: z.string().min(1).max(256).default('voice-agent-studio'),
    apiKeyName: KEY_NAME.default('LIVEKIT_API_KEY'),
    apiSecretName: KEY_NAME.default('LIVEKIT_API_SECRET'),
    /** A ready-made access token in the key store, used instead of minting one from key + secret. */
    tokenKeyName: KEY_NAME.optional(),
    /** Whom to listen to; absent: the first remote participant that publishes audio. */
    participantIdentity: z.string().min(1).max(256).optional(),
  })
  .strict();
export type LiveKitConfig = z.infer<typeof LiveKitConfigSchema>;

/** A whole studio session configuration. */
/**
 * Recording of sessions (docs/recording-format.md): on unless turned off. `dir` is where the CLI
 * puts the recording folder; the studio always records into its recordings directory
 * (userData/recordings, or STUDIO_RECORDINGS_DIR) so its browser can list them.
 */
export const RecordingConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    dir: z.string().min(1).max(4096).optional(),
  })
  .strict();
export type RecordingConfig = z.infer<typeof RecordingConfigSchema>;

/** A model's price in USD per million tokens (cached input defaults to the input price). */
export const ModelPriceSchema = z
  .object({
    inputPerMTok: z.number().nonnegative(),
    outputPerMTok: z.number().nonnegative(),
    cachedInputPerMTok: z.number().nonnegative().optional(),
  })
  .strict();
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** Prices by model name (`gpt-4o-mini`), for the cost the LLM request inspector shows per turn. */
export const PricingSchema = z.record(z.string().min(1), ModelPriceSchema);
export type Pricing = z.infer<typeof PricingSchema>;

export const StudioConfigSchema = z
  .object({
    options: SessionOptionsSchema.prefault({}),
    agent: StudioAgentConfigSchema.prefault({}),
    agents: z.record(z.string(), StudioAgentConfigSchema).default({}),
    providers: ProvidersSchema.prefault({}),
    /** MCP servers for every agent that does not list its own (the seed's session `mcp_servers`). */
    mcpServers: z.array(McpServerConfigSchema).default([]),
    inputMode: InputModeSchema.default('simulated'),
    caller: CallerConfigSchema.prefault({}),
    /** The room of inputMode "livekit"; required by that mode only. */
    livekit: LiveKitConfigSchema.optional(),
    /** Whether (and for the CLI, where) the session is recorded. */
    recording: RecordingConfigSchema.prefault({}),
    /** Model prices; a model not listed shows its tokens without a cost. */
    pricing: PricingSchema.default({}),
    /**
     * For inputMode 'simulated': a scenario file played live as the caller (its agent, options
     * and scripted replies replace the ones above); absent = the caller above, or the demo.
     */
    scenarioPath: z
      .string()
      .min(1)
      .max(4096)
      .regex(/\.scenario\.json$/, 'expected the path of a .scenario.json file')
      .optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Options that only apply to a pipeline (or only to a realtime model) are refused at the field.
    for (const issue of realtimeRuleIssues(config)) ctx.addIssue({ code: 'custom', ...issue });
  });
export type StudioConfig = z.infer<typeof StudioConfigSchema>;
export type StudioConfigInput = z.input<typeof StudioConfigSchema>;

/** Formats zod issues as "path: message" lines naming the field and what was expected. */
export function formatIssues(error: z.ZodError, root = ''): string[] {
  return error.issues
    .flatMap(explainUnion)
    .map(explainKey)
    .map((i) => {
      const path = [root, ...i.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
        .filter(Boolean)
        .join('.')
        .replace(/\.\[/g, '[');
      return `${path || '(root)'}: ${i.message}`;
    });
}

type Issue = z.ZodError['issues'][number];

/** A record key's own message is only "Invalid key in record": add what the key had to be. */
function explainKey(issue: Issue): Issue {
  if (issue.code !== 'invalid_key' || !Array.isArray(issue.issues) || issue.issues.length === 0) return issue;
  return { ...issue, message: `${issue.message}: ${issue.issues[0].message}` };
}

/**
 * A union's own message is only "Invalid input". When every branch but one failed merely on
 * the value's shape (e.g. "expected array" for a single provider config), the remaining
 * branch's issues are the precise ones, so they are reported instead, under the union's path.
 */
function explainUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || !Array.isArray(issue.errors)) return [issue];
  const wrongShape = (branch: Issue[]): boolean =>
    branch.length === 1 && branch[0].code === 'invalid_type' && branch[0].path.length === 0;
  const candidates = issue.errors.filter((branch) => !wrongShape(branch));
  if (candidates.length !== 1 || candidates[0].length === 0) return [issue];
  return candidates[0].flatMap((i) => explainUnion({ ...i, path: [...issue.path, ...i.path] }));
}

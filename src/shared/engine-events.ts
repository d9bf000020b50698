/**
 * The engine's one event model: plain, serializable data, one discriminated union on `type`,
 * every time in ms on the session clock. The UI, the recorder, the scenario runner and the CLI
 * all consume this stream. Session events carry the seed's names (snake_case type, camelCase
 * fields); trace events add what the studio timeline needs.
 */

export type AgentState = 'initializing' | 'idle' | 'listening' | 'thinking' | 'speaking';
export type UserState = 'speaking' | 'listening' | 'away';

export type SpeechSource = 'say' | 'generate_reply' | 'tool_response' | 'realtime';

/**
 * Timing attached to a chat message (upstream ChatMessage.metrics / MetricsReport), clock ms:
 * on a user message the turn's timing, on an assistant message how fast it was produced.
 */
export interface MessageMetrics {
  startedSpeakingAt?: number;
  stoppedSpeakingAt?: number;
  transcriptionDelayMs?: number;
  endOfTurnDelayMs?: number;
  onUserTurnCompletedDelayMs?: number;
  llmNodeTtftMs?: number;
  ttsNodeTtfbMs?: number;
  /** From the user's end of speech to the agent starting to speak. */
  e2eLatencyMs?: number;
}

/** A chat item as data (mirror of the engine's chat context items). */
export type ChatItemData =
  | {
      type: 'message';
      id: string;
      role: 'system' | 'developer' | 'user' | 'assistant';
      content: string;
      interrupted: boolean;
      createdAt: number;
      transcriptConfidence?: number | null;
      metrics?: MessageMetrics;
    }
  | { type: 'function_call'; id: string; callId: string; name: string; arguments: string; createdAt: number }
  | {
      type: 'function_call_output';
      id: string;
      callId: string;
      name: string;
      output: string;
      isError: boolean;
      createdAt: number;
    }
  | {
      type: 'agent_config_update';
      id: string;
      instructions?: string | null;
      toolsAdded?: string[] | null;
      toolsRemoved?: string[] | null;
      createdAt: number;
    }
  | { type: 'agent_handoff'; id: string; oldAgentId: string | null; newAgentId: string; createdAt: number };

export type MetricsData =
  | {
      type: 'eou';
      speechId: string | null;
      timestamp: number;
      endOfUtteranceDelayMs: number;
      transcriptionDelayMs: number;
      onUserTurnCompletedDelayMs: number;
      /**
       * False when the two delays could not be measured and read 0 as LiveKit reports them: the
       * end of speech, its start or the final transcript's time was not seen (a turn without an
       * STT, e.g. a microphone on the simulated STT). Absent in recordings made before it existed.
       */
      measured?: boolean;
    }
  | {
      type: 'llm';
      speechId: string | null;
      requestId: string;
      timestamp: number;
      ttftMs: number;
      durationMs: number;
      cancelled: boolean;
      completionTokens: number;
      promptTokens: number;
      promptCachedTokens: number;
      totalTokens: number;
      tokensPerSecond: number;
      label: string;
    }
  | {
      type: 'tts';
      speechId: string | null;
      requestId: string;
      timestamp: number;
      ttfbMs: number;
      durationMs: number;
      audioDurationMs: number;
      cancelled: boolean;
      charactersCount: number;
      streamed: boolean;
      label: string;
    }
  | {
      type: 'stt';
      speechId: string | null;
      requestId: string;
      timestamp: number;
      durationMs: number;
      audioDurationMs: number;
      streamed: boolean;
      label: string;
    }
  | {
      type: 'vad';
      speechId: string | null;
      timestamp: number;
      idleTimeMs: number;
      inferenceDurationTotalMs: number;
      inferenceCount: number;
      label: string;
    }
  | {
      type: 'realtime';
      speechId: string | null;
      requestId: string;
      timestamp: number;
      ttftMs: number;
      durationMs: number;
      cancelled: boolean;
      inputTokens: number;
      outputTokens: number;
      totalTokens: number;
      label: string;
      /** The split of the tokens, when the server reports it (OpenAI's usage details). */
      inputTokenDetails?: RealtimeInputTokenDetails;
      outputTokenDetails?: { audioTokens: number; textTokens: number };
    };

export interface RealtimeInputTokenDetails {
  audioTokens: number;
  textTokens: number;
  /** Tokens served from the prompt cache, and their split. */
  cachedTokens: number;
  cachedAudioTokens: number;
  cachedTextTokens: number;
}

export interface FunctionCallData {
  callId: string;
  name: string;
  arguments: string;
}
export interface FunctionCallOutputData {
  callId: string;
  name: string;
  output: string;
  isError: boolean;
}

interface Base {
  /** Session clock time of emission, ms. */
  t: number;
}

/** Events of the seed's AgentSession. */
export type SessionEvent =
  | (Base & { type: 'agent_state_changed'; oldState: AgentState; newState: AgentState })
  | (Base & {
      type: 'user_state_changed';
      oldState: UserState;
      newState: UserState;
      /**
       * Entering "speaking" from the VAD: when the speech really began (`t` minus the VAD's
       * speech duration; the seed's back-dated `last_speaking_time`).
       */
      speechStartedAt?: number;
      /** Entering "listening" from the VAD: when the speech really ended (`t` minus the silence). */
      speechEndedAt?: number;
    })
  | (Base & {
      type: 'user_input_transcribed';
      transcript: string;
      isFinal: boolean;
      speakerId: string | null;
      language: string | null;
    })
  | (Base & { type: 'conversation_item_added'; item: ChatItemData })
  | (Base & {
      type: 'function_tools_executed';
      functionCalls: FunctionCallData[];
      functionCallOutputs: (FunctionCallOutputData | null)[];
    })
  | (Base & { type: 'metrics_collected'; metrics: MetricsData })
  | (Base & { type: 'speech_created'; userInitiated: boolean; source: SpeechSource; speechId: string })
  | (Base & { type: 'agent_false_interruption'; resumed: boolean })
  | (Base & {
      type: 'error';
      source: string;
      message: string;
      /** True when the session goes on after it; false when it closes the session. */
      recoverable: boolean;
    })
  | (Base & {
      type: 'warning';
      source: string;
      message: string;
      /**
       * A stable name for a warning a view reacts to (absent for the others); the names are in
       * shared/warning-codes.ts.
       */
      code?: string;
    })
  | (Base & {
      type: 'close';
      reason: 'user_initiated' | 'task_completed' | 'error' | 'shutdown';
      error: string | null;
    });

/** A tool as an LLM request offered it to the model. */
export interface ToolDefinitionData {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** Longest text an `llm_request` payload carries per string; the rest is cut with TRUNCATED_MARK. */
export const PAYLOAD_TEXT_LIMIT = 16_000;
/** Most chat items an `llm_request` payload carries: the newest, the rest counted in `omittedItems`. */
export const PAYLOAD_ITEM_LIMIT = 400;
/** Most characters of chat text (after cutting) one payload carries: older items beyond it are omitted. */
export const PAYLOAD_TOTAL_CHARS = 200_000;
/** Starts the note that ends a cut text: `…[truncated: 1234 more characters]`. */
export const TRUNCATED_MARK = '…[truncated: ';

/**
 * What one LLM request sent, on its `llm_request` start event, so a recording is as inspectable
 * as the live session. Bounded: strings past PAYLOAD_TEXT_LIMIT are cut (TRUNCATED_MARK), and
 * only the newest PAYLOAD_ITEM_LIMIT items of the chat context are kept.
 */
export interface LlmRequestPayload {
  /** The LLM's label (`openai.LLM`) and model (`gpt-4o-mini`), when the session has one. */
  provider: string | null;
  model: string | null;
  /** The chat context as handed to the agent's LLM node. */
  chatContext: ChatItemData[];
  /** Items of the context left out (the oldest) to keep the event bounded. */
  omittedItems: number;
  toolDefinitions: ToolDefinitionData[];
  /** Request options: model settings (tool choice, reply instructions) and the LLM's own settings. */
  options: Record<string, unknown>;
}

/** What one LLM request answered, on its `llm_request` end event (bounded as the payload). */
export interface LlmResponseData {
  /** The streamed text as the reply took it. */
  text: string;
  toolCalls: FunctionCallData[];
  /** Token usage as the provider reported it; null when it reported none. */
  usage: {
    promptTokens: number;
    completionTokens: number;
    promptCachedTokens: number;
    totalTokens: number;
  } | null;
  /** The provider's own id of the request, when it gave one. */
  providerRequestId: string | null;
}

export type SpeechLifecycleState =
  'created' | 'scheduled' | 'authorized' | 'playout_started' | 'paused' | 'resumed' | 'interrupted' | 'done';

/** Trace events: what the studio timeline draws beyond the session events. */
export type TraceEvent =
  | (Base & {
      type: 'speech_lifecycle';
      speechId: string;
      state: SpeechLifecycleState;
      source?: SpeechSource;
      priority?: number;
      allowInterruptions?: boolean;
      text?: string;
      /** For `interrupted`: what caused it (vad, words, stt, api, outdated_turn, text_input, handoff, close). */
      cause?: string;
    })
  | (Base & {
      type: 'vad_inference';
      probability: number;
      speechDurationMs: number;
      silenceDurationMs: number;
      speaking: boolean;
    })
  | (Base & {
      type: 'end_of_turn';
      transcript: string;
      delayMs: number;
      probability: number | null;
      committed: boolean;
      /**
       * When the user last spoke (the VAD's end of speech, or the STT's), clock ms: the start of
       * the silence the decision waited through. Null when recognition never saw speech end;
       * absent in recordings made before it existed.
       */
      userStoppedAt?: number | null;
      /** When the turn's last final transcript arrived, clock ms (null: none; absent: older recording). */
      transcriptAt?: number | null;
    })
  | (Base & {
      /**
       * The agent's on_user_turn_completed hook ran for a committed end of turn; `t` is when it
       * returned and the reply was scheduled (the seed's `_user_turn_completed_task`).
       */
      type: 'user_turn_completed';
      /** The time of the end_of_turn decision this turn answers, clock ms. */
      endOfTurnAt: number;
      /**
       * When the hook was called, clock ms: after the previous turn's hook and the reply the user
       * interrupted had finished.
       */
      hookStartedAt: number;
      /** The reply speech; null when none followed (StopResponse, hook error, no LLM). */
      speechId: string | null;
    })
  | (Base & {
      type: 'llm_request';
      phase: 'start';
      requestId: string;
      speechId: string | null;
      tools: string[];
      toolChoice: string | null;
      /** What was sent (absent in recordings made before it was carried). */
      request?: LlmRequestPayload;
    })
  | (Base & {
      type: 'llm_request';
      phase: 'first_token' | 'end';
      requestId: string;
      speechId: string | null;
      error?: string;
      /** On `end`: what came back (absent in recordings made before it was carried). */
      response?: LlmResponseData;
    })
  | (Base & {
      type: 'tts_request';
      phase: 'start' | 'first_byte' | 'end';
      requestId: string;
      speechId: string | null;
      text?: string;
      error?: string;
      /** On `end`: duration of the audio the request produced, ms. */
      audioMs?: number;
      /** On `first_byte`: when the first text reached this request, clock ms (null: none). */
      firstTextAt?: number | null;
      /**
       * On `first_byte`: when the request had the whole text it spoke first (its input ended or
       * was flushed before the first byte), clock ms; null when audio began while text still
       * streamed in. The TTS time to first byte is measured from it, else from firstTextAt.
       */
      textReadyAt?: number | null;
      /** On `start`: the TTS's label and voice, when it names one. */
      provider?: string;
      voice?: string;
    })
  | (Base & {
      type: 'tool_execution';
      phase: 'start' | 'end';
      callId: string;
      name: string;
      speechId: string | null;
      arguments: string;
      output?: string;
      isError?: boolean;
    })
  | (Base & {
      type: 'preemptive_generation';
      phase: 'started' | 'used' | 'discarded';
      speechId: string;
      reason?: string;
    })
  | (Base & {
      /** An interrupted realtime reply's server copy was cut at what was heard (conversation.item.truncate). */
      type: 'realtime_truncated';
      speechId: string;
      messageId: string;
      /** Audio the user heard before the interruption, ms: where the server's message was cut. */
      audioEndMs: number;
    })
  | (Base & { type: 'config_updated'; field: string; value: unknown })
  | (Base & { type: 'playback_started'; speechId: string | null })
  | (Base & {
      type: 'playback_finished';
      speechId: string | null;
      positionMs: number;
      interrupted: boolean;
    })
  | (Base & { type: 'interruption'; speechId: string; cause: string; paused: boolean })
  | (Base & { type: 'agent_handoff'; oldAgentId: string | null; newAgentId: string })
  | (Base & {
      type: 'provider_switched';
      kind: 'llm' | 'stt' | 'tts';
      from: string;
      to: string;
      reason: string;
    })
  | (Base & {
      /** A provider request failed and will be tried again after `delayMs` (on the session clock). */
      type: 'provider_retry';
      /** The provider (`openai`) and where its config sits (`providers.llm[1]`). */
      provider: string;
      setting: string;
      kind: 'llm' | 'stt' | 'tts';
      /** The attempt that failed, 1-based: attempt + 1 starts after the delay. */
      attempt: number;
      delayMs: number;
      /** Why it failed (the provider error's message) and its code (`rate_limited`, `timeout` …). */
      reason: string;
      code: string;
    });

export type EngineEvent = SessionEvent | TraceEvent;
export type EngineEventType = EngineEvent['type'];
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;

/** Every event type, for exhaustiveness checks and filters in the UI. */
export const ENGINE_EVENT_TYPES = [
  'agent_state_changed',
  'user_state_changed',
  'user_input_transcribed',
  'conversation_item_added',
  'function_tools_executed',
  'metrics_collected',
  'speech_created',
  'agent_false_interruption',
  'error',
  'warning',
  'close',
  'speech_lifecycle',
  'vad_inference',
  'end_of_turn',
  'user_turn_completed',
  'llm_request',
  'tts_request',
  'tool_execution',
  'preemptive_generation',
  'realtime_truncated',
  'config_updated',
  'playback_started',
  'playback_finished',
  'interruption',
  'agent_handoff',
  'provider_switched',
  'provider_retry',
] as const satisfies readonly EngineEventType[];

type Missing = Exclude<EngineEventType, (typeof ENGINE_EVENT_TYPES)[number]>;
/** Compile-time check that ENGINE_EVENT_TYPES lists every type. */
export const _allEventTypesListed: Missing extends never ? true : never = true;

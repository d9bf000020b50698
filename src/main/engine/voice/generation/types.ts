/**
 * Shapes shared by the generation helpers and the agent's overridable nodes (upstream
 * voice/io.py LLMNode/TTSNode, agent.py ModelSettings, types.py FlushSentinel). They live here,
 * not in agent.ts, so the helpers do not import the agent (the agent imports them).
 */
import type { AudioFrame } from '../../audio/frame';
import type { Clock } from '../../base/clock';
import type { TaskOwner } from '../../base/tasks';
import type { EventSink } from '../../event-bus';
import type { ChatContext } from '../../llm/chat-context';
import type { ChatChunk, ToolChoice } from '../../llm/llm';
import type { Tool } from '../../llm/tool-context';
import type { SynthesizedAudio } from '../../tts/tts';

/**
 * Marks the end of a TTS segment inside a text stream: text after it is synthesized by a new
 * TTS request (upstream types.FlushSentinel).
 */
export class FlushSentinel {
  readonly kind = 'flush' as const;
}

export function isFlushSentinel(v: unknown): v is FlushSentinel {
  return v instanceof FlushSentinel;
}

/** Per-reply model settings (upstream agent.ModelSettings). */
export interface ModelSettings {
  /** undefined = not given (the LLM's default); the activity passes 'none' for tool replies. */
  toolChoice?: ToolChoice | null;
}

export type LLMNodeChunk = ChatChunk | string | FlushSentinel;
export type LLMNodeResult = AsyncIterable<LLMNodeChunk> | string | null | undefined;

/**
 * The agent's LLM step: chat context and tools in, text/tool-call chunks out. Upstream cancels
 * the generator's task; here the node gets a signal and must stop its provider stream when it
 * aborts (the helper also ends the iteration with `return()`).
 */
export type LLMNode = (
  chatCtx: ChatContext,
  tools: Tool[],
  modelSettings: ModelSettings,
  signal: AbortSignal,
) => LLMNodeResult | Promise<LLMNodeResult>;

/** What a TTS node yields: bare frames (as upstream) or the provider's SynthesizedAudio. */
export type TTSNodeItem = AudioFrame | SynthesizedAudio;
export type TTSNodeResult = AsyncIterable<TTSNodeItem> | null | undefined;

/** The agent's TTS step for one segment of text (upstream io.TTSNode). */
export type TTSNode = (
  text: AsyncIterable<string>,
  modelSettings: ModelSettings,
  signal: AbortSignal,
) => TTSNodeResult | Promise<TTSNodeResult>;

/** A text transform applied before TTS (upstream transcription.filters TextTransforms). */
export type TextTransform = (text: AsyncIterable<string>) => AsyncIterable<string>;

/**
 * What every helper needs from the session: the clock for all time stamps and measurements,
 * the event sink for trace/metrics/error events, and the owner of the tasks it starts.
 */
export interface GenerationEnv {
  clock: Clock;
  events: EventSink;
  owner: TaskOwner;
}

export function isSynthesizedAudio(v: TTSNodeItem): v is SynthesizedAudio {
  return (v as SynthesizedAudio).frame !== undefined;
}

/**
 * End-of-turn models (upstream `_TurnDetector` protocol) and the rule that turns their
 * probability into an endpointing delay. The model only ever lengthens the wait: a turn that
 * looks unfinished waits the max endpointing delay, anything else the min one.
 */
import type { ChatContext } from '../llm/chat-context';

/** A model that reads the conversation and says how likely the user is done speaking. */
export interface EndOfTurnModel {
  /** For metrics metadata. */
  readonly model: string;
  readonly provider: string;
  /** Below this probability the turn counts as unfinished; null when the language is unknown to the model. */
  unlikelyThreshold(language: string | null): Promise<number | null>;
  supportsLanguage(language: string | null): Promise<boolean>;
  /** Probability in [0, 1] that the user's turn is over, given the chat ending with the user's message. */
  predictEndOfTurn(
    chatCtx: ChatContext,
    opts?: { timeoutMs?: number; signal?: AbortSignal },
  ): Promise<number>;
}

/** Tells a model apart from the string turn-detection modes. */
export function isEndOfTurnModel(v: unknown): v is EndOfTurnModel {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as EndOfTurnModel).predictEndOfTurn === 'function' &&
    typeof (v as EndOfTurnModel).unlikelyThreshold === 'function'
  );
}

/** The probability → delay rule: unlikely (strictly below the threshold) waits the max delay. */
export function endpointingDelayFor(
  probability: number,
  unlikelyThreshold: number | null,
  minEndpointingDelayMs: number,
  maxEndpointingDelayMs: number,
): number {
  if (unlikelyThreshold !== null && probability < unlikelyThreshold) return maxEndpointingDelayMs;
  return minEndpointingDelayMs;
}

export interface EndpointingDecision {
  delayMs: number;
  /** Null when no model ran (no model, unsupported language). 0 when the model failed. */
  probability: number | null;
  unlikelyThreshold: number | null;
  /** Set when the model threw: the turn falls back to the min delay rather than hanging. */
  error: unknown;
}

/**
 * Runs the model as upstream's `_bounce_eou_task` does before it sleeps: skip it for an
 * unsupported language; on failure keep the min delay (a broken model must not hold the
 * pipeline up). Cancellation (the signal) propagates as a rejection.
 */
export async function decideEndpointingDelay(args: {
  model: EndOfTurnModel | null;
  chatCtx: ChatContext;
  language: string | null;
  minEndpointingDelayMs: number;
  maxEndpointingDelayMs: number;
  signal?: AbortSignal;
}): Promise<EndpointingDecision> {
  const { model, minEndpointingDelayMs: min, maxEndpointingDelayMs: max, signal } = args;
  const decision: EndpointingDecision = {
    delayMs: min,
    probability: null,
    unlikelyThreshold: null,
    error: null,
  };
  if (!model) return decision;
  if (!(await model.supportsLanguage(args.language))) return decision;
  signal?.throwIfAborted();
  let probability = 0;
  try {
    probability = await model.predictEndOfTurn(args.chatCtx, { signal });
    signal?.throwIfAborted();
    decision.unlikelyThreshold = await model.unlikelyThreshold(args.language);
    decision.delayMs = endpointingDelayFor(probability, decision.unlikelyThreshold, min, max);
  } catch (err) {
    if (signal?.aborted) throw err;
    decision.error = err;
  }
  signal?.throwIfAborted();
  decision.probability = probability;
  return decision;
}

/**
 * LLM and TTS requests as the inspectors show them, put together from their trace events
 * (`llm_request`, `tts_request`) — the same events live and in a replayed recording. Times come
 * from the events' own timestamps; cost from the config's price table, and only when both the
 * usage and the model's price are known (an unknown is said, never shown as $0).
 */
import type {
  EngineEvent,
  EngineEventOf,
  LlmRequestPayload,
  LlmResponseData,
} from '../../../../shared/engine-events';
import type { ModelPrice, Pricing } from '../../../../shared/config';

export interface LlmRequestView {
  kind: 'llm';
  requestId: string;
  speechId: string | null;
  startT: number;
  firstTokenT: number | null;
  endT: number | null;
  /** First token after the request started, ms; null before it came (or never). */
  ttftMs: number | null;
  durationMs: number | null;
  error: string | null;
  tools: string[];
  toolChoice: string | null;
  /** What was sent; null in recordings made before requests carried it. */
  request: LlmRequestPayload | null;
  /** What came back; null until the request ended, or in older recordings. */
  response: LlmResponseData | null;
  events: EngineEventOf<'llm_request'>[];
}

export interface TtsRequestView {
  kind: 'tts';
  requestId: string;
  speechId: string | null;
  startT: number;
  firstByteT: number | null;
  endT: number | null;
  /** First audio after the request started, ms. */
  firstByteMs: number | null;
  durationMs: number | null;
  text: string | null;
  provider: string | null;
  voice: string | null;
  /** Audio the request produced, ms (absent in older recordings). */
  audioMs: number | null;
  error: string | null;
  events: EngineEventOf<'tts_request'>[];
}

export interface Requests {
  llm: LlmRequestView[];
  tts: TtsRequestView[];
}

function llmView(first: EngineEventOf<'llm_request'>): LlmRequestView {
  return {
    kind: 'llm',
    requestId: first.requestId,
    speechId: first.speechId,
    startT: first.t,
    firstTokenT: null,
    endT: null,
    ttftMs: null,
    durationMs: null,
    error: null,
    tools: [],
    toolChoice: null,
    request: null,
    response: null,
    events: [],
  };
}

function ttsView(first: EngineEventOf<'tts_request'>): TtsRequestView {
  return {
    kind: 'tts',
    requestId: first.requestId,
    speechId: first.speechId,
    startT: first.t,
    firstByteT: null,
    endT: null,
    firstByteMs: null,
    durationMs: null,
    text: null,
    provider: null,
    voice: null,
    audioMs: null,
    error: null,
    events: [],
  };
}

/** Every request of the events, in the order they started. */
export function collectRequests(events: Iterable<EngineEvent>): Requests {
  const llm = new Map<string, LlmRequestView>();
  const tts = new Map<string, TtsRequestView>();
  for (const ev of events) {
    if (ev.type === 'llm_request') {
      let r = llm.get(ev.requestId);
      if (!r) llm.set(ev.requestId, (r = llmView(ev)));
      r.events.push(ev);
      if (ev.phase === 'start') {
        r.startT = ev.t;
        r.tools = ev.tools;
        r.toolChoice = ev.toolChoice;
        r.request = ev.request ?? null;
      } else if (ev.phase === 'first_token') {
        r.firstTokenT = ev.t;
        r.ttftMs = ev.t - r.startT;
      } else {
        r.endT = ev.t;
        r.durationMs = ev.t - r.startT;
        r.error = ev.error ?? null;
        r.response = ev.response ?? null;
      }
    } else if (ev.type === 'tts_request') {
      let r = tts.get(ev.requestId);
      if (!r) tts.set(ev.requestId, (r = ttsView(ev)));
      r.events.push(ev);
      if (ev.phase === 'start') {
        r.startT = ev.t;
        r.provider = ev.provider ?? null;
        r.voice = ev.voice ?? null;
      } else if (ev.phase === 'first_byte') {
        r.firstByteT = ev.t;
        r.firstByteMs = ev.t - r.startT;
      } else {
        r.endT = ev.t;
        r.durationMs = ev.t - r.startT;
        r.text = ev.text ?? null;
        r.audioMs = ev.audioMs ?? null;
        r.error = ev.error ?? null;
      }
    }
  }
  return { llm: [...llm.values()], tts: [...tts.values()] };
}

/** The price of a model, or null when the table has none. */
export function priceFor(pricing: Pricing | undefined, model: string | null): ModelPrice | null {
  if (!pricing || !model) return null;
  return Object.hasOwn(pricing, model) ? pricing[model] : null;
}

export type Cost = { usd: number } | { usd: null; why: string };

/** USD of one request: uncached input, cached input (at its own price if given) and output tokens. */
export function requestCost(r: LlmRequestView, pricing: Pricing | undefined): Cost {
  const model = r.request?.model ?? null;
  const usage = r.response?.usage ?? null;
  if (!usage)
    return { usd: null, why: r.endT === null ? 'request still running' : 'no token usage reported' };
  if (!model) return { usd: null, why: 'model not recorded' };
  const price = priceFor(pricing, model);
  if (!price) return { usd: null, why: `no price for ${model} in config.pricing` };
  const cached = Math.min(usage.promptCachedTokens, usage.promptTokens);
  const usd =
    ((usage.promptTokens - cached) * price.inputPerMTok +
      cached * (price.cachedInputPerMTok ?? price.inputPerMTok) +
      usage.completionTokens * price.outputPerMTok) /
    1_000_000;
  return { usd };
}

export interface TurnCost {
  speechId: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  /** Sum over the turn's requests; null (with why) when any request's cost is unknown. */
  cost: Cost;
}

/** Cost per turn (a reply speech and its tool steps), keyed by speech id. */
export function turnCosts(
  llm: readonly LlmRequestView[],
  pricing: Pricing | undefined,
): Map<string, TurnCost> {
  const out = new Map<string, TurnCost>();
  for (const r of llm) {
    if (r.speechId === null) continue;
    const turn = out.get(r.speechId) ?? {
      speechId: r.speechId,
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      cost: { usd: 0 },
    };
    turn.requests += 1;
    turn.promptTokens += r.response?.usage?.promptTokens ?? 0;
    turn.completionTokens += r.response?.usage?.completionTokens ?? 0;
    const c = requestCost(r, pricing);
    if (turn.cost.usd !== null)
      turn.cost =
        c.usd === null ? { usd: null, why: `${r.requestId}: ${c.why}` } : { usd: turn.cost.usd + c.usd };
    out.set(r.speechId, turn);
  }
  return out;
}

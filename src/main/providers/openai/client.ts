/**
 * What every OpenAI provider shares: the SDK client (its retries and logging off, so retries are
 * ours and on the clock, and the SDK never prints a response that might echo a key), the retry
 * policy, and the context error messages are built from.
 */
import OpenAI from 'openai';
import type { Clock } from '../../engine';
import type { MetricsData } from '../../../shared/engine-events';
import { originOf, type ErrorContext, type ProviderKind } from '../common/provider-error';
import { PROVIDER_DEADLINE_DEFAULTS } from '../../../shared/config';
import { DEFAULT_RETRY_POLICY, type Deadlines, type RetryInfo, type RetryPolicy } from '../common/retry';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIConnection {
  apiKey: string;
  /** Name of the key (env variable or key-store entry), for messages. */
  apiKeyName?: string;
  /** OpenAI-compatible servers: Ollama, vLLM, LM Studio, the test server. */
  baseURL?: string;
  /** Per-attempt deadline for the response and then for each further progress, ms. */
  timeoutMs?: number;
  /** Overall deadlines of a request across its attempts (defaults per kind, see the config). */
  firstTokenTimeoutMs?: number;
  totalTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  clock: Clock;
  onRetry?: (info: RetryInfo) => void;
  /** Metrics of this provider's requests (the engine measures its own too: wire one of them). */
  onMetrics?: (m: MetricsData) => void;
  /** Where the settings live, for messages; `providers.<kind>` by default. */
  settingPrefix?: string;
}

export interface ResolvedConnection {
  client: OpenAI;
  clock: Clock;
  policy: RetryPolicy;
  timeoutMs: number;
  deadlines: Deadlines;
  baseURL: string;
  ctx: ErrorContext;
  onRetry?: (info: RetryInfo) => void;
  onMetrics?: (m: MetricsData) => void;
}

export function resolveConnection(
  conn: OpenAIConnection,
  kind: ProviderKind,
  model: string,
): ResolvedConnection {
  const baseURL = conn.baseURL ?? OPENAI_BASE_URL;
  const timeoutMs = conn.timeoutMs ?? 30_000;
  const client = new OpenAI({
    apiKey: conn.apiKey,
    baseURL,
    maxRetries: 0,
    // The clock enforces the deadline; this is only a backstop if the clock never fires.
    timeout: Math.max(timeoutMs * 4, 60_000),
    logLevel: 'off',
  });
  return {
    client,
    clock: conn.clock,
    policy: { ...DEFAULT_RETRY_POLICY, ...(conn.retry ?? {}) },
    timeoutMs,
    deadlines: {
      firstTokenTimeoutMs: conn.firstTokenTimeoutMs ?? PROVIDER_DEADLINE_DEFAULTS[kind].firstTokenTimeoutMs,
      totalTimeoutMs: conn.totalTimeoutMs ?? PROVIDER_DEADLINE_DEFAULTS[kind].totalTimeoutMs,
    },
    baseURL,
    ctx: {
      provider: 'openai',
      kind,
      origin: originOf(baseURL),
      model,
      apiKeyName: conn.apiKeyName ?? 'OPENAI_API_KEY',
      secrets: [conn.apiKey],
      timeoutMs,
      settingPrefix: conn.settingPrefix ?? `providers.${kind}`,
    },
    onRetry: conn.onRetry,
    onMetrics: conn.onMetrics,
  };
}

/** Request ids for streams before the server gives one; unique within the process. */
let seq = 0;
export function localRequestId(prefix: string): string {
  seq += 1;
  return `${prefix}_${seq.toString(36)}`;
}

/** Whether the base URL is OpenAI's own API (which knows the `developer` role). */
export function isOpenAIHost(baseURL: string): boolean {
  return originOf(baseURL) === originOf(OPENAI_BASE_URL);
}

/**
 * The provider error every provider and the fallback chains share. A failed request must tell
 * the user which provider and which setting to fix and how, and must be classified (retryable or
 * not) so retries and fallback chains can decide without parsing messages. Messages never
 * contain the API key: server messages are redacted before they are quoted, and a 401 is
 * described by the key's name only. Mapping one SDK's exceptions to it stays with that provider
 * (openai/errors.ts `toProviderError`); the builders here know no SDK.
 */
import { allSecretForms } from '../../secret-forms';

export type ProviderKind = 'llm' | 'stt' | 'tts';
/** What an error can be about: a pipeline provider, or a realtime (speech-to-speech) model. */
export type ErrorKind = ProviderKind | 'realtime';

export type ProviderErrorCode =
  | 'missing_key'
  | 'invalid_config'
  | 'auth'
  | 'model_not_found'
  | 'rate_limited'
  | 'server_error'
  | 'bad_request'
  | 'timeout'
  | 'connection'
  | 'stream_interrupted'
  | 'malformed_response'
  /** Every provider of a fallback chain failed. */
  | 'all_failed';

export class ProviderError extends Error {
  readonly provider: string;
  readonly kind: ErrorKind;
  /** The config setting to look at (`providers.llm.model`), when one is to blame. */
  readonly setting: string | null;
  readonly code: ProviderErrorCode;
  /** Whether trying the same request again may succeed (429, 5xx, connection problems). */
  readonly retryable: boolean;
  readonly status: number | null;
  /** Attempts made before giving up (1 = no retry). */
  attempts = 1;
  /** The key's name, when the error is that it is not set (`missing_key`). */
  readonly keyName: string | null;

  constructor(init: {
    provider: string;
    kind: ErrorKind;
    code: ProviderErrorCode;
    message: string;
    setting?: string | null;
    retryable?: boolean;
    status?: number | null;
    keyName?: string | null;
  }) {
    super(init.message);
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.kind = init.kind;
    this.code = init.code;
    this.setting = init.setting ?? null;
    this.retryable = init.retryable ?? false;
    this.status = init.status ?? null;
    this.keyName = init.keyName ?? null;
  }
}

export function isProviderError(e: unknown): e is ProviderError {
  return e instanceof ProviderError;
}

/** What an error message may say about the request (never the key's value). */
export interface ErrorContext<K extends ErrorKind = ProviderKind> {
  provider: string;
  kind: K;
  /** Where the request went (origin of the baseURL). */
  origin: string;
  model: string;
  apiKeyName: string;
  /** Secrets to scrub from any quoted text. */
  secrets: readonly string[];
  timeoutMs: number;
  /** Where this provider's settings live (`providers.llm`, or `providers.llm[1]` in a chain). */
  settingPrefix: string;
}

/** Replaces secrets and anything that looks like an OpenAI key with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // In every encoding a server may echo it in (JSON-escaped, URL-encoded, base64), longest first.
  for (const s of allSecretForms(secrets, 4)) out = out.split(s).join('***');
  return out.replace(/sk-[A-Za-z0-9_*-]{6,}/g, 'sk-***');
}

/** `providers.llm.<name>` for this provider's settings. */
export function settingOf(ctx: ErrorContext<ErrorKind>, name: string): string {
  return `${ctx.settingPrefix}.${name}`;
}

/** `openai llm`: how messages name the provider. */
export function providerPrefix(ctx: ErrorContext<ErrorKind>): string {
  return `${ctx.provider} ${ctx.kind}`;
}

export function timeoutError(
  ctx: ErrorContext<ErrorKind>,
  phase: 'first byte' | 'next chunk',
): ProviderError {
  const what = phase === 'first byte' ? 'no response' : 'the stream stalled, no data';
  return new ProviderError({
    provider: ctx.provider,
    kind: ctx.kind,
    code: 'timeout',
    setting: settingOf(ctx, 'timeoutMs'),
    retryable: true,
    message: `${providerPrefix(ctx)}: ${what} from ${ctx.origin} within ${ctx.timeoutMs} ms (${settingOf(ctx, 'timeoutMs')}): check that the server is running and reachable, or raise the timeout`,
  });
}

/** The request never got an answer (refused, reset, DNS): retryable, names baseURL. */
export function connectionError(cause: unknown, ctx: ErrorContext<ErrorKind>): ProviderError {
  const detail = causeText(cause);
  return new ProviderError({
    provider: ctx.provider,
    kind: ctx.kind,
    code: 'connection',
    retryable: true,
    setting: settingOf(ctx, 'baseURL'),
    message: `${providerPrefix(ctx)}: connection to ${ctx.origin} failed${detail ? ` (${redact(detail, ctx.secrets)})` : ''}: check ${settingOf(ctx, 'baseURL')} and that the server is running`,
  });
}

function causeText(e: unknown): string {
  if (!(e instanceof Error)) return e === undefined ? '' : String(e);
  const code = (e as { code?: unknown }).code;
  const inner = (e as { cause?: unknown }).cause;
  const own = typeof code === 'string' ? code : e.message;
  const deeper = inner !== undefined && inner !== e ? causeText(inner) : '';
  return deeper && deeper !== own ? `${own}: ${deeper}` : own;
}

/**
 * A stream that failed after its output was already used (text spoken, audio played): retrying
 * would repeat it, so the failure is final. `sent` says how much went out ("15 characters").
 */
export function afterFirstTokenError(
  cause: ProviderError,
  ctx: ErrorContext<ErrorKind>,
  sent: string,
): ProviderError {
  const what = ctx.kind === 'tts' ? 'audio' : 'reply';
  const err = new ProviderError({
    provider: ctx.provider,
    kind: ctx.kind,
    code: 'stream_interrupted',
    retryable: false,
    status: cause.status,
    message: `${providerPrefix(ctx)}: the ${what} stream from ${ctx.origin} broke after the ${what} had started (${sent} already sent), not retried because that ${what === 'reply' ? 'text' : 'audio'} was already ${what === 'reply' ? 'spoken' : 'played'}; cause: ${cause.message}`,
  });
  err.attempts = cause.attempts;
  return err;
}

/** The stream ended without a finish reason: the server (or a proxy) cut it cleanly. */
export function truncatedStreamError(ctx: ErrorContext<ErrorKind>): ProviderError {
  return new ProviderError({
    provider: ctx.provider,
    kind: ctx.kind,
    code: 'stream_interrupted',
    retryable: true,
    message: `${providerPrefix(ctx)}: the stream from ${ctx.origin} ended before the reply was complete (no finish reason)`,
  });
}

export function missingKeyError(
  provider: string,
  kind: ErrorKind,
  keyName: string,
  prefix = `providers.${kind}`,
): ProviderError {
  return new ProviderError({
    provider,
    kind,
    code: 'missing_key',
    setting: `${prefix}.apiKeyName`,
    keyName,
    // One line with the setting, the provider and the fix: the studio refuses the start with it.
    message: `${prefix}: ${provider} needs an API key — ${keyName} is not set; run "npm run studio -- keys set ${keyName}" or set the environment variable (a local OpenAI-compatible server given by baseURL needs none)`,
  });
}

/** The origin of a base URL, for messages (never the path's query, which might hold secrets). */
export function originOf(baseURL: string): string {
  try {
    return new URL(baseURL).origin;
  } catch {
    return baseURL;
  }
}

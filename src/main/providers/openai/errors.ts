/**
 * The OpenAI SDK's exceptions mapped to the shared ProviderError (providers/common): which class
 * means a bad key, a missing model, a rate limit, a server error or a broken stream. Everything
 * that is not SDK-specific (the error type, its builders, redaction) lives in common/.
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import {
  connectionError,
  providerPrefix,
  ProviderError,
  redact,
  settingOf,
  timeoutError,
  type ErrorContext,
} from '../common/provider-error';

/** Maps whatever the SDK or the network threw to a ProviderError. */
export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const base = { provider: ctx.provider, kind: ctx.kind };
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return new ProviderError({
      ...base,
      code: 'auth',
      status: err.status,
      setting: settingOf(ctx, 'apiKeyName'),
      message: `${ctx.apiKeyName} was rejected (${err.status}) by ${ctx.origin}: set a valid key in the ${ctx.apiKeyName} environment variable or the studio key store (${settingOf(ctx, 'apiKeyName')} names the key)`,
    });
  }
  if (err instanceof NotFoundError) {
    return new ProviderError({
      ...base,
      code: 'model_not_found',
      status: 404,
      setting: settingOf(ctx, 'model'),
      message: `${providerPrefix(ctx)}: model "${ctx.model}" was not found (404) on ${ctx.origin}: check ${settingOf(ctx, 'model')} (and ${settingOf(ctx, 'baseURL')} if the server is not OpenAI's); server said: ${quote(err, ctx)}`,
    });
  }
  if (err instanceof RateLimitError) {
    return new ProviderError({
      ...base,
      code: 'rate_limited',
      status: 429,
      retryable: true,
      message: `${providerPrefix(ctx)}: rate limited (429) by ${ctx.origin}: wait, lower the request rate or check the account's quota; server said: ${quote(err, ctx)}`,
    });
  }
  if (err instanceof APIConnectionTimeoutError) return timeoutError(ctx, 'first byte');
  if (err instanceof APIUserAbortError) {
    return new ProviderError({
      ...base,
      code: 'connection',
      message: `${providerPrefix(ctx)}: request aborted`,
    });
  }
  if (err instanceof APIConnectionError) return connectionError(err.cause ?? err, ctx);
  if (err instanceof APIError) {
    const status = typeof err.status === 'number' ? err.status : null;
    if (status === null) {
      // An error event inside an SSE stream: the server gave up mid-request.
      return new ProviderError({
        ...base,
        code: 'server_error',
        retryable: true,
        message: `${providerPrefix(ctx)}: ${ctx.origin} reported an error in the stream: ${quote(err, ctx)}`,
      });
    }
    const server = status >= 500;
    return new ProviderError({
      ...base,
      code: server ? 'server_error' : 'bad_request',
      status,
      retryable: server || status === 408 || status === 409,
      message: server
        ? `${providerPrefix(ctx)}: server error (${status}) from ${ctx.origin}: ${quote(err, ctx)}`
        : `${providerPrefix(ctx)}: request rejected (${status}) by ${ctx.origin}: ${quote(err, ctx)}; check the ${ctx.kind} settings`,
    });
  }
  if (err instanceof SyntaxError) {
    return new ProviderError({
      ...base,
      code: 'malformed_response',
      setting: settingOf(ctx, 'baseURL'),
      message: `${providerPrefix(ctx)}: malformed streaming response from ${ctx.origin} (an event was not valid JSON): is ${settingOf(ctx, 'baseURL')} an OpenAI-compatible server?`,
    });
  }
  return connectionError(err, ctx);
}

function quote(err: APIError, ctx: ErrorContext): string {
  const e: { message?: unknown } | undefined = err.error;
  const msg = typeof e?.message === 'string' ? e.message : err.message;
  return `"${redact(msg, ctx.secrets).slice(0, 300)}"`;
}

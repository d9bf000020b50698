/**
 * What went wrong with a realtime connection, as the shared ProviderError: a refused handshake
 * (401/403: the key; 404: the model or the URL), a server `error` event (its message quoted,
 * redacted, with the setting to fix when the error points at one), a socket that failed or
 * closed. `fatal` says that trying again cannot help (a bad key, an unknown model): the session
 * then ends instead of reconnecting.
 */
import type { RealtimeError as ServerError } from 'openai/resources/realtime/realtime';
import {
  connectionError,
  ProviderError,
  redact,
  settingOf,
  type ErrorContext,
} from '../common/provider-error';

const base = (ctx: ErrorContext<'realtime'>) => ({ provider: ctx.provider, kind: ctx.kind });

/** Server error codes that no retry can fix. */
const FATAL_CODES = new Set([
  'invalid_api_key',
  'model_not_found',
  'insufficient_quota',
  'unsupported_model',
]);

export function authError(status: number, ctx: ErrorContext<'realtime'>): ProviderError {
  return new ProviderError({
    ...base(ctx),
    code: 'auth',
    status,
    setting: settingOf(ctx, 'apiKeyName'),
    message: `${ctx.apiKeyName} was rejected (${status}) by ${ctx.origin}: set a valid key in the ${ctx.apiKeyName} environment variable or the studio key store (${settingOf(ctx, 'apiKeyName')} names the key)`,
  });
}

export function modelError(
  detail: string,
  ctx: ErrorContext<'realtime'>,
  status: number | null = null,
): ProviderError {
  return new ProviderError({
    ...base(ctx),
    code: 'model_not_found',
    status,
    setting: settingOf(ctx, 'model'),
    message: `openai realtime: model "${ctx.model}" was refused by ${ctx.origin}: check ${settingOf(ctx, 'model')} (and ${settingOf(ctx, 'baseURL')} if the server is not OpenAI's); server said: "${redact(detail, ctx.secrets).slice(0, 300)}"`,
  });
}

/** The HTTP answer to the WebSocket upgrade, when it was not a 101. */
export function handshakeError(status: number, body: string, ctx: ErrorContext<'realtime'>): ProviderError {
  if (status === 401 || status === 403) return authError(status, ctx);
  const said = redact(body, ctx.secrets).slice(0, 300);
  if (status === 404 && /model/i.test(body)) return modelError(body, ctx, status);
  const server = status >= 500 || status === 429;
  return new ProviderError({
    ...base(ctx),
    code: status === 429 ? 'rate_limited' : server ? 'server_error' : 'bad_request',
    status,
    retryable: server,
    setting: server ? null : settingOf(ctx, 'baseURL'),
    message: `openai realtime: ${ctx.origin} refused the connection (${status})${said ? `: "${said}"` : ''}${server ? '' : `; check ${settingOf(ctx, 'baseURL')} and ${settingOf(ctx, 'model')}`}`,
  });
}

/** The setting a server error's `param` points at (`session.audio.output.voice` → voice). */
function settingOfParam(param: string | undefined, ctx: ErrorContext<'realtime'>): string | null {
  if (!param) return null;
  const table: Array<[RegExp, string]> = [
    [/voice/, 'voice'],
    [/turn_detection/, 'turnDetection'],
    [/transcription/, 'inputTranscriptionModel'],
    [/output_modalities|modalities/, 'modalities'],
    [/max_output_tokens|max_response_output_tokens/, 'maxOutputTokens'],
    [/tool_choice/, 'toolChoice'],
    [/speed/, 'speed'],
    [/model/, 'model'],
  ];
  const hit = table.find(([re]) => re.test(param));
  return hit ? settingOf(ctx, hit[1]) : null;
}

export interface ServerErrorVerdict {
  error: ProviderError;
  /** No retry or reconnect can fix it. */
  fatal: boolean;
}

/** A server `error` event. */
export function serverError(e: ServerError, ctx: ErrorContext<'realtime'>): ServerErrorVerdict {
  const code = e.code ?? '';
  const said = redact(e.message ?? '', ctx.secrets).slice(0, 300);
  if (code === 'invalid_api_key') return { error: authError(401, ctx), fatal: true };
  if (code === 'model_not_found' || code === 'unsupported_model')
    return { error: modelError(e.message, ctx), fatal: true };
  const setting = settingOfParam(e.param ?? undefined, ctx);
  return {
    fatal: FATAL_CODES.has(code),
    error: new ProviderError({
      ...base(ctx),
      code: 'bad_request',
      setting,
      retryable: !FATAL_CODES.has(code),
      message: `openai realtime: ${ctx.origin} reported an error${code ? ` (${code})` : ''}: "${said}"${setting ? `; check ${setting}` : ''}`,
    }),
  };
}

/** The socket failed (refused, reset, TLS) before or while the session ran. */
export function socketError(cause: unknown, ctx: ErrorContext<'realtime'>): ProviderError {
  return connectionError(cause, ctx);
}

export function closedError(code: number, reason: string, ctx: ErrorContext<'realtime'>): ProviderError {
  return new ProviderError({
    ...base(ctx),
    code: 'connection',
    retryable: true,
    message: `openai realtime: ${ctx.origin} closed the connection (code ${code}${reason ? `, "${redact(reason, ctx.secrets).slice(0, 200)}"` : ''})`,
  });
}

/**
 * The realtime metrics of one response, from what the server reported at response.done (its
 * usage) and what the session measured on the clock (created, first audio/text, done). A number
 * the server did not send is 0 in the totals and the details are left out when there is no usage
 * at all: the studio must not show a token split that never happened.
 */
import type { RealtimeResponse } from 'openai/resources/realtime/realtime';
import type { RealtimeMetrics } from '../../engine';

export interface ResponseTimings {
  createdAt: number;
  /** First audio, or first text when the response has no audio; null when nothing came. */
  firstTokenAt: number | null;
  doneAt: number;
}

export function realtimeMetrics(
  response: RealtimeResponse,
  t: ResponseTimings,
  label: string,
  speechId: string | null = null,
): RealtimeMetrics {
  const u = response.usage;
  const inD = u?.input_token_details;
  const outD = u?.output_token_details;
  return {
    type: 'realtime',
    speechId,
    requestId: response.id ?? '',
    timestamp: t.createdAt,
    // -1 as upstream: no first token (a response cancelled before it spoke)
    ttftMs: t.firstTokenAt !== null ? t.firstTokenAt - t.createdAt : -1,
    durationMs: t.doneAt - t.createdAt,
    cancelled: response.status === 'cancelled',
    inputTokens: u?.input_tokens ?? 0,
    outputTokens: u?.output_tokens ?? 0,
    totalTokens: u?.total_tokens ?? 0,
    label,
    ...(u
      ? {
          inputTokenDetails: {
            audioTokens: inD?.audio_tokens ?? 0,
            textTokens: inD?.text_tokens ?? 0,
            cachedTokens: inD?.cached_tokens ?? 0,
            cachedAudioTokens: inD?.cached_tokens_details?.audio_tokens ?? 0,
            cachedTextTokens: inD?.cached_tokens_details?.text_tokens ?? 0,
          },
          outputTokenDetails: { audioTokens: outD?.audio_tokens ?? 0, textTokens: outD?.text_tokens ?? 0 },
        }
      : {}),
  };
}

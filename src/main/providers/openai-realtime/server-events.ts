/**
 * What each server event means for the session (upstream realtime_model.py's `_handle_*`):
 * user speech and transcripts become the engine's events, response.* events feed the current
 * generation, conversation.item.* events keep the server's copy of the conversation and settle
 * updateChatCtx, response.done reports the realtime metrics, `error` events become the engine's
 * `error` (unrecoverable, and the end of the session, when no retry can fix them). Events this
 * client does not know are ignored with a debug log line: servers add event types over time.
 */
import type {
  ConversationItemAdded,
  ConversationItemDeletedEvent,
  ConversationItemInputAudioTranscriptionCompletedEvent,
  ConversationItemInputAudioTranscriptionDeltaEvent,
  ConversationItemInputAudioTranscriptionFailedEvent,
  ConversationItemTruncatedEvent,
  RealtimeErrorEvent,
  ResponseAudioDeltaEvent,
  ResponseAudioTranscriptDeltaEvent,
  ResponseContentPartAddedEvent,
  ResponseCreatedEvent,
  ResponseDoneEvent,
  ResponseFunctionCallArgumentsDoneEvent,
  ResponseOutputItemAddedEvent,
  ResponseOutputItemDoneEvent,
  ResponseTextDeltaEvent,
} from 'openai/resources/realtime/realtime';
import { ProviderError, settingOf } from '../common/provider-error';
import type { ServerEvent } from './connection';
import { serverError } from './errors';
import { ResponseGeneration } from './generation';
import { fromOpenAIItem } from './items';
import { realtimeMetrics } from './metrics';
import type { OpenAIRealtimeSession } from './session';

type S = OpenAIRealtimeSession;

/** Known events that carry nothing the engine needs. */
const QUIET = new Set([
  'session.created',
  'session.updated',
  'input_audio_buffer.committed',
  'input_audio_buffer.cleared',
  'input_audio_buffer.timeout_triggered',
  'conversation.item.done',
  'conversation.item.retrieved',
  'response.output_audio.done',
  'response.output_audio_transcript.done',
  'response.output_text.done',
  'response.content_part.done',
  'response.function_call_arguments.delta',
  'rate_limits.updated',
  'output_audio_buffer.started',
  'output_audio_buffer.stopped',
  'output_audio_buffer.cleared',
]);

const HANDLERS: Record<string, (s: S, ev: never) => void> = {
  'input_audio_buffer.speech_started': (s: S) => s.emit('input_speech_started', {}),
  'input_audio_buffer.speech_stopped': (s: S) =>
    s.emit('input_speech_stopped', { userTranscriptionEnabled: s.settings.inputTranscriptionModel !== null }),
  'conversation.item.input_audio_transcription.delta': onTranscriptDelta,
  'conversation.item.input_audio_transcription.completed': onTranscriptCompleted,
  'conversation.item.input_audio_transcription.failed': onTranscriptFailed,
  'conversation.item.added': onItemAdded,
  'conversation.item.created': onItemAdded,
  'conversation.item.deleted': (s: S, ev: ConversationItemDeletedEvent) => {
    s.remote.delete(ev.item_id);
    s.pendingItems.get(`conversation.item.delete:${ev.item_id}`)?.resolve();
  },
  'conversation.item.truncated': (s: S, ev: ConversationItemTruncatedEvent) =>
    s.log.log('debug', 'openai realtime: item truncated', {
      itemId: ev.item_id,
      audioEndMs: ev.audio_end_ms,
    }),
  'response.created': onResponseCreated,
  'response.output_item.added': (s: S, ev: ResponseOutputItemAddedEvent) =>
    gen(s, ev.response_id)?.itemAdded(ev.item),
  'response.content_part.added': (s: S, ev: ResponseContentPartAddedEvent) =>
    gen(s, ev.response_id)?.contentPartAdded(ev),
  'response.output_audio.delta': (s: S, ev: ResponseAudioDeltaEvent) =>
    gen(s, ev.response_id)?.audioDelta(ev),
  'response.output_audio_transcript.delta': (s: S, ev: ResponseAudioTranscriptDeltaEvent) =>
    gen(s, ev.response_id)?.textDelta(ev.item_id, ev.delta, false),
  'response.output_text.delta': (s: S, ev: ResponseTextDeltaEvent) =>
    gen(s, ev.response_id)?.textDelta(ev.item_id, ev.delta, true),
  'response.function_call_arguments.done': (s: S, ev: ResponseFunctionCallArgumentsDoneEvent) =>
    gen(s, ev.response_id)?.argumentsDone(ev),
  'response.output_item.done': (s: S, ev: ResponseOutputItemDoneEvent) =>
    gen(s, ev.response_id)?.itemDone(ev),
  'response.done': onResponseDone,
  error: onError,
};

export function handleServerEvent(s: S, ev: ServerEvent): void {
  if (s.state === 'closed') return;
  const handler = HANDLERS[ev.type];
  if (handler) {
    handler(s, ev as never);
    return;
  }
  if (QUIET.has(ev.type)) return;
  s.log.log('debug', 'openai realtime: ignored an unknown server event', { type: ev.type });
}

/** The current generation, when the event belongs to it (events of an abandoned response are dropped). */
function gen(s: S, responseId: string): ResponseGeneration | null {
  const g = s.current;
  return g && !g.done && g.responseId === responseId ? g : null;
}

function onTranscriptDelta(s: S, ev: ConversationItemInputAudioTranscriptionDeltaEvent): void {
  const text = (s.partialTranscripts.get(ev.item_id) ?? '') + (ev.delta ?? '');
  s.partialTranscripts.set(ev.item_id, text);
  s.emit('input_audio_transcription_completed', { itemId: ev.item_id, transcript: text, isFinal: false });
}

function onTranscriptCompleted(s: S, ev: ConversationItemInputAudioTranscriptionCompletedEvent): void {
  s.partialTranscripts.delete(ev.item_id);
  s.remote.setText(ev.item_id, ev.transcript);
  s.emit('input_audio_transcription_completed', {
    itemId: ev.item_id,
    transcript: ev.transcript,
    isFinal: true,
  });
}

function onTranscriptFailed(s: S, ev: ConversationItemInputAudioTranscriptionFailedEvent): void {
  s.partialTranscripts.delete(ev.item_id);
  const setting = settingOf(s.ctx, 'inputTranscriptionModel');
  s.emitError(
    new ProviderError({
      provider: s.ctx.provider,
      kind: s.ctx.kind,
      code: 'bad_request',
      setting,
      retryable: true,
      message: `openai realtime: the user's speech could not be transcribed: "${ev.error?.message ?? 'no reason given'}"; check ${setting}`,
    }),
    true,
  );
}

function onItemAdded(s: S, ev: ConversationItemAdded): void {
  const item = fromOpenAIItem(ev.item, s.clock.now());
  if (!item) return;
  s.remote.insert(ev.previous_item_id, item);
  s.pendingItems.get(`conversation.item.create:${item.id}`)?.resolve();
}

function onResponseCreated(s: S, ev: ResponseCreatedEvent): void {
  const id = ev.response.id ?? `response_${s.clock.now()}`;
  s.endCurrent();
  const metadata = ev.response.metadata;
  const pending = metadata?.client_event_id ? s.pendingReplies.get(metadata.client_event_id) : undefined;
  const g = new ResponseGeneration(
    id,
    s.clock.now(),
    pending !== undefined,
    s.model.capabilities.audioOutput,
    () => s.clock.now(),
  );
  s.current = g;
  armDeadlines(s, g);
  pending?.resolve(g.event);
  s.emit('generation_created', g.event);
}

/** firstTokenTimeoutMs and totalTimeoutMs of one response, on the clock. */
function armDeadlines(s: S, g: ResponseGeneration): void {
  const expire = (name: 'firstTokenTimeoutMs' | 'totalTimeoutMs', what: string): void => {
    if (g.done || s.current !== g) return;
    const setting = settingOf(s.ctx, name);
    s.send({ type: 'response.cancel', response_id: g.responseId });
    s.endCurrent();
    s.emitError(
      new ProviderError({
        provider: s.ctx.provider,
        kind: s.ctx.kind,
        code: 'timeout',
        setting,
        retryable: true,
        message: `openai realtime: ${what} from ${s.ctx.origin} within ${s.settings[name]} ms (${setting}); the response was cancelled`,
      }),
      true,
    );
  };
  const first =
    s.settings.firstTokenTimeoutMs > 0
      ? s.clock.setTimer(
          () => expire('firstTokenTimeoutMs', 'no audio, text or tool call'),
          s.settings.firstTokenTimeoutMs,
        )
      : null;
  const total =
    s.settings.totalTimeoutMs > 0
      ? s.clock.setTimer(
          () => expire('totalTimeoutMs', 'the response did not end'),
          s.settings.totalTimeoutMs,
        )
      : null;
  g.onFirstToken = () => first?.cancel();
  g.onFinish = () => {
    first?.cancel();
    total?.cancel();
  };
}

function onResponseDone(s: S, ev: ResponseDoneEvent): void {
  const g = s.current;
  // a response.done without its response.created happens around cancellations (as upstream notes)
  if (!g || g.responseId !== ev.response.id) return;
  for (const [id, text] of g.transcripts()) if (text) s.remote.setText(id, text);
  s.endCurrent();
  s.emit(
    'metrics_collected',
    realtimeMetrics(
      ev.response,
      { createdAt: g.createdAt, firstTokenAt: g.firstTokenAt, doneAt: s.clock.now() },
      s.model.label,
    ),
  );
  const status = ev.response.status;
  if (status === 'failed') {
    const detail = ev.response.status_details?.error;
    s.emitError(
      new ProviderError({
        provider: s.ctx.provider,
        kind: s.ctx.kind,
        code: 'server_error',
        retryable: true,
        message: `openai realtime: the response failed on ${s.ctx.origin}${detail ? ` (${detail.type ?? 'error'}${detail.code ? `: ${detail.code}` : ''})` : ''}`,
      }),
      true,
    );
  } else if (status && status !== 'completed') {
    s.log.log('debug', 'openai realtime: response ended without completing', {
      status,
      reason: ev.response.status_details?.reason,
    });
  }
}

function onError(s: S, ev: RealtimeErrorEvent): void {
  // the answer to a response.cancel that came too late: nothing went wrong (as upstream)
  if (ev.error.message?.startsWith('Cancellation failed')) return;
  const { error, fatal } = serverError(ev.error, s.ctx);
  if (fatal) {
    s.fatal = error;
    if (s.state === 'open') s.giveUp(error, null);
    return;
  }
  s.emitError(error, true);
}

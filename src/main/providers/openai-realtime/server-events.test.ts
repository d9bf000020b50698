import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine';
import { recordEvents, collect } from '../testing/realtime-rig';
import type { ServerEvent } from './connection';
import { createOpenAIRealtimeModel } from './model';
import { handleServerEvent } from './server-events';
import { OpenAIRealtimeSession } from './session';

/** A session whose connection never opens: server events are fed to it by hand. */
function offline(settings: Record<string, unknown> = {}) {
  const clock = new VirtualClock();
  const logs: Array<{ level: string; msg: string; fields?: Record<string, unknown> }> = [];
  const model = createOpenAIRealtimeModel(settings, { clock, apiKey: 'k' });
  const session = new OpenAIRealtimeSession(
    model,
    model.settings,
    clock,
    model.ctx,
    { log: (level, msg, fields) => logs.push({ level, msg, fields }) },
    () => new Promise(() => undefined),
  );
  const feed = (ev: ServerEvent) => handleServerEvent(session, ev);
  return { clock, session, feed, logs, ev: recordEvents(session) };
}

const created = (id: string, metadata: unknown = null): ServerEvent => ({
  type: 'response.created',
  response: { id, status: 'in_progress', metadata },
});

describe('server events -> engine events', () => {
  it('speech and transcription events; stopped says whether transcripts will come', () => {
    const { feed, ev } = offline({ inputTranscriptionModel: null });
    feed({ type: 'input_audio_buffer.speech_started', item_id: 'u', audio_start_ms: 0 });
    feed({ type: 'input_audio_buffer.speech_stopped', item_id: 'u', audio_end_ms: 900 });
    feed({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'u', delta: 'hel' });
    feed({ type: 'conversation.item.input_audio_transcription.delta', item_id: 'u', delta: 'lo' });
    feed({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'u',
      transcript: 'hello',
    });
    expect(ev.types()).toEqual([
      'input_speech_started',
      'input_speech_stopped',
      'input_audio_transcription_completed',
      'input_audio_transcription_completed',
      'input_audio_transcription_completed',
    ]);
    expect(ev.of('input_speech_stopped')).toEqual([{ userTranscriptionEnabled: false }]);
    expect(ev.of('input_audio_transcription_completed').map((t) => [t.transcript, t.isFinal])).toEqual([
      ['hel', false],
      ['hello', false],
      ['hello', true],
    ]);
  });

  it('a failed transcription is a recoverable error naming the transcription model setting', () => {
    const { feed, ev } = offline();
    feed({
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'u',
      error: { message: 'audio too short' },
    });
    expect(ev.of('error')).toMatchObject([{ recoverable: true }]);
    expect(ev.of('error')[0].error.message).toContain('providers.llm.inputTranscriptionModel');
  });

  it('a server-started response is not user-initiated; events of another response are dropped', async () => {
    const { feed, ev } = offline();
    feed(created('r1', { client_event_id: 'not-ours' }));
    feed({
      type: 'response.output_item.added',
      response_id: 'r1',
      item: { id: 'm', type: 'message', role: 'assistant', content: [] },
    });
    feed({ type: 'response.output_audio_transcript.delta', response_id: 'r1', item_id: 'm', delta: 'hi' });
    feed({
      type: 'response.output_audio_transcript.delta',
      response_id: 'r0',
      item_id: 'm',
      delta: ' stale',
    });
    feed({ type: 'response.done', response: { id: 'r1', status: 'completed' } });
    const gen = ev.of('generation_created')[0];
    expect(gen.userInitiated).toBe(false);
    const [m] = await collect(gen.messageStream);
    expect(await collect(m.textStream)).toEqual(['hi']);
    // no usage reported: totals 0, no split
    expect(ev.of('metrics_collected')[0]).toMatchObject({ requestId: 'r1', inputTokens: 0, ttftMs: -1 });
    expect(ev.of('metrics_collected')[0]).not.toHaveProperty('inputTokenDetails');
  });

  it('"Cancellation failed" errors are not errors; beta event names are unknown, logged at debug', () => {
    const { feed, ev, logs } = offline();
    feed({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'Cancellation failed: no active response found' },
    });
    feed({ type: 'response.audio.delta', response_id: 'r', item_id: 'm', delta: '' });
    expect(ev.seen).toEqual([]);
    expect(logs).toEqual([
      {
        level: 'debug',
        msg: 'openai realtime: ignored an unknown server event',
        fields: { type: 'response.audio.delta' },
      },
    ]);
  });

  it('a fatal server error marks the session: the connection attempt in flight will give up with it', () => {
    const { feed, session, ev } = offline();
    feed({
      type: 'error',
      error: { type: 'invalid_request_error', code: 'model_not_found', message: 'no such model' },
    });
    // not open yet: the error waits for the handshake to end, which then gives up with it
    expect(session.fatal?.setting).toBe('providers.llm.model');
    expect(ev.of('error')).toEqual([]);
  });
});

/** A realtime session on the timeline's lanes (issue 12 point 3): server speech on the user lane, generations on the LLM lane. */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { TimelineModel } from './timeline-model';

const generation = (t: number, speechId: string, cancelled: boolean): EngineEvent => ({
  t,
  type: 'metrics_collected',
  metrics: {
    type: 'realtime',
    speechId,
    requestId: `resp_${speechId}`,
    timestamp: t - 900,
    ttftMs: 150,
    durationMs: 900,
    cancelled,
    inputTokens: 12,
    outputTokens: 40,
    totalTokens: 52,
    label: 'openai.realtime.RealtimeModel',
  },
});

describe('realtime sessions on the lanes', () => {
  it('draws the server’s speech started/stopped on the user lane and each generation as an LLM span with first audio', () => {
    const m = new TimelineModel();
    m.ingest([
      { t: 1000, type: 'user_state_changed', oldState: 'listening', newState: 'speaking' },
      { t: 2000, type: 'user_state_changed', oldState: 'speaking', newState: 'listening' },
      { t: 2300, type: 'speech_created', userInitiated: false, source: 'generate_reply', speechId: 's1' },
      { t: 2300, type: 'speech_lifecycle', speechId: 's1', state: 'created', source: 'realtime' },
      { t: 2450, type: 'playback_started', speechId: 's1' },
      generation(3200, 's1', false),
      generation(5200, 's2', true),
    ]);
    expect(m.user.items.map((s) => [s.state, s.start, s.end])).toEqual([
      ['speaking', 1000, 2000],
      ['listening', 2000, null],
    ]);
    expect(m.llm.items).toMatchObject([
      {
        kind: 'llm',
        requestId: 'resp_s1',
        speechId: 's1',
        start: 2300,
        firstAt: 2450,
        end: 3200,
        error: null,
      },
      { requestId: 'resp_s2', start: 4300, end: 5200, error: 'cancelled (interrupted)' },
    ]);
  });

  it('marks the speech bar of an interrupted realtime reply with the truncation', () => {
    const m = new TimelineModel();
    m.ingest([
      { t: 100, type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 's' },
      { t: 200, type: 'playback_started', speechId: 's' },
      { t: 2100, type: 'speech_lifecycle', speechId: 's', state: 'interrupted', cause: 'user_speech' },
      { t: 2101, type: 'realtime_truncated', speechId: 's', messageId: 'msg_1', audioEndMs: 1900 },
    ]);
    expect(m.speech.speeches.items[0]).toMatchObject({ id: 's', state: 'interrupted', truncatedAtMs: 1900 });
  });
});

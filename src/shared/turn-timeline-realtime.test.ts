/** Latency timelines of realtime turns (issue 12 point 3): server end of speech → first audio from the model → playout. */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from './engine-events';
import { buildTurnTimelines } from './turn-timeline';

type Ev = EngineEvent;
const userSpoke = (from: number, to: number): Ev[] => [
  { t: from, type: 'user_state_changed', oldState: 'listening', newState: 'speaking' },
  { t: to, type: 'user_state_changed', oldState: 'speaking', newState: 'listening' },
];
const serverSpeech = (t: number, speechId: string): Ev[] => [
  { t, type: 'speech_created', userInitiated: false, source: 'generate_reply', speechId },
  { t, type: 'speech_lifecycle', speechId, state: 'created', source: 'realtime' },
  { t, type: 'speech_lifecycle', speechId, state: 'scheduled' },
  { t, type: 'speech_lifecycle', speechId, state: 'authorized' },
];
const played = (t: number, speechId: string): Ev => ({ t, type: 'playback_started', speechId });
const metrics = (t: number, speechId: string, responseAt: number, ttftMs: number): Ev => ({
  t,
  type: 'metrics_collected',
  metrics: {
    type: 'realtime',
    speechId,
    requestId: `resp_${responseAt}`,
    timestamp: responseAt,
    ttftMs,
    durationMs: 1500,
    cancelled: false,
    inputTokens: 10,
    outputTokens: 20,
    totalTokens: 30,
    label: 'openai.realtime.RealtimeModel',
  },
});

describe('realtime turns on the latency timeline', () => {
  it('a server-detected turn: turn detection, the model to its first audio, then the audio output', () => {
    const events: Ev[] = [
      ...userSpoke(1000, 2000),
      ...serverSpeech(2300, 'speech_1'),
      played(2450, 'speech_1'),
      metrics(3900, 'speech_1', 2280, 120),
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn).toMatchObject({
      id: 'speech_1',
      anchor: 'user_stopped',
      startAt: 2000,
      audioAt: 2450,
      e2eMs: 450,
    });
    expect(turn.segments.filter((s) => s.kind !== 'gap').map((s) => [s.kind, s.startMs, s.endMs])).toEqual([
      ['rt_turn_detection', 0, 280],
      ['rt_first_audio', 280, 400],
      ['playout', 400, 450],
    ]);
    expect(turn.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('without the model’s metrics, one span up to the audio says the first-audio time is unknown', () => {
    const [turn] = buildTurnTimelines([
      ...userSpoke(1000, 2000),
      ...serverSpeech(2300, 's'),
      played(2400, 's'),
    ]);
    const rt = turn.segments.find((s) => s.kind === 'rt_first_audio');
    expect(rt).toMatchObject({ startMs: 300, endMs: 400 });
    expect(rt?.label).toMatch(/reported no first-audio time/);
    expect(turn.coverage).toBe(1);
  });

  it('a typed turn answered by the realtime model starts when the reply was asked for', () => {
    const events: Ev[] = [
      { t: 500, type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 'typed' },
      { t: 500, type: 'speech_lifecycle', speechId: 'typed', state: 'created', source: 'generate_reply' },
      { t: 500, type: 'speech_lifecycle', speechId: 'typed', state: 'scheduled' },
      { t: 501, type: 'speech_lifecycle', speechId: 'typed', state: 'authorized' },
      played(900, 'typed'),
      metrics(2000, 'typed', 560, 300),
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn).toMatchObject({ anchor: 'reply_requested', startAt: 500, e2eMs: 400 });
    expect(turn.segments.map((s) => [s.kind, s.startMs, s.endMs])).toEqual([
      ['queue_wait', 0, 1],
      ['rt_request', 0, 60],
      ['rt_first_audio', 60, 360],
      ['playout', 360, 400],
    ]);
    expect(turn.coverage).toBe(1);
  });

  it('pairs a realtime metric without a speech id (sent from the model’s session, as in the seed) with its speech', () => {
    const unattributed = metrics(2000, 'x', 560, 300);
    if (unattributed.type === 'metrics_collected') unattributed.metrics.speechId = null;
    const events: Ev[] = [
      { t: 100, type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 'earlier' },
      { t: 300, type: 'speech_lifecycle', speechId: 'earlier', state: 'done' },
      { t: 500, type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 'typed' },
      played(900, 'typed'),
      unattributed,
    ];
    const turn = buildTurnTimelines(events).find((t) => t.id === 'typed')!;
    expect(turn.segments.map((s) => s.kind)).toEqual(['rt_request', 'rt_first_audio', 'playout']);
    expect(turn.coverage).toBe(1);
  });

  it('a speech begun between the user’s stop and the server’s speech (a tool reply) is not a new turn', () => {
    const events: Ev[] = [
      ...userSpoke(1000, 2000),
      ...serverSpeech(2300, 'first'),
      played(2400, 'first'),
      ...serverSpeech(4000, 'tool_reply'),
      played(4100, 'tool_reply'),
    ];
    expect(buildTurnTimelines(events).map((t) => t.id)).toEqual(['first']);
  });
});

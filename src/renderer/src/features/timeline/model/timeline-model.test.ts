import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { thresholdFromConfig, TimelineModel } from './timeline-model';

/** One turn answered, barged into, paused and resumed (shape of the engine's own events). */
const turn: EngineEvent[] = [
  { type: 'agent_state_changed', oldState: 'initializing', newState: 'listening', t: 10 },
  { type: 'user_state_changed', oldState: 'listening', newState: 'speaking', t: 550 },
  {
    type: 'vad_inference',
    probability: 0.9,
    speechDurationMs: 50,
    silenceDurationMs: 0,
    speaking: true,
    t: 600,
  },
  {
    type: 'user_input_transcribed',
    transcript: 'Tell me',
    isFinal: false,
    speakerId: null,
    language: null,
    t: 2600,
  },
  {
    type: 'user_input_transcribed',
    transcript: 'Tell me a story.',
    isFinal: true,
    speakerId: null,
    language: null,
    t: 2700,
  },
  { type: 'user_state_changed', oldState: 'speaking', newState: 'listening', t: 3000 },
  {
    type: 'end_of_turn',
    transcript: 'Tell me a story.',
    delayMs: 500,
    probability: null,
    committed: true,
    t: 3000,
  },
  { type: 'speech_created', userInitiated: true, source: 'generate_reply', speechId: 'sp1', t: 3001 },
  {
    type: 'speech_lifecycle',
    speechId: 'sp1',
    state: 'created',
    source: 'generate_reply',
    allowInterruptions: true,
    priority: 5,
    t: 3001,
  },
  {
    type: 'llm_request',
    phase: 'start',
    requestId: 'l1',
    speechId: 'sp1',
    tools: ['get_weather'],
    toolChoice: null,
    t: 3002,
  },
  { type: 'speech_lifecycle', speechId: 'sp1', state: 'scheduled', t: 3003 },
  { type: 'tts_request', phase: 'start', requestId: 't1', speechId: 'sp1', t: 3004 },
  { type: 'speech_lifecycle', speechId: 'sp1', state: 'authorized', t: 3005 },
  { type: 'agent_state_changed', oldState: 'listening', newState: 'thinking', t: 3006 },
  { type: 'llm_request', phase: 'first_token', requestId: 'l1', speechId: 'sp1', t: 3100 },
  {
    type: 'tool_execution',
    phase: 'start',
    callId: 'c1',
    name: 'get_weather',
    speechId: 'sp1',
    arguments: '{"city":"Oslo"}',
    t: 3200,
  },
  { type: 'llm_request', phase: 'end', requestId: 'l1', speechId: 'sp1', t: 3300 },
  {
    type: 'tool_execution',
    phase: 'end',
    callId: 'c1',
    name: 'get_weather',
    speechId: 'sp1',
    arguments: '{"city":"Oslo"}',
    output: 'sunny',
    isError: false,
    t: 3350,
  },
  { type: 'tts_request', phase: 'first_byte', requestId: 't1', speechId: 'sp1', t: 3500 },
  { type: 'playback_started', speechId: 'sp1', t: 3500 },
  { type: 'agent_state_changed', oldState: 'thinking', newState: 'speaking', t: 3500 },
  { type: 'speech_lifecycle', speechId: 'sp1', state: 'playout_started', t: 3500 },
  { type: 'tts_request', phase: 'end', requestId: 't1', speechId: 'sp1', text: 'Once upon a time.', t: 3600 },
  { type: 'interruption', speechId: 'sp1', cause: 'vad', paused: true, t: 5500 },
  { type: 'speech_lifecycle', speechId: 'sp1', state: 'paused', cause: 'vad', t: 5500 },
  { type: 'speech_lifecycle', speechId: 'sp1', state: 'resumed', t: 8200 },
  { type: 'agent_false_interruption', resumed: true, t: 8200 },
  { type: 'config_updated', field: 'providers.vad.activationThreshold', value: 0.6, t: 9000 },
];

describe('TimelineModel', () => {
  it('builds state spans, marks and request spans from one turn', () => {
    const m = new TimelineModel();
    m.ingest(turn);
    expect(m.version).toBe(1);
    expect(m.eventCount).toBe(turn.length);
    expect(m.user.items.map((s) => [s.state, s.start, s.end])).toEqual([
      ['listening', 10, 550],
      ['speaking', 550, 3000],
      ['listening', 3000, null],
    ]);
    expect(m.agent.items.map((s) => s.state)).toEqual(['listening', 'thinking', 'speaking']);
    expect(m.currentAgentState()).toBe('speaking');
    expect(m.transcripts.items.map((x) => x.final)).toEqual([false, true]);
    expect(m.endOfTurns.items[0]).toMatchObject({ delayMs: 500, committed: true });
    expect(m.llm.items[0]).toMatchObject({ start: 3002, firstAt: 3100, end: 3300, tools: ['get_weather'] });
    expect(m.tts.items[0]).toMatchObject({ firstAt: 3500, end: 3600, text: 'Once upon a time.' });
    expect(m.tools.items[0]).toMatchObject({ callId: 'c1', output: 'sunny', start: 3200, end: 3350 });
    expect(m.vad.size).toBe(1);
    expect(m.vadThreshold).toBe(0.6);
    expect(m.markers.items[0]).toMatchObject({ kind: 'config', label: 'providers.vad.activationThreshold' });
  });

  it('shows the speech with its source, priority, text and a resolved false interruption', () => {
    const m = new TimelineModel();
    m.ingest(turn);
    const bar = m.speech.byId.get('sp1')!;
    expect(bar).toMatchObject({
      source: 'generate_reply',
      priority: 5,
      text: 'Once upon a time.',
      state: 'resumed',
      end: null,
    });
    expect(bar.phases.map((p) => p.state)).toEqual([
      'created',
      'scheduled',
      'authorized',
      'playout_started',
      'paused',
      'resumed',
    ]);
    expect(m.speech.interruptions.items[0]).toMatchObject({
      cause: 'vad',
      paused: true,
      outcome: 'resumed',
      resolvedAt: 8200,
    });
  });

  it('keeps an interrupted speech interrupted after it is done, with its cause', () => {
    const m = new TimelineModel();
    m.ingest([
      { type: 'speech_lifecycle', speechId: 's', state: 'created', t: 0 },
      { type: 'speech_lifecycle', speechId: 's', state: 'playout_started', t: 10 },
      { type: 'interruption', speechId: 's', cause: 'words', paused: false, t: 20 },
      { type: 'speech_lifecycle', speechId: 's', state: 'interrupted', cause: 'words', t: 20 },
      { type: 'speech_lifecycle', speechId: 's', state: 'done', t: 25 },
    ]);
    expect(m.speech.byId.get('s')).toMatchObject({ state: 'interrupted', interruptCause: 'words', end: 25 });
    expect(m.speech.interruptions.items[0].outcome).toBe('interrupted');
  });

  it('turns a pause into an interruption when the speech is interrupted after all', () => {
    const m = new TimelineModel();
    m.ingest([
      { type: 'speech_lifecycle', speechId: 's', state: 'created', t: 0 },
      { type: 'interruption', speechId: 's', cause: 'vad', paused: true, t: 5 },
      { type: 'speech_lifecycle', speechId: 's', state: 'interrupted', cause: 'stt', t: 9 },
    ]);
    expect(m.speech.interruptions.items[0]).toMatchObject({ outcome: 'interrupted', resolvedAt: 9 });
  });

  it('puts overlapping speeches on different rows and reuses a freed row', () => {
    const m = new TimelineModel();
    m.ingest([
      { type: 'speech_lifecycle', speechId: 'a', state: 'created', t: 0 },
      { type: 'speech_lifecycle', speechId: 'b', state: 'created', t: 1 },
      { type: 'speech_lifecycle', speechId: 'a', state: 'done', t: 2 },
      { type: 'speech_lifecycle', speechId: 'c', state: 'created', t: 3 },
    ]);
    const row = (id: string) => m.speech.byId.get(id)!.row;
    expect([row('a'), row('b'), row('c')]).toEqual([0, 1, 0]);
  });

  it('records preemptive generations used or discarded with the reason', () => {
    const m = new TimelineModel();
    m.ingest([
      { type: 'preemptive_generation', phase: 'started', speechId: 'p1', t: 100 },
      { type: 'preemptive_generation', phase: 'used', speechId: 'p1', t: 400 },
      { type: 'preemptive_generation', phase: 'started', speechId: 'p2', t: 900 },
      {
        type: 'preemptive_generation',
        phase: 'discarded',
        speechId: 'p2',
        reason: 'transcript_changed',
        t: 950,
      },
    ]);
    expect(m.speech.preemptive.items.map((p) => [p.outcome, p.start, p.end, p.reason])).toEqual([
      ['used', 100, 400, null],
      ['discarded', 900, 950, 'transcript_changed'],
    ]);
  });

  it('closes whatever is open when the session closes, and resets to empty', () => {
    const m = new TimelineModel();
    m.ingest([...turn, { type: 'close', reason: 'user_initiated', error: null, t: 10_000 }]);
    expect(m.speech.byId.get('sp1')!.end).toBe(10_000);
    expect(m.user.last()!.end).toBe(10_000);
    expect(m.closed).toBe(true);
    m.reset();
    expect(m.eventCount).toBe(0);
    expect(m.user.size + m.speech.speeches.size + m.vad.size).toBe(0);
    expect(m.vadThreshold).toBe(0.5);
  });

  it('collects the metrics the waterfall needs and counts their changes separately', () => {
    const m = new TimelineModel();
    m.ingest([
      {
        type: 'vad_inference',
        probability: 0.1,
        speechDurationMs: 0,
        silenceDurationMs: 0,
        speaking: false,
        t: 1,
      },
    ]);
    expect(m.metricsVersion).toBe(0);
    m.ingest([
      {
        type: 'metrics_collected',
        t: 5,
        metrics: {
          type: 'eou',
          speechId: 's',
          timestamp: 5,
          endOfUtteranceDelayMs: 1,
          transcriptionDelayMs: 1,
          onUserTurnCompletedDelayMs: 0,
        },
      },
    ]);
    expect(m.metricsVersion).toBe(1);
    expect(m.eouMetrics).toHaveLength(1);
  });
});

describe('VAD threshold', () => {
  it('uses the session’s update, else the configured value, else 0.5', () => {
    const m = new TimelineModel();
    expect(m.vadThreshold).toBe(0.5);
    m.configuredVadThreshold = 0.4;
    expect(m.vadThreshold).toBe(0.4);
    m.ingest([{ type: 'config_updated', field: 'activationThreshold', value: 0.7, t: 1 }]);
    expect(m.vadThreshold).toBe(0.7);
    m.reset();
    expect(m.vadThreshold).toBe(0.4);
  });
});

describe('thresholdFromConfig', () => {
  it('reads a threshold field or a config object, and nothing else', () => {
    expect(thresholdFromConfig('activationThreshold', 0.7)).toBe(0.7);
    expect(thresholdFromConfig('config', { providers: { vad: { activationThreshold: 0.3 } } })).toBe(0.3);
    expect(thresholdFromConfig('deactivationThreshold', 0.2)).toBeNull();
    expect(thresholdFromConfig('instructions', 'be nice')).toBeNull();
  });
});

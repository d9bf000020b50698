/**
 * The turn timeline builder on hand-made event streams: the cases engine runs do not produce
 * (recordings made before the timing fields existed, work begun before the user stopped, a gap
 * no event explains, a turn without audio). Engine runs: tests/latency-timeline.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from './engine-events';
import { buildTurnTimelines } from './turn-timeline';

type Ev = EngineEvent;
const created = (t: number, speechId: string, source: 'generate_reply' | 'say' = 'generate_reply'): Ev[] => [
  { t, type: 'speech_created', userInitiated: true, source, speechId },
  { t, type: 'speech_lifecycle', speechId, state: 'created', source },
];
const life = (
  t: number,
  speechId: string,
  state: 'scheduled' | 'authorized' | 'playout_started' | 'done',
): Ev => ({
  t,
  type: 'speech_lifecycle',
  speechId,
  state,
});
const llm = (speechId: string, start: number, first: number, end: number): Ev[] => [
  {
    t: start,
    type: 'llm_request',
    phase: 'start',
    requestId: `l_${start}`,
    speechId,
    tools: [],
    toolChoice: null,
  },
  { t: first, type: 'llm_request', phase: 'first_token', requestId: `l_${start}`, speechId },
  { t: end, type: 'llm_request', phase: 'end', requestId: `l_${start}`, speechId },
];
const eot = (t: number, extra: Partial<Extract<Ev, { type: 'end_of_turn' }>> = {}): Ev => ({
  t,
  type: 'end_of_turn',
  transcript: 'hi',
  delayMs: 500,
  probability: null,
  committed: true,
  ...extra,
});

describe('buildTurnTimelines', () => {
  it('names a stretch no event covers by its neighbours, and counts it out of the coverage', () => {
    const events: Ev[] = [
      eot(1500, { userStoppedAt: 1000, transcriptAt: 1200 }),
      ...created(1500, 's1'),
      { t: 1500, type: 'user_turn_completed', endOfTurnAt: 1500, hookStartedAt: 1500, speechId: 's1' },
      life(1500, 's1', 'scheduled'),
      life(1500, 's1', 'authorized'),
      ...llm('s1', 1500, 1600, 1700),
      { t: 1500, type: 'tts_request', phase: 'start', requestId: 't1', speechId: 's1' },
      // The first byte comes 100 ms after the TTS had its text, then 100 ms pass with no event.
      {
        t: 1800,
        type: 'tts_request',
        phase: 'first_byte',
        requestId: 't1',
        speechId: 's1',
        firstTextAt: 1600,
        textReadyAt: 1700,
      },
      { t: 1900, type: 'playback_started', speechId: 's1' },
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn).toMatchObject({ anchor: 'user_stopped', startAt: 1000, audioAt: 1900, e2eMs: 900 });
    expect(turn.segments.find((s) => s.kind === 'transcription')).toMatchObject({
      startMs: 0,
      endMs: 200,
      nested: true,
    });
    // The playout segment starts at the first byte: 1800 → 1900 is explained, nothing is a gap.
    expect(turn.segments.find((s) => s.kind === 'playout')).toMatchObject({ startMs: 800, endMs: 900 });
    expect(turn.coverage).toBe(1);

    const withoutPlayout = events.filter((e) => e.type !== 'tts_request' || e.phase !== 'first_byte');
    const [gappy] = buildTurnTimelines(withoutPlayout);
    const gap = gappy.segments.find((s) => s.kind === 'gap')!;
    expect(gap.label).toMatch(/^No event: after “LLM streaming”, before the reply’s audio$/);
    expect(gap).toMatchObject({ row: 'gaps', startMs: 700, endMs: 900 });
    expect(gappy.coverage).toBeCloseTo(700 / 900, 6);
  });

  it('draws work begun before the user stopped from the axis start, saying how early it began', () => {
    const events: Ev[] = [
      ...created(900, 's1'),
      { t: 900, type: 'preemptive_generation', phase: 'started', speechId: 's1' },
      ...llm('s1', 900, 1100, 1200),
      eot(1500, { userStoppedAt: 1000, transcriptAt: 950 }),
      { t: 1500, type: 'user_turn_completed', endOfTurnAt: 1500, hookStartedAt: 1500, speechId: 's1' },
      life(1500, 's1', 'scheduled'),
      life(1500, 's1', 'authorized'),
      { t: 1500, type: 'playback_started', speechId: 's1' },
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn.preemptive).toBe(true);
    const ttft = turn.segments.find((s) => s.kind === 'llm_ttft')!;
    expect(ttft).toMatchObject({ startMs: 0, endMs: 100, startedBeforeMs: 100 });
    expect(ttft.label).toContain('(preemptive)');
    // The transcript came before the user stopped: no transcription delay to draw.
    expect(turn.segments.some((s) => s.kind === 'transcription')).toBe(false);
    for (const s of turn.segments) expect(s.endMs).toBeLessThanOrEqual(turn.e2eMs!);
  });

  it('reads a recording made before the timing fields: eou metrics, VAD end of speech, TTS from its opening', () => {
    const events: Ev[] = [
      {
        t: 1500,
        type: 'user_state_changed',
        oldState: 'speaking',
        newState: 'listening',
        speechEndedAt: 1000,
      },
      eot(1500),
      ...created(1500, 's1'),
      life(1500, 's1', 'scheduled'),
      life(1500, 's1', 'authorized'),
      ...llm('s1', 1500, 1600, 1700),
      { t: 1500, type: 'tts_request', phase: 'start', requestId: 't1', speechId: 's1' },
      { t: 1900, type: 'tts_request', phase: 'first_byte', requestId: 't1', speechId: 's1' },
      {
        t: 1500,
        type: 'metrics_collected',
        metrics: {
          type: 'eou',
          speechId: 's1',
          timestamp: 1500,
          endOfUtteranceDelayMs: 0,
          transcriptionDelayMs: 0,
          onUserTurnCompletedDelayMs: 0,
        },
      },
      { t: 1900, type: 'playback_started', speechId: 's1' },
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn).toMatchObject({ startAt: 1000, e2eMs: 900, coverage: 1 });
    expect(turn.segments.find((s) => s.kind === 'eot_decision')).toMatchObject({ startMs: 0, endMs: 500 });
    expect(turn.segments.find((s) => s.kind === 'tts_ttfb')!.label).toContain('includes waiting for text');

    // Older still: no VAD end of speech either. The metric's end-of-utterance delay places it.
    const older = events.map((e) =>
      e.type === 'user_state_changed'
        ? { ...e, speechEndedAt: undefined }
        : e.type === 'metrics_collected' && e.metrics.type === 'eou'
          ? { ...e, metrics: { ...e.metrics, endOfUtteranceDelayMs: 500, transcriptionDelayMs: 200 } }
          : e,
    );
    const [old] = buildTurnTimelines(older);
    expect(old).toMatchObject({ startAt: 1000, e2eMs: 900 });
    expect(old.segments.find((s) => s.kind === 'transcription')).toMatchObject({ startMs: 0, endMs: 200 });
  });

  it('pairs a turn with its own decision however long the decision step took on the wall clock', () => {
    // A microphone turn of an e2e run on a loaded machine (numbers from its recording): the
    // turn's task noted the end of turn 0.7 ms after the final transcript, and the process
    // stalled 54 ms before recognition emitted end_of_turn in the same synchronous step.
    const hook = (t: number, endOfTurnAt: number, hookStartedAt: number, speechId: string): Ev => ({
      t,
      type: 'user_turn_completed',
      endOfTurnAt,
      hookStartedAt,
      speechId,
    });
    const events: Ev[] = [
      eot(4239.1, { userStoppedAt: 3432.5, transcriptAt: 4184.8 }),
      ...created(4240, 's1'),
      hook(4246, 4185.5, 4239.7, 's1'),
      life(4246, 's1', 'scheduled'),
      life(4251, 's1', 'authorized'),
      { t: 4498.5, type: 'playback_started', speechId: 's1' },
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn.startAt).toBe(3432.5);
    const ms = (kind: string) => {
      const s = turn.segments.find((x) => x.kind === kind);
      return s && [Math.round(s.startMs * 10) / 10, Math.round(s.endMs * 10) / 10];
    };
    expect(ms('eot_decision')).toEqual([0, 753]);
    expect(ms('transcription')).toEqual([0, 752.3]);
    // Nothing of an earlier turn was running: the stall is the event loop's, not a previous turn's.
    expect(ms('event_loop')).toEqual([753, 807.2]);
    expect(ms('turn_settle')).toBeUndefined();

    // A hook that waited for the previous one: a later decision inside its wait is not its own.
    const waiting: Ev[] = [
      eot(1500, { userStoppedAt: 1000, transcriptAt: 1200 }),
      eot(2000, { userStoppedAt: 1800, transcriptAt: 1900 }),
      ...created(3000, 's1'),
      hook(3000, 1500, 2900, 's1'),
      { t: 3500, type: 'playback_started', speechId: 's1' },
    ];
    const [first] = buildTurnTimelines(waiting);
    expect(first.startAt).toBe(1000);
    expect(first.segments.find((s) => s.kind === 'transcription')).toMatchObject({ startMs: 0, endMs: 200 });
  });

  it('names what of the previous turn the engine waited for before the hook, and only then', () => {
    // Turn 1's reply is playing and its hook is still running when turn 2's end is decided at
    // 3000; turn 2's hook starts once both are done (3100).
    const events: Ev[] = [
      eot(1500, { userStoppedAt: 1000, transcriptAt: 1200 }),
      ...created(1500, 's1'),
      { t: 1500, type: 'user_turn_completed', endOfTurnAt: 1500, hookStartedAt: 1500, speechId: 's1' },
      { t: 1900, type: 'playback_started', speechId: 's1' },
      eot(3000, { userStoppedAt: 2500, transcriptAt: 2800 }),
      life(3080, 's1', 'done'),
      ...created(3100, 's2'),
      { t: 3150, type: 'user_turn_completed', endOfTurnAt: 3000, hookStartedAt: 3100, speechId: 's2' },
      { t: 3600, type: 'playback_started', speechId: 's2' },
    ];
    const settle = (evs: Ev[]) =>
      buildTurnTimelines(evs)[1].segments.find((x) => x.row === 'user' && x.startMs === 500);
    expect(settle(events)).toMatchObject({
      kind: 'turn_settle',
      label: 'Finishing the previous turn (the interrupted reply)',
      endMs: 600,
    });
    // The same with turn 1's hook still running at 3000 as well.
    const slowHook = events.map((e) =>
      e.type === 'user_turn_completed' && e.speechId === 's1' ? { ...e, t: 3050 } : e,
    );
    expect(settle(slowHook)!.label).toBe(
      'Finishing the previous turn (its on_user_turn_completed, the interrupted reply)',
    );
    // Turn 1 long done by 3000: the 100 ms are the event loop's.
    const idle = events.map((e) =>
      e.type === 'speech_lifecycle' && e.state === 'done' ? { ...e, t: 2000 } : e,
    );
    expect(settle(idle)).toMatchObject({
      kind: 'event_loop',
      label: 'Event loop delay (no previous turn to finish)',
    });
    // A preemptive reply begun for turn 2 before its decision is not a previous turn's work.
    const preemptive: Ev[] = [
      ...idle,
      ...created(2900, 'p2'),
      { t: 2900, type: 'preemptive_generation', phase: 'started', speechId: 'p2' },
    ];
    expect(settle(preemptive)!.kind).toBe('event_loop');
  });

  it('keeps a turn without audio, drawn to its end, with no coverage', () => {
    const events: Ev[] = [
      ...created(100, 's1'),
      life(100, 's1', 'scheduled'),
      life(100, 's1', 'authorized'),
      ...llm('s1', 100, 300, 400),
      life(450, 's1', 'done'),
    ];
    const [turn] = buildTurnTimelines(events);
    expect(turn).toMatchObject({ anchor: 'reply_requested', audioAt: null, e2eMs: null, coverage: null });
    expect(turn.segments.map((s) => s.kind)).toEqual(['llm_ttft', 'llm_stream']);
  });

  it('says how a request without a first token or byte ended: failed with its error, or cut off', () => {
    const start = (type: 'llm_request' | 'tts_request', requestId: string, t: number): Ev =>
      type === 'llm_request'
        ? { t, type, phase: 'start', requestId, speechId: 's1', tools: [], toolChoice: null }
        : { t, type, phase: 'start', requestId, speechId: 's1' };
    const end = (type: 'llm_request' | 'tts_request', requestId: string, t: number, error?: string): Ev => ({
      t,
      type,
      phase: 'end',
      requestId,
      speechId: 's1',
      ...(error ? { error } : {}),
    });
    const events: Ev[] = [
      ...created(100, 's1'),
      life(100, 's1', 'scheduled'),
      life(100, 's1', 'authorized'),
      start('llm_request', 'l1', 100),
      end('llm_request', 'l1', 170, 'openai llm: server error (500)\nat line 2'),
      start('llm_request', 'l2', 200),
      end('llm_request', 'l2', 260),
      start('llm_request', 'l3', 300),
      start('tts_request', 't1', 100),
      end('tts_request', 't1', 180, `tts: ${'x'.repeat(300)}`),
      start('tts_request', 't2', 200),
      end('tts_request', 't2', 250),
      start('tts_request', 't3', 300),
    ];
    const [turn] = buildTurnTimelines(events);
    const labels = turn.segments.map((s) => s.label);
    expect(labels).toContain('LLM request #1 failed: openai llm: server error (500)');
    expect(labels).toContain('LLM request #2 (no token before it ended)');
    const ttsFailed = labels.find((l) => l.startsWith('TTS request #1 failed: tts: xxx'));
    expect(ttsFailed).toHaveLength('TTS request #1 failed: '.length + 160);
    expect(ttsFailed!.endsWith('…')).toBe(true);
    expect(labels).toContain('TTS request #2 (no audio before it ended)');
    // The requests still open draw nothing yet; none is called a time to first token or byte.
    expect(labels.filter((l) => l.includes('#3'))).toEqual([]);
    expect(labels.filter((l) => /first (token|byte)/.test(l))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { MetricsData } from '../../../../shared/engine-events';
import type { MetricEntry } from '../timeline/model/timeline-model';
import {
  buildTurns,
  sequentialSum,
  silentTokenLabels,
  tokenSeries,
  turnSeries,
  waterfallRows,
  type TurnInputs,
} from './turn-latency';

const eou = (
  speechId: string,
  timestamp: number,
  eouMs: number,
  transcriptionMs: number,
  hookMs: number,
): MetricEntry<'eou'> => ({
  t: timestamp,
  m: {
    type: 'eou',
    speechId,
    timestamp,
    endOfUtteranceDelayMs: eouMs,
    transcriptionDelayMs: transcriptionMs,
    onUserTurnCompletedDelayMs: hookMs,
  },
});

const llm = (
  speechId: string,
  timestamp: number,
  ttftMs: number,
  tokens: [number, number] = [0, 0],
): MetricEntry<'llm'> => ({
  t: timestamp,
  m: {
    type: 'llm',
    speechId,
    requestId: `r_${speechId}_${timestamp}`,
    timestamp,
    ttftMs,
    durationMs: ttftMs + 100,
    cancelled: false,
    completionTokens: tokens[1],
    promptTokens: tokens[0],
    promptCachedTokens: 0,
    totalTokens: tokens[0] + tokens[1],
    tokensPerSecond: 0,
    label: 'fake',
  },
});

const tts = (speechId: string, timestamp: number, ttfbMs: number): MetricEntry<'tts'> => ({
  t: timestamp,
  m: {
    type: 'tts',
    speechId,
    requestId: `t_${speechId}`,
    timestamp,
    ttfbMs,
    durationMs: ttfbMs,
    audioDurationMs: 1000,
    cancelled: false,
    charactersCount: 10,
    streamed: true,
    label: 'fake',
  } satisfies MetricsData,
});

const inputs = (over: Partial<TurnInputs>): TurnInputs => ({
  eou: [],
  llm: [],
  tts: [],
  playbackStarts: [],
  speakingStarts: [],
  speeches: new Map(),
  ...over,
});

describe('buildTurns', () => {
  it('keeps the unexplained remainder as "other" when the parts do not add up (the engine’s own numbers)', () => {
    // Scenario 04's first turn: the TTS waits for the LLM's whole sentence, which no metric covers.
    const [turn] = buildTurns(
      inputs({
        eou: [eou('sp', 3000.015, 500.003, 200.001, 0.001)],
        llm: [llm('sp', 3300, 99.988)],
        tts: [tts('sp', 3600, 199.997)],
        playbackStarts: [{ t: 3500.003, speechId: 'sp' }],
      }),
    );
    expect(turn.anchor).toBe('user_stopped');
    expect(turn.startAt).toBeCloseTo(2500.011, 6);
    expect(turn.e2eMs).toBeCloseTo(999.992, 6);
    expect(turn.otherMs).toBeCloseTo(200.003, 6);
    expect(sequentialSum(turn) + turn.otherMs!).toBeCloseTo(turn.e2eMs!, 9);
  });

  it('has no remainder when the parts explain the whole silence', () => {
    const [turn] = buildTurns(
      inputs({
        eou: [eou('a', 1_550, 500, 200, 50)],
        llm: [llm('a', 1_800, 300)],
        tts: [tts('a', 2_000, 150)],
        playbackStarts: [{ t: 2_000, speechId: 'a' }],
      }),
    );
    expect(turn.startAt).toBe(1_000);
    expect(turn.e2eMs).toBe(1_000);
    expect(turn.otherMs).toBe(0);
    expect(waterfallRows(turn).map((r) => r.key)).toEqual([
      'eou',
      'transcription',
      'on_user_turn_completed',
      'llm_ttft',
      'tts_ttfb',
      'e2e',
    ]);
  });

  it('shows an overlap when a preemptive LLM request ran during the end-of-utterance wait', () => {
    const [turn] = buildTurns(
      inputs({
        eou: [eou('p', 1_500, 500, 100, 0)],
        llm: [llm('p', 1_400, 300)],
        tts: [tts('p', 1_700, 200)],
        playbackStarts: [{ t: 1_700, speechId: 'p' }],
      }),
    );
    expect(turn.e2eMs).toBe(700);
    expect(turn.otherMs).toBe(-300);
    const overlap = waterfallRows(turn).find((r) => r.key === 'overlap')!;
    expect(overlap).toMatchObject({ offsetMs: 700, durationMs: 300 });
  });

  it('leaves e2e empty for a reply cut before any audio, and does not borrow the next turn’s audio', () => {
    const turns = buildTurns(
      inputs({
        eou: [eou('cut', 1_000, 500, 0, 0), eou('next', 4_000, 500, 0, 0)],
        playbackStarts: [{ t: 4_800, speechId: 'next' }],
        speakingStarts: [4_800],
      }),
    );
    expect(turns.map((t) => [t.id, t.e2eMs])).toEqual([
      ['cut', null],
      ['next', 1_300],
    ]);
    expect(waterfallRows(turns[0]).some((r) => r.key === 'e2e')).toBe(false);
    expect(turns[0].llmTtftMs).toBeNull();
    expect(waterfallRows(turns[0]).find((r) => r.key === 'llm_ttft')?.missing).toBe(true);
  });

  it('counts a typed or requested reply as a turn from the request, and skips says and tool replies', () => {
    const turns = buildTurns(
      inputs({
        llm: [llm('txt', 5_200, 200, [120, 30]), llm('txt', 5_900, 100, [200, 10])],
        tts: [tts('txt', 5_400, 150)],
        playbackStarts: [{ t: 5_400, speechId: 'txt' }],
        speeches: new Map([
          ['txt', { start: 5_000, source: 'generate_reply', userInitiated: true }],
          ['s', { start: 6_000, source: 'say', userInitiated: true }],
          ['tool', { start: 6_500, source: 'tool_response', userInitiated: false }],
        ]),
      }),
    );
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({
      anchor: 'reply_requested',
      e2eMs: 400,
      otherMs: 50,
      promptTokens: 320,
      completionTokens: 40,
    });
    expect(waterfallRows(turns[0]).map((r) => r.key)).toEqual(['llm_ttft', 'tts_ttfb', 'other', 'e2e']);
  });

  it('falls back to the agent’s speaking state when playback events are missing', () => {
    const [turn] = buildTurns(inputs({ eou: [eou('x', 1_000, 400, 0, 0)], speakingStarts: [1_600] }));
    expect(turn.e2eMs).toBe(1_000);
  });
});

describe('waterfall rows and series', () => {
  it('lays the parts end to end, transcription nested inside end of utterance', () => {
    const [turn] = buildTurns(
      inputs({
        eou: [eou('a', 1_600, 500, 200, 100)],
        llm: [llm('a', 2_000, 300)],
        tts: [tts('a', 2_200, 200)],
        playbackStarts: [{ t: 2_300, speechId: 'a' }],
      }),
    );
    const rows = waterfallRows(turn);
    const by = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(by.eou).toMatchObject({ offsetMs: 0, durationMs: 500 });
    expect(by.transcription).toMatchObject({ offsetMs: 0, durationMs: 200, nested: true });
    expect(by.on_user_turn_completed).toMatchObject({ offsetMs: 500, durationMs: 100 });
    expect(by.llm_ttft).toMatchObject({ offsetMs: 600, durationMs: 300 });
    expect(by.tts_ttfb).toMatchObject({ offsetMs: 900, durationMs: 200 });
    expect(by.other).toMatchObject({ offsetMs: 1_100, durationMs: 200 });
    expect(by.e2e).toMatchObject({ offsetMs: 0, durationMs: 1_300 });
    const summed = rows.filter((r) => !r.nested && r.key !== 'e2e').reduce((s, r) => s + r.durationMs, 0);
    expect(summed).toBe(by.e2e.durationMs);
  });

  it('builds chart series per turn and per LLM request', () => {
    const turns = buildTurns(
      inputs({ eou: [eou('a', 1_000, 500, 0, 0)], llm: [llm('a', 1_200, 150, [100, 20])] }),
    );
    expect(turnSeries(turns)).toEqual([{ turn: 1, id: 'a', e2e: null, ttft: 150, ttfb: null }]);
    expect(tokenSeries([llm('a', 1_200, 150, [100, 20])])).toEqual([
      { request: 1, speechId: 'a', prompt: 100, cached: 0, completion: 20, label: 'fake' },
    ]);
  });

  it('names the LLMs that reported no token usage at all, not those that reported some', () => {
    const point = (label: string, prompt: number, completion: number) => ({
      request: 1,
      speechId: null,
      prompt,
      cached: 0,
      completion,
      label,
    });
    expect(silentTokenLabels([])).toEqual([]);
    expect(silentTokenLabels([point('fake', 0, 0), point('fake', 0, 0)])).toEqual(['fake']);
    // One request with usage: that LLM reports usage (a cancelled request may report none).
    expect(silentTokenLabels([point('gpt', 0, 0), point('gpt', 12, 3), point('local', 0, 0)])).toEqual([
      'local',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../base/virtual-clock';
import {
  LlmRequestTimer,
  TtsRequestTimer,
  VadMetricsAggregator,
  attributeSpeechId,
  buildEouMetrics,
  buildSttMetrics,
} from './builders';

describe('LlmRequestTimer', () => {
  it('measures ttft and duration on the clock and derives tokens per second', async () => {
    const clock = new VirtualClock();
    const timer = new LlmRequestTimer(clock, 'fake.LLM', 'req_1');
    await clock.runUntil(100);
    timer.onChunk();
    await clock.runUntil(250);
    timer.onChunk(); // only the first chunk sets ttft
    await clock.runUntil(500);
    const m = timer.finish({ usage: { promptTokens: 40, completionTokens: 20 }, cancelled: false });
    expect(m).toMatchObject({
      type: 'llm',
      speechId: null,
      requestId: 'req_1',
      label: 'fake.LLM',
      promptTokens: 40,
      completionTokens: 20,
      promptCachedTokens: 0,
      totalTokens: 60,
      cancelled: false,
    });
    expect(m?.ttftMs).toBeCloseTo(100, 1);
    expect(m?.durationMs).toBeCloseTo(500, 1);
    expect(m?.tokensPerSecond).toBeCloseTo(40, 1);
  });

  it('reports nothing without a first chunk or after an error, as upstream', async () => {
    const clock = new VirtualClock();
    expect(new LlmRequestTimer(clock, 'l', 'r').finish({ cancelled: true })).toBeNull();
    const t = new LlmRequestTimer(clock, 'l', 'r');
    t.onChunk();
    expect(t.finish({ cancelled: false, error: true })).toBeNull();
    const ok = new LlmRequestTimer(clock, 'l', 'r', 'speech_1');
    ok.onChunk();
    expect(ok.finish({ cancelled: true })).toMatchObject({
      speechId: 'speech_1',
      cancelled: true,
      totalTokens: 0,
      tokensPerSecond: 0,
    });
  });
});

describe('TtsRequestTimer', () => {
  it('measures ttfb from the restart point and sums audio', async () => {
    const clock = new VirtualClock();
    const timer = new TtsRequestTimer(clock, 'fake.TTS', 'tts_1');
    await clock.runUntil(300);
    timer.restart(); // text input ended here
    await clock.runUntil(500);
    timer.onAudio(10);
    timer.onAudio(10);
    await clock.runUntil(900);
    const m = timer.finish({ charactersCount: 12, cancelled: false, streamed: true });
    expect(m.ttfbMs).toBeCloseTo(200, 1);
    expect(m.durationMs).toBeCloseTo(600, 1);
    expect(m).toMatchObject({ audioDurationMs: 20, charactersCount: 12, streamed: true, label: 'fake.TTS' });
    const none = new TtsRequestTimer(clock, 't', 'r').finish({
      charactersCount: 0,
      cancelled: true,
      streamed: false,
    });
    expect(none.ttfbMs).toBe(-1);
  });
});

describe('VadMetricsAggregator', () => {
  it('emits once per second of inferences with idle time since the last activity', async () => {
    const clock = new VirtualClock();
    const agg = new VadMetricsAggregator(clock, 'fake.VAD', 100);
    await clock.runUntil(200);
    agg.onActivity();
    const out = [];
    for (let i = 0; i < 25; i += 1) {
      await clock.runUntil(200 + (i + 1) * 100);
      const m = agg.onInference(2);
      if (m) out.push(m);
    }
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      type: 'vad',
      inferenceCount: 10,
      inferenceDurationTotalMs: 20,
      label: 'fake.VAD',
    });
    expect(out[0].idleTimeMs).toBeCloseTo(1000, 1);
    expect(out[1].idleTimeMs).toBeCloseTo(2000, 1);
  });
});

describe('payload helpers', () => {
  it('builds EOU and STT metrics with upstream defaults', () => {
    expect(
      buildEouMetrics({
        timestamp: 5,
        speechId: 'speech_1',
        endOfUtteranceDelayMs: null,
        onUserTurnCompletedDelayMs: 3,
      }),
    ).toEqual({
      type: 'eou',
      speechId: 'speech_1',
      timestamp: 5,
      endOfUtteranceDelayMs: 0,
      transcriptionDelayMs: 0,
      onUserTurnCompletedDelayMs: 3,
      measured: false,
    });
    expect(
      buildSttMetrics({
        timestamp: 1,
        label: 's',
        requestId: 'r',
        durationMs: 120,
        audioDurationMs: 900,
        streamed: true,
      }).durationMs,
    ).toBe(0);
    expect(
      buildSttMetrics({
        timestamp: 1,
        label: 's',
        requestId: 'r',
        durationMs: 120,
        audioDurationMs: 900,
        streamed: false,
      }).durationMs,
    ).toBe(120);
  });

  it('attributes only LLM and TTS metrics to the speaking speech', () => {
    const clock = new VirtualClock();
    const llmTimer = new LlmRequestTimer(clock, 'l', 'r');
    llmTimer.onChunk();
    const llm = llmTimer.finish({ cancelled: false });
    if (!llm) throw new Error('expected metrics');
    expect(attributeSpeechId(llm, 'speech_a').speechId).toBe('speech_a');
    expect(attributeSpeechId({ ...llm, speechId: 'speech_b' }, 'speech_a').speechId).toBe('speech_b');
    expect(attributeSpeechId(llm, null)).toBe(llm);
    const stt = buildSttMetrics({
      timestamp: 1,
      label: 's',
      requestId: 'r',
      durationMs: 0,
      audioDurationMs: 1,
      streamed: true,
    });
    expect(attributeSpeechId(stt, 'speech_a').speechId).toBeNull();
  });
});

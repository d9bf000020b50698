import { describe, expect, it } from 'vitest';
import type { EngineEvent, MetricsData } from '../../../shared/engine-events';
import { UsageCollector } from './usage-collector';

const llm = (prompt: number, completion: number, cached = 0): MetricsData => ({
  type: 'llm',
  speechId: null,
  requestId: 'r',
  timestamp: 0,
  ttftMs: 1,
  durationMs: 2,
  cancelled: false,
  completionTokens: completion,
  promptTokens: prompt,
  promptCachedTokens: cached,
  totalTokens: prompt + completion,
  tokensPerSecond: 0,
  label: 'l',
});

describe('UsageCollector', () => {
  it('sums tokens, characters and audio across metric types', () => {
    const c = new UsageCollector();
    c.collect(llm(100, 20, 50));
    c.collect(llm(150, 30));
    c.collect({
      type: 'realtime',
      speechId: null,
      requestId: 'r',
      timestamp: 0,
      ttftMs: 1,
      durationMs: 1,
      cancelled: false,
      inputTokens: 7,
      outputTokens: 3,
      totalTokens: 10,
      label: 'rt',
    });
    c.collect({
      type: 'tts',
      speechId: null,
      requestId: 'r',
      timestamp: 0,
      ttfbMs: 1,
      durationMs: 1,
      audioDurationMs: 2500,
      cancelled: false,
      charactersCount: 42,
      streamed: true,
      label: 't',
    });
    c.collect({
      type: 'stt',
      speechId: null,
      requestId: 'r',
      timestamp: 0,
      durationMs: 0,
      audioDurationMs: 1200,
      streamed: true,
      label: 's',
    });
    c.collect({
      type: 'vad',
      speechId: null,
      timestamp: 0,
      idleTimeMs: 1,
      inferenceDurationTotalMs: 1,
      inferenceCount: 1,
      label: 'v',
    });
    expect(c.getSummary()).toEqual({
      llmPromptTokens: 257,
      llmPromptCachedTokens: 50,
      llmCompletionTokens: 53,
      ttsCharactersCount: 42,
      ttsAudioDurationMs: 2500,
      sttAudioDurationMs: 1200,
    });
  });

  it('hands out copies and reads metrics from the event stream', () => {
    const c = new UsageCollector();
    const before = c.getSummary();
    const ev: EngineEvent = { type: 'metrics_collected', t: 1, metrics: llm(10, 5) };
    c.observe(ev);
    c.observe({ type: 'agent_state_changed', t: 2, oldState: 'idle', newState: 'listening' });
    expect(before.llmPromptTokens).toBe(0);
    expect(c.getSummary().llmPromptTokens).toBe(10);
    c.reset();
    expect(c.getSummary().llmCompletionTokens).toBe(0);
  });
});

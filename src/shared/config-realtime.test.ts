/** The realtime LLM entry of the config and the options refused at their field with it (issue 12). */
import { describe, expect, it } from 'vitest';
import { formatIssues, isRealtimeProvider, StudioConfigSchema } from './config';

function issues(input: unknown): string[] {
  const r = StudioConfigSchema.safeParse(input);
  if (r.success) throw new Error('expected the config to be rejected');
  return formatIssues(r.error);
}

const realtime = (extra: Record<string, unknown> = {}) => ({
  providers: { llm: { provider: 'openai-realtime', ...extra } },
});

describe('a realtime model in providers.llm', () => {
  it('fills the provider defaults and keeps a pipeline config meaning what it meant', () => {
    const c = StudioConfigSchema.parse(realtime());
    expect(isRealtimeProvider(c.providers.llm)).toBe(true);
    expect(c.providers.llm).toMatchObject({
      model: 'gpt-realtime',
      voice: 'marin',
      modalities: ['audio'],
      turnDetection: { type: 'server_vad' },
      inputTranscriptionModel: 'gpt-4o-mini-transcribe',
      apiKeyName: 'OPENAI_API_KEY',
      connectTimeoutMs: 10_000,
    });
    const pipeline = StudioConfigSchema.parse({ providers: { llm: { provider: 'openai' } } });
    expect(isRealtimeProvider(pipeline.providers.llm)).toBe(false);
    expect(pipeline.providers.llm).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });

  it('accepts server VAD with its thresholds, semantic VAD, or none', () => {
    const vad = { type: 'server_vad', threshold: 0.6, prefixPaddingMs: 300, silenceDurationMs: 500 };
    expect(StudioConfigSchema.parse(realtime({ turnDetection: vad })).providers.llm).toMatchObject({
      turnDetection: vad,
    });
    const semantic = { type: 'semantic_vad', eagerness: 'high' };
    expect(StudioConfigSchema.parse(realtime({ turnDetection: semantic })).providers.llm).toMatchObject({
      turnDetection: semantic,
    });
    expect(StudioConfigSchema.parse(realtime({ turnDetection: null })).providers.llm).toMatchObject({
      turnDetection: null,
    });
  });

  it('refuses a bad realtime field naming it', () => {
    expect(issues(realtime({ modalities: ['audio', 'text'] }))).toEqual([
      'providers.llm.modalities: one of ["audio"] or ["text"]: the API does not answer with both',
    ]);
    expect(issues(realtime({ turnDetection: { type: 'server_vad', threshold: 2 } }))[0]).toMatch(
      /^providers\.llm\.turnDetection\.threshold: /,
    );
    expect(issues(realtime({ azureApiVersion: '2025-04-01-preview' }))).toEqual([
      "providers.llm.baseURL: azureApiVersion needs baseURL: the Azure resource's URL (https://<resource>.openai.azure.com/openai)",
    ]);
  });

  it('refuses pipeline LLM settings on a realtime entry, saying why', () => {
    expect(issues(realtime({ temperature: 0.7 }))).toEqual([
      'providers.llm.temperature: the GA realtime protocol has no temperature; remove it',
    ]);
    expect(issues(realtime({ maxTokens: 100 }))).toEqual([
      'providers.llm.maxTokens: applies to pipeline LLMs only; use maxOutputTokens',
    ]);
  });

  it('refuses a realtime model inside a fallback list', () => {
    expect(issues({ providers: { llm: [{ provider: 'openai' }, { provider: 'openai-realtime' }] } })).toEqual(
      [
        'providers.llm[1].provider: "openai-realtime" cannot be in a fallback list: give it alone as providers.llm',
      ],
    );
  });
});

describe('options that apply to one kind of session only', () => {
  it('refuses allowInterruptions false with server-side turn detection (the seed raises), at each place it is set', () => {
    expect(
      issues({
        ...realtime(),
        options: { allowInterruptions: false },
        agents: { billing: { overrides: { allowInterruptions: false } } },
      }),
    ).toEqual([
      "options.allowInterruptions: cannot be false with the realtime model's server-side turn detection (providers.llm.turnDetection): set providers.llm.turnDetection to null to use the VAD, or allow interruptions",
      "agents.billing.overrides.allowInterruptions: cannot be false with the realtime model's server-side turn detection (providers.llm.turnDetection): set providers.llm.turnDetection to null to use the VAD, or allow interruptions",
    ]);
    // Without server turn detection the VAD decides, and uninterruptible agents are fine.
    expect(
      StudioConfigSchema.safeParse({
        ...realtime({ turnDetection: null }),
        options: { allowInterruptions: false },
      }).success,
    ).toBe(true);
  });

  it('refuses turn detection modes the realtime model makes meaningless', () => {
    expect(issues({ ...realtime(), options: { turnDetection: 'stt' } })).toEqual([
      'options.turnDetection: "stt" applies to pipelines only: a realtime model hears the audio itself; use "realtime_llm" or null',
    ]);
    expect(issues({ ...realtime(), agent: { overrides: { turnDetection: 'vad' } } })).toEqual([
      'agent.overrides.turnDetection: "vad" conflicts with the realtime model\'s server-side turn detection: use "realtime_llm" or null, or set providers.llm.turnDetection to null',
    ]);
    expect(
      issues({ ...realtime({ turnDetection: null }), options: { turnDetection: 'realtime_llm' } }),
    ).toEqual([
      'options.turnDetection: "realtime_llm" needs server-side turn detection, but providers.llm.turnDetection is null: use "vad", "manual" or null',
    ]);
    const ok = { ...realtime({ turnDetection: null }), options: { turnDetection: 'vad' } };
    expect(StudioConfigSchema.safeParse(ok).success).toBe(true);
    expect(
      StudioConfigSchema.safeParse({ ...realtime(), options: { turnDetection: 'realtime_llm' } }).success,
    ).toBe(true);
  });

  it('refuses realtime_llm turn detection with a pipeline LLM', () => {
    expect(issues({ options: { turnDetection: 'realtime_llm' } })).toEqual([
      'options.turnDetection: "realtime_llm" needs a realtime model (providers.llm.provider "openai-realtime"); with a pipeline LLM use "vad", "stt", "manual" or null',
    ]);
  });

  it('refuses pipeline-only session options with a realtime model', () => {
    expect(issues({ ...realtime(), options: { preemptiveGeneration: true } })).toEqual([
      'options.preemptiveGeneration: applies to pipeline LLMs only (a realtime model answers from its own audio buffer): set it to false',
    ]);
    expect(issues({ ...realtime(), options: { useTtsAlignedTranscript: true } })).toEqual([
      'options.useTtsAlignedTranscript: applies only when a TTS speaks the reply; the realtime model speaks itself (modalities ["audio"]): set it to false',
    ]);
    // A text-only model's replies are spoken by the TTS, so aligned transcripts apply.
    expect(
      StudioConfigSchema.safeParse({
        ...realtime({ modalities: ['text'] }),
        options: { useTtsAlignedTranscript: true },
      }).success,
    ).toBe(true);
  });
});

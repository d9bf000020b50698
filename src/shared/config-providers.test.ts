import { describe, expect, it } from 'vitest';
import { formatIssues, providerChain, StudioConfigSchema } from './config';

function issues(input: unknown): string[] {
  const r = StudioConfigSchema.safeParse(input);
  if (r.success) throw new Error('expected the config to be rejected');
  return formatIssues(r.error);
}

describe('provider chains and the simulated caller in the config schema', () => {
  it('accepts one provider or a non-empty fallback list for llm, stt and tts', () => {
    const one = StudioConfigSchema.parse({});
    expect(providerChain(one.providers.llm).map((p) => p.provider)).toEqual(['simulated']);
    const list = StudioConfigSchema.parse({
      providers: {
        llm: [{ provider: 'openai' }, { provider: 'simulated' }],
        tts: [{ provider: 'local' }, { provider: 'simulated' }],
      },
    });
    expect(providerChain(list.providers.llm).map((p) => p.provider)).toEqual(['openai', 'simulated']);
    // Defaults apply inside a list as they do for a single config.
    expect(providerChain(list.providers.llm)[0]).toMatchObject({
      model: 'gpt-4o-mini',
      apiKeyName: 'OPENAI_API_KEY',
    });
    expect(issues({ providers: { stt: [] } })).toEqual([
      'providers.stt: a fallback list needs at least one provider',
    ]);
  });

  it('names the precise field of a bad single config, not just "Invalid input"', () => {
    expect(issues({ providers: { llm: { provider: 'openai', temperature: 5 } } })).toEqual([
      'providers.llm.temperature: Too big: expected number to be <=2',
    ]);
    expect(issues({ providers: { tts: { provider: 'bogus' } } })[0]).toMatch(
      /^providers\.tts\.provider: .*'simulated' \| 'local' \| 'openai'/,
    );
    expect(
      issues({
        providers: { tts: [{ provider: 'simulated' }, { provider: 'simulated', realTimeFactor: 0 }] },
      })[0],
    ).toMatch(/^providers\.tts\[1\]\.realTimeFactor: /);
  });

  it('defaults the simulated providers latency knobs and the caller', () => {
    const c = StudioConfigSchema.parse({ providers: { tts: { provider: 'simulated' } } });
    expect(c.providers.tts).toEqual({
      provider: 'simulated',
      ttfbMs: 200,
      realTimeFactor: 0.2,
      charsPerSecond: 14,
      audio: 'tone',
      sampleRate: 24000,
    });
    expect(c.providers.stt).toEqual({ provider: 'simulated', delayMs: 200, interimIntervalMs: 300 });
    expect(c.caller).toEqual({ turns: [], giveUpAfterMs: 15000, frameMs: 10, sampleRate: 16000 });
  });

  it('takes caller turns with at most one trigger', () => {
    const c = StudioConfigSchema.parse({
      caller: {
        turns: [
          { text: 'hi', atMs: 500 },
          { text: 'stop', bargeIn: true },
        ],
      },
    });
    expect(c.caller.turns[1]).toEqual({ text: 'stop', bargeIn: true, afterAgentStartMs: 500 });
    expect(issues({ caller: { turns: [{ text: 'x', atMs: 1, afterAgentDoneMs: 2 }] } })).toEqual([
      'caller.turns[0]: give one trigger: atMs, afterAgentDoneMs or bargeIn',
    ]);
    expect(issues({ caller: { turns: [{ text: '' }] } })).toEqual([
      'caller.turns[0].text: a caller turn needs text to say',
    ]);
  });
});

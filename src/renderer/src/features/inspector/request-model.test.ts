import { describe, expect, it } from 'vitest';
import type { EngineEvent, LlmRequestPayload } from '../../../../shared/engine-events';
import { collectRequests, requestCost, turnCosts } from './request-model';

const payload = (model: string | null): LlmRequestPayload => ({
  provider: 'simulated.LLM',
  model,
  chatContext: [{ type: 'message', id: 'm1', role: 'user', content: 'Hi', interrupted: false, createdAt: 0 }],
  omittedItems: 0,
  toolDefinitions: [],
  options: { toolChoice: 'auto' },
});

function llmEvents(requestId: string, speechId: string, t0: number, model: string | null, usage = true) {
  return [
    {
      type: 'llm_request',
      phase: 'start',
      t: t0,
      requestId,
      speechId,
      tools: ['lookup'],
      toolChoice: 'auto',
      request: payload(model),
    },
    { type: 'llm_request', phase: 'first_token', t: t0 + 320.25, requestId, speechId },
    {
      type: 'llm_request',
      phase: 'end',
      t: t0 + 900,
      requestId,
      speechId,
      response: {
        text: 'Hello!',
        toolCalls: [],
        usage: usage
          ? {
              promptTokens: 1_000_000,
              completionTokens: 500_000,
              promptCachedTokens: 200_000,
              totalTokens: 1_500_000,
            }
          : null,
        providerRequestId: 'prov_1',
      },
    },
  ] satisfies EngineEvent[];
}

describe('request model', () => {
  it('puts each LLM request together from its events, timing on their timestamps', () => {
    const { llm, tts } = collectRequests([
      ...llmEvents('r1', 's1', 1000, 'gpt-4o-mini'),
      {
        type: 'tts_request',
        phase: 'start',
        t: 1400,
        requestId: 't1',
        speechId: 's1',
        voice: 'alloy',
        provider: 'openai.TTS',
      },
      { type: 'tts_request', phase: 'first_byte', t: 1650, requestId: 't1', speechId: 's1' },
      {
        type: 'tts_request',
        phase: 'end',
        t: 2600,
        requestId: 't1',
        speechId: 's1',
        text: 'Hello!',
        audioMs: 1800,
      },
    ]);
    expect(llm).toHaveLength(1);
    expect(llm[0]).toMatchObject({
      requestId: 'r1',
      speechId: 's1',
      ttftMs: 320.25,
      durationMs: 900,
      tools: ['lookup'],
      error: null,
    });
    expect(llm[0].request?.chatContext).toHaveLength(1);
    expect(llm[0].response?.text).toBe('Hello!');
    expect(tts[0]).toMatchObject({
      firstByteMs: 250,
      durationMs: 1200,
      audioMs: 1800,
      voice: 'alloy',
      text: 'Hello!',
    });
  });

  it('an older recording without payloads still gives timing, and says what it lacks', () => {
    const [start, first, end] = llmEvents('r1', 's1', 0, null);
    const { request: _r, ...bare } = start;
    const { response: _p, ...bareEnd } = end;
    const { llm } = collectRequests([bare, first, bareEnd]);
    expect(llm[0]).toMatchObject({ request: null, response: null, ttftMs: 320.25 });
    expect(requestCost(llm[0], {})).toEqual({ usd: null, why: 'no token usage reported' });
  });

  it('prices uncached input, cached input and output per million tokens', () => {
    const { llm } = collectRequests(llmEvents('r1', 's1', 0, 'gpt-4o-mini'));
    const pricing = { 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 } };
    // 800k uncached × 0.15 + 200k cached × 0.075 + 500k out × 0.6 = 0.12 + 0.015 + 0.3
    const cost = requestCost(llm[0], pricing);
    expect(cost.usd).toBeCloseTo(0.435, 10);
    // Without a cached price, cached tokens cost the input price.
    const plain = requestCost(llm[0], { 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 } });
    expect(plain.usd).toBeCloseTo(0.45, 10);
  });

  it('says why a cost is unknown rather than showing $0', () => {
    const { llm } = collectRequests(llmEvents('r1', 's1', 0, 'scripted'));
    expect(requestCost(llm[0], {})).toEqual({ usd: null, why: 'no price for scripted in config.pricing' });
    // A model named like an Object.prototype member is not priced by accident.
    const { llm: odd } = collectRequests(llmEvents('r2', 's1', 0, 'constructor'));
    expect(requestCost(odd[0], {}).usd).toBeNull();
  });

  it('sums a turn over its requests, unknown when any of them is', () => {
    const pricing = { m: { inputPerMTok: 1, outputPerMTok: 2 } };
    const { llm } = collectRequests([
      ...llmEvents('r1', 's1', 0, 'm'),
      ...llmEvents('r2', 's1', 1000, 'm'),
      ...llmEvents('r3', 's2', 2000, 'm'),
      ...llmEvents('r4', 's2', 3000, 'other'),
    ]);
    const turns = turnCosts(llm, pricing);
    const s1 = turns.get('s1');
    expect(s1).toMatchObject({ requests: 2, promptTokens: 2_000_000, completionTokens: 1_000_000 });
    expect(s1?.cost.usd).toBeCloseTo(4, 10);
    expect(turns.get('s2')?.cost).toEqual({ usd: null, why: 'r4: no price for other in config.pricing' });
  });
});

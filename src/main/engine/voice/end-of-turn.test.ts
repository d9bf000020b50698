import { describe, expect, it } from 'vitest';
import type { Clock } from '../base/clock';
import { VirtualClock } from '../base/virtual-clock';
import { ChatContext } from '../llm/chat-context';
import { makeRig } from '../testing/recognition-rig';
import {
  decideEndpointingDelay,
  endpointingDelayFor,
  isEndOfTurnModel,
  type EndOfTurnModel,
} from './end-of-turn';

/** A model with a fixed answer, an optional latency on the clock, and a language list. */
class FakeModel implements EndOfTurnModel {
  readonly model = 'fake-eou';
  readonly provider = 'test';
  readonly seen: ChatContext[] = [];
  constructor(
    private readonly clock: Clock,
    private readonly o: {
      probability: number;
      threshold?: number;
      latencyMs?: number;
      languages?: string[];
      fail?: boolean;
    },
  ) {}
  async supportsLanguage(language: string | null): Promise<boolean> {
    return (await this.unlikelyThreshold(language)) !== null;
  }
  async unlikelyThreshold(language: string | null): Promise<number | null> {
    const langs = this.o.languages ?? ['en'];
    return language !== null && langs.includes(language) ? (this.o.threshold ?? 0.3) : null;
  }
  async predictEndOfTurn(chatCtx: ChatContext, opts?: { signal?: AbortSignal }): Promise<number> {
    this.seen.push(chatCtx);
    if (this.o.latencyMs) await this.clock.sleep(this.o.latencyMs, opts?.signal);
    if (this.o.fail) throw new Error('model crashed');
    return this.o.probability;
  }
}

const HELLO = { startMs: 500, endMs: 2500, transcript: 'Hello, how are you?', language: 'en' };

describe('end-of-turn delay rule', () => {
  it('waits the max delay only when the probability is below the unlikely threshold', () => {
    expect(endpointingDelayFor(0.1, 0.3, 500, 6000)).toBe(6000);
    expect(endpointingDelayFor(0.3, 0.3, 500, 6000)).toBe(500);
    expect(endpointingDelayFor(0.9, 0.3, 500, 6000)).toBe(500);
    expect(endpointingDelayFor(0, null, 500, 6000)).toBe(500);
  });

  it('tells models from string modes', () => {
    const clock = new VirtualClock();
    expect(isEndOfTurnModel(new FakeModel(clock, { probability: 1 }))).toBe(true);
    expect(isEndOfTurnModel('vad')).toBe(false);
    expect(isEndOfTurnModel(null)).toBe(false);
  });

  it('decides: unsupported language skips the model, a failure keeps the min delay', async () => {
    const clock = new VirtualClock();
    const args = { chatCtx: ChatContext.empty(), minEndpointingDelayMs: 500, maxEndpointingDelayMs: 6000 };
    const unlikely = new FakeModel(clock, { probability: 0.1 });
    expect(await decideEndpointingDelay({ ...args, model: unlikely, language: 'en' })).toMatchObject({
      delayMs: 6000,
      probability: 0.1,
      unlikelyThreshold: 0.3,
    });
    expect(await decideEndpointingDelay({ ...args, model: unlikely, language: 'fr' })).toMatchObject({
      delayMs: 500,
      probability: null,
    });
    expect(unlikely.seen).toHaveLength(1);
    const broken = await decideEndpointingDelay({
      ...args,
      model: new FakeModel(clock, { probability: 0.1, fail: true }),
      language: 'en',
    });
    expect(broken).toMatchObject({ delayMs: 500, probability: 0 });
    expect(broken.error).toBeInstanceOf(Error);
  });
});

describe('AudioRecognition with an end-of-turn model', () => {
  it('an unlikely end of turn waits the max endpointing delay', async () => {
    const r = makeRig({ speeches: [HELLO], maxEndpointingDelayMs: 3000 });
    const model = new FakeModel(r.clock, { probability: 0.1 });
    r.rec.updateOptions({ turnDetection: model });
    await r.clock.runUntil(5400);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(6000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(5500, 0);
    expect(eots[0].info.endOfTurnDelayMs).toBeCloseTo(3000, 0);
    expect(r.ofType('end_of_turn')[0]).toMatchObject({ delayMs: 3000, probability: 0.1, committed: true });
    await r.rec.aclose();
  });

  it('a likely end of turn keeps the min delay; the model sees the chat plus the user transcript', async () => {
    const r = makeRig({ speeches: [HELLO], turnDetection: null });
    r.hooks.chatCtx.addMessage({ role: 'assistant', content: 'How can I help?', createdAt: 0 });
    const model = new FakeModel(r.clock, { probability: 0.9 });
    r.rec.updateOptions({ turnDetection: model });
    await r.clock.runUntil(4000);
    expect(r.hooks.endOfTurns().map((e) => Math.round(e.t))).toEqual([3000]);
    expect(r.ofType('end_of_turn')[0]).toMatchObject({ delayMs: 500, probability: 0.9 });
    // Once, at 3000: the final at 2700 came while the user was still speaking.
    expect(model.seen).toHaveLength(1);
    const items = model.seen[0].items.map((i) => (i.type === 'message' ? [i.role, i.content] : [i.type]));
    expect(items).toEqual([
      ['assistant', 'How can I help?'],
      ['user', 'Hello, how are you?'],
    ]);
    // The agent's own chat context is not touched.
    expect(r.hooks.chatCtx.items).toHaveLength(1);
    await r.rec.aclose();
  });

  it("the model's latency counts towards the wait", async () => {
    const r = makeRig({ speeches: [HELLO] });
    r.rec.updateOptions({ turnDetection: new FakeModel(r.clock, { probability: 0.9, latencyMs: 150 }) });
    await r.clock.runUntil(4000);
    expect(r.hooks.endOfTurns().map((e) => Math.round(e.t))).toEqual([3150]);
    await r.rec.aclose();
  });

  it('a failing model is an error event and the turn ends after the min delay', async () => {
    const r = makeRig({ speeches: [HELLO] });
    r.rec.updateOptions({ turnDetection: new FakeModel(r.clock, { probability: 0.1, fail: true }) });
    await r.clock.runUntil(4000);
    expect(r.ofType('error')).toMatchObject([{ source: 'end_of_turn.predict', message: 'model crashed' }]);
    expect(r.hooks.endOfTurns().map((e) => Math.round(e.t))).toEqual([3000]);
    expect(r.ofType('end_of_turn')[0]).toMatchObject({ delayMs: 500, probability: 0 });
    await r.rec.aclose();
  });

  it('an unsupported language skips the model (probability null)', async () => {
    const r = makeRig({ speeches: [{ ...HELLO, language: 'fr' }] });
    const model = new FakeModel(r.clock, { probability: 0.1 });
    r.rec.updateOptions({ turnDetection: model });
    await r.clock.runUntil(4000);
    expect(model.seen).toHaveLength(0);
    expect(r.ofType('end_of_turn')[0]).toMatchObject({ delayMs: 500, probability: null });
    await r.rec.aclose();
  });

  it('speech during the long wait cancels it; the next turn is judged again', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'I think', language: 'en' },
        { startMs: 3000, endMs: 3500, transcript: 'yes', language: 'en' },
      ],
      maxEndpointingDelayMs: 4000,
    });
    let p = 0.1;
    const model: EndOfTurnModel = Object.assign(new FakeModel(r.clock, { probability: 0 }), {
      predictEndOfTurn: async () => p,
    });
    r.rec.updateOptions({ turnDetection: model });
    await r.clock.runUntil(2900);
    p = 0.9;
    await r.clock.runUntil(8000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(4000, 0);
    expect(eots[0].info.newTranscript).toBe('I think yes');
    await r.rec.aclose();
  });
});

import { describe, expect, it } from 'vitest';
import { scenarioSttScript, scenarioVadScript, timedStt, timedVad } from '../engine/testing';
import { tableLlm, type TableLLM } from '../providers/simulated';
import { scenarioTts } from '../simulation/scenario-providers';
import { hostRig } from './testing/host-rig';
import type { ProviderFactory } from './session-providers';

/** A microphone session whose VAD and STT hear "answer this" between 1.0 s and 1.5 s. */
const pttProviders =
  (requests: string[]): ProviderFactory =>
  async (config, deps) => {
    const llm = Array.isArray(config.providers.llm) ? config.providers.llm[0] : config.providers.llm;
    if (llm.provider !== 'simulated') throw new Error('simulated LLM only');
    const speeches = [{ startMs: 1000, endMs: 1500, transcript: 'answer this' }];
    const simulated = tableLlm(llm, deps.clock);
    const chat: TableLLM['chat'] = (opts) => {
      requests.push(JSON.stringify(opts.chatCtx.items.at(-1) ?? null));
      return simulated.chat(opts);
    };
    return {
      llm: Object.assign(Object.create(simulated) as TableLLM, { chat }),
      tts: scenarioTts(deps.clock, []),
      stt: timedStt(deps.clock, scenarioSttScript(speeches)),
      vad: timedVad(deps.clock, scenarioVadScript(speeches)),
      caller: null,
      warnings: [],
      close: async () => undefined,
    };
  };

describe('SessionHost push-to-talk commands', () => {
  it('commitUserTurn ends the user turn at once: the transcript reaches the LLM (manual turn detection)', async () => {
    const requests: string[] = [];
    const r = hostRig({ createProviders: pttProviders(requests) });
    const started = await r.drive(
      r.host.handlers.startSession({
        config: { inputMode: 'microphone', options: { turnDetection: 'manual' } },
      }),
    );
    if (!started.ok) throw new Error(started.error.message);
    await r.clock.advance(4000);
    expect(requests).toEqual([]); // heard and transcribed, but nobody ended the turn

    expect(await r.drive(r.host.handlers.commitUserTurn({}))).toEqual({
      ok: true,
      value: { committed: true },
    });
    await r.clock.advance(3000);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('answer this');
    expect(r.ofType('conversation_item_added').map((e) => e.item.type === 'message' && e.item.role)).toEqual([
      'user',
      'assistant',
    ]);

    expect(await r.drive(r.host.handlers.clearUserTurn({}))).toEqual({ ok: true, value: { cleared: true } });
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    expect(await r.drive(r.host.handlers.commitUserTurn({}))).toMatchObject({
      ok: false,
      error: { code: 'no_session' },
    });
    expect(r.host.pendingWork()).toEqual([]);
  });
});

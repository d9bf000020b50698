import { describe, expect, it } from 'vitest';
import { ioConfig, ioRig, realtimeConfig, REALTIME_KEY_NAME } from './testing/io-rig';
import { openText } from './text-io';

describe('TextIO', () => {
  it('hears nothing, speaks to the renderer, and closes its providers once on release', async () => {
    const r = ioRig();
    const opened = await openText(ioConfig({ inputMode: 'text' }), r.ctx);
    const { io } = opened;
    expect(io.audioInput).toBeNull();
    expect(io.mic).toBeNull();
    expect(io.audioOutput).not.toBeNull();
    expect(opened.agents.start.id).toBe('default_agent');
    await io.start(r.control);
    io.end();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
    expect(io.pendingWork()).toEqual([]);
    expect(r.finished.count).toBe(0);
  });

  it('has no speakers without a TTS, and refuses to open without an LLM (closing what it built)', async () => {
    const r = ioRig({ tts: false });
    const { io } = await openText(ioConfig({ inputMode: 'text' }), r.ctx);
    expect(io.audioOutput).toBeNull();
    await io.release();

    const noLlm = ioRig();
    const build = noLlm.ctx.createProviders;
    noLlm.ctx.createProviders = async (config, deps) => ({
      ...(await build(config, deps)),
      llm: null,
      warnings: ['providers.llm: no key'],
      close: async () => void (noLlm.providers.closed += 1),
    });
    await expect(openText(ioConfig(), noLlm.ctx)).rejects.toThrow(
      'no LLM could be built: providers.llm: no key',
    );
    expect(noLlm.providers.closed).toBe(1);
  });

  it('a provider warning emitted while building is stamped on the session stream', async () => {
    const r = ioRig();
    const build = r.ctx.createProviders;
    r.ctx.createProviders = async (config, deps) => {
      await r.clock.advance(250);
      deps.emit({ type: 'warning', source: 'providers.tts', message: 'tts fell back' });
      return build(config, deps);
    };
    const { io } = await openText(ioConfig(), r.ctx);
    expect(r.events).toEqual([
      { type: 'warning', source: 'providers.tts', message: 'tts fell back', t: expect.any(Number) },
    ]);
    expect(Math.round(r.events[0].t)).toBe(250);
    io.halt();
    await io.release();
  });
});

describe('TextIO on a realtime model', () => {
  it("speaks to the renderer with the model's own voice when no TTS could be built", async () => {
    const r = ioRig({ realtime: { keys: { [REALTIME_KEY_NAME]: 'sk-test' }, ca: '' } });
    const { io } = await openText(realtimeConfig('https://127.0.0.1:9/v1', { inputMode: 'text' }), r.ctx);
    expect(r.providers.built[0].tts).toBeNull();
    expect(io.audioOutput).not.toBeNull();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
  });
});

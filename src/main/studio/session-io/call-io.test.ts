import { describe, expect, it } from 'vitest';
import { CALL_END_QUIET_MS, openCall } from './call-io';
import { ioConfig, ioRig, realtimeConfig, REALTIME_KEY_NAME } from './testing/io-rig';

const callConfig = () => ioConfig({ inputMode: 'simulated', caller: { turns: [{ text: 'hi', atMs: 100 }] } });

describe('CallIO', () => {
  it('starts the caller, ends the call once the caller is done and the agent listened quietly, releases all', async () => {
    const r = ioRig();
    const { io } = await openCall(callConfig(), r.ctx);
    expect(io.audioInput).toBe(r.providers.built[0].caller);
    const caller = r.providers.built[0].caller!;
    const reading = (async () => {
      for await (const _frame of caller) void _frame;
    })();
    await io.start(r.control);
    expect(io.pendingWork().length).toBeGreaterThan(0);
    // The caller says its one line, then the agent listens: the call ends CALL_END_QUIET_MS later.
    await r.clock.advance(2000);
    expect(caller.finished).toBe(true);
    io.observe({
      type: 'agent_state_changed',
      t: r.clock.now(),
      oldState: 'thinking',
      newState: 'listening',
    });
    expect(io.pendingWork()).toContain('script end timer');
    await r.clock.advance(CALL_END_QUIET_MS);
    expect(r.finished.count).toBe(1);
    io.end();
    io.halt();
    await io.release();
    await reading;
    expect(r.providers.closed).toBe(1);
    expect(io.pendingWork()).toEqual([]);
  });

  it('after end, the agent listening again arms no call end', async () => {
    const r = ioRig();
    const { io } = await openCall(callConfig(), r.ctx);
    await io.start(r.control);
    await r.clock.advance(2000);
    io.end();
    io.observe({
      type: 'agent_state_changed',
      t: r.clock.now(),
      oldState: 'thinking',
      newState: 'listening',
    });
    expect(io.pendingWork()).not.toContain('script end timer');
    io.halt();
    await io.release();
    expect(io.pendingWork()).toEqual([]);
    expect(r.finished.count).toBe(0);
  });

  it('refuses to open without a caller, naming why, and closes the providers', async () => {
    const r = ioRig();
    await expect(openCall(ioConfig({ inputMode: 'simulated' }), r.ctx)).rejects.toThrow(
      'the simulated caller could not be built',
    );
    expect(r.providers.closed).toBe(1);
  });
});

describe('CallIO on a realtime model', () => {
  it("speaks with the model's own voice when no TTS could be built, so the caller hears the agent", async () => {
    const r = ioRig({ realtime: { keys: { [REALTIME_KEY_NAME]: 'sk-test' }, ca: '' } });
    const { io } = await openCall(
      realtimeConfig('https://127.0.0.1:9/v1', {
        inputMode: 'simulated',
        caller: { turns: [{ text: 'hi', atMs: 100 }] },
      }),
      r.ctx,
    );
    expect(r.providers.built[0].tts).toBeNull();
    expect(io.audioOutput).not.toBeNull();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
  });
});

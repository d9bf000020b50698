/**
 * RealtimeBinding alone: the session and its listeners come and go together, one session at a
 * time, and the session stays readable until its close settled.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../base/virtual-clock';
import { ScriptedRealtimeModel } from '../../testing/scripted/realtime';
import { RealtimeBinding } from './realtime-binding';

describe('RealtimeBinding', () => {
  it('attach opens a session with the handlers; detach unsubscribes them and closes it', async () => {
    const model = new ScriptedRealtimeModel({ clock: new VirtualClock() });
    const binding = new RealtimeBinding();
    expect(binding.session).toBeNull();
    const heard: string[] = [];
    const rt = binding.attach(model, {
      input_speech_started: () => heard.push('started'),
      error: (e) => heard.push(`error:${e.recoverable}`),
    });
    expect(binding.session).toBe(rt);
    expect(model.sessions).toEqual([rt]);
    expect(rt.listenerCount()).toBe(2);
    rt.emit('input_speech_started', {});
    rt.emit('error', {
      type: 'realtime_model_error',
      timestamp: 0,
      label: 'fake',
      error: new Error('x'),
      recoverable: true,
    });
    expect(heard).toEqual(['started', 'error:true']);

    const detached = binding.detach();
    expect(rt.listenerCount()).toBe(0);
    expect(binding.session).toBe(rt); // until the close settled
    await detached;
    expect(binding.session).toBeNull();
    expect(model.sessions[0].closed).toBe(true);
    rt.emit('input_speech_started', {});
    expect(heard).toHaveLength(2);
  });

  it('one session at a time; after detach a new one can be attached; detach twice is a no-op', async () => {
    const model = new ScriptedRealtimeModel({ clock: new VirtualClock() });
    const binding = new RealtimeBinding();
    binding.attach(model, {});
    expect(() => binding.attach(model, {})).toThrow(/already attached/);
    await binding.detach();
    await binding.detach();
    const second = binding.attach(model, {});
    expect(model.sessions).toHaveLength(2);
    expect(binding.session).toBe(second);
    await binding.detach();
  });
});

import { describe, expect, it } from 'vitest';
import { AgentSession, VirtualClock, type EngineEvent } from '../../engine';
import { SessionEvents } from './session-events';

describe('SessionEvents', () => {
  it('the studio and the engine emit into one stream, stamped by the session clock, in order', async () => {
    const clock = new VirtualClock(0);
    const seen: EngineEvent[] = [];
    const events = new SessionEvents(clock, (ev) => seen.push(ev));
    events.warn('built with a fallback', 'providers.llm');
    const session = new AgentSession({ clock, events: events.bus });
    await clock.advance(100);
    session.updateOptions({ minEndpointingDelayMs: 600 });
    events.emit({ type: 'error', source: 'microphone', message: 'denied', recoverable: true });
    expect(seen.map((e) => [e.type, Math.round(e.t)])).toEqual([
      ['warning', 0],
      ['config_updated', 100],
      ['error', 100],
    ]);
    expect(seen[0]).toEqual({
      type: 'warning',
      source: 'providers.llm',
      message: 'built with a fallback',
      t: seen[0].t,
    });
  });

  it('once the engine is detached only studio events still reach the host', () => {
    const clock = new VirtualClock(0);
    const seen: string[] = [];
    const events = new SessionEvents(clock, (ev) => seen.push(ev.type === 'warning' ? ev.message : ev.type));
    const other: string[] = [];
    const off = events.subscribe((ev) => other.push(ev.type));
    events.detachEngine();
    events.bus.emit({ type: 'config_updated', field: 'minEndpointingDelayMs', value: 1 });
    events.warn('leaving the room failed');
    off();
    expect(seen).toEqual(['leaving the room failed']);
    expect(other).toEqual(['config_updated', 'warning']);
  });
});

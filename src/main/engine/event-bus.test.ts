// Why: the bus delivers every engine event to the UI, recorder and runner; these pin who hears an
// event when listeners come and go while it is being delivered, and that a throwing one is contained.
import { describe, expect, it } from 'vitest';
import type { Logger } from './base/logger';
import { VirtualClock } from './base/virtual-clock';
import { EventBus, type EngineEvent } from './event-bus';

const warning = (message: string) => ({ type: 'warning', source: 'test', message }) as const;

describe('EventBus', () => {
  it('stamps each event with the clock and delivers it to every listener in subscription order', () => {
    const clock = new VirtualClock();
    const bus = new EventBus(clock);
    const heard: string[] = [];
    bus.subscribe((ev) => heard.push(`a:${ev.t}`));
    bus.subscribe((ev) => heard.push(`b:${ev.t}`));
    bus.emit(warning('x'));
    expect(heard).toEqual(['a:0', 'b:0']);
    expect(bus.listenerCount).toBe(2);
  });

  it('applies a subscribe or unsubscribe made during delivery from the next event on', () => {
    const bus = new EventBus(new VirtualClock());
    const heard: string[] = [];
    let offB: () => void = () => undefined;
    bus.subscribe((ev) => {
      heard.push(`a:${ev.type === 'warning' ? ev.message : ''}`);
      if (heard.length === 1) {
        offB();
        bus.subscribe((e) => heard.push(`c:${e.type === 'warning' ? e.message : ''}`));
      }
    });
    offB = bus.subscribe((ev) => heard.push(`b:${ev.type === 'warning' ? ev.message : ''}`));
    bus.emit(warning('1'));
    bus.emit(warning('2'));
    expect(heard).toEqual(['a:1', 'b:1', 'a:2', 'c:2']);
  });

  it('forgets an unsubscribed listener, also when unsubscribed twice', () => {
    const bus = new EventBus(new VirtualClock());
    const heard: EngineEvent[] = [];
    const off = bus.subscribe((ev) => heard.push(ev));
    off();
    off();
    bus.emit(warning('x'));
    expect(heard).toEqual([]);
    expect(bus.listenerCount).toBe(0);
  });

  it('says whether anyone listens, as listeners come and go', () => {
    const bus = new EventBus(new VirtualClock());
    expect(bus.hasListeners).toBe(false);
    const off = bus.subscribe(() => undefined);
    expect(bus.hasListeners).toBe(true);
    off();
    expect(bus.hasListeners).toBe(false);
  });

  it('keeps delivering to the others when a listener throws', () => {
    const logged: string[] = [];
    const logger: Logger = { log: (_level, msg) => void logged.push(msg) };
    const bus = new EventBus(new VirtualClock(), logger);
    const heard: string[] = [];
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe((ev) => heard.push(ev.type));
    bus.emit(warning('x'));
    expect(heard).toEqual(['warning']);
    expect(logged).toEqual(['an engine event listener threw']);
  });
});

// Why: emitters skip payloads nobody would see by asking their sink `hasListeners` (issue 13.2);
// the session's sink and the activity's attributing sink in front of it must answer for the bus
// behind them, live, or a listener subscribed later would get events without their payload.
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../base/virtual-clock';
import { EventBus, type EngineEvent } from '../../event-bus';
import { ChatContext } from '../../llm/chat-context';
import { AgentSession } from '../agent-session';
import { attributingSink } from './metrics-attribution';

describe('hasListeners through the session and activity sinks', () => {
  it('follows the bus as listeners come and go', () => {
    const clock = new VirtualClock();
    const bus = new EventBus(clock);
    const session = new AgentSession({ clock, events: bus });
    const sink = attributingSink(session.eventSink);
    expect([session.eventSink.hasListeners, sink.hasListeners]).toEqual([false, false]);
    const heard: EngineEvent[] = [];
    const off = bus.subscribe((ev) => heard.push(ev));
    expect([session.eventSink.hasListeners, sink.hasListeners]).toEqual([true, true]);
    sink.emit({ type: 'warning', source: 'test', message: 'x' });
    expect(heard).toHaveLength(1);
    off();
    expect([session.eventSink.hasListeners, sink.hasListeners]).toEqual([false, false]);
  });

  it("gives a listener a copy of an added conversation item, not the session's live message", () => {
    const clock = new VirtualClock();
    const bus = new EventBus(clock);
    const session = new AgentSession({ clock, events: bus });
    session.conversationItemAdded(
      new ChatContext().addMessage({ role: 'user', content: 'before', createdAt: 0 }),
    ); // unheard
    const heard: EngineEvent[] = [];
    bus.subscribe((ev) => heard.push(ev));
    const msg = new ChatContext().addMessage({ role: 'user', content: 'hi', createdAt: 0 });
    session.conversationItemAdded(msg);
    const ev = heard.find((e) => e.type === 'conversation_item_added');
    if (ev?.type !== 'conversation_item_added') throw new Error('no conversation_item_added');
    expect(ev.item).toEqual(msg);
    expect(ev.item).not.toBe(msg);
    expect(session.history.items.map((i) => i.id)).toContain(msg.id);
  });

  it('leaves a sink without the hint without it (emitters then build every payload)', () => {
    expect(attributingSink({ emit: () => undefined }).hasListeners).toBeUndefined();
  });
});

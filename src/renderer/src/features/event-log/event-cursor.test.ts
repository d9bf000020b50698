import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../../store/ring-buffer';
import type { EngineEvent } from '../../../../shared/engine-events';
import { EventCursor } from './event-cursor';
import { vad } from './test-events';

const ts = (events: EngineEvent[] | undefined) => (events ?? []).map((e) => e.t);

describe('EventCursor', () => {
  it('hands out only what was appended since the last read', () => {
    const rb = new RingBuffer<EngineEvent>(10);
    const c = new EventCursor();
    rb.pushMany([vad(1), vad(2)]);
    expect(c.read(rb, 's1')).toMatchObject({ reset: true, truncated: false });
    rb.pushMany([vad(3)]);
    const b = c.read(rb, 's1');
    expect(b?.reset).toBe(false);
    expect(ts(b?.events)).toEqual([3]);
    expect(c.read(rb, 's1')).toBeNull();
  });

  it('says when the buffer dropped events the reader never saw', () => {
    const rb = new RingBuffer<EngineEvent>(3);
    const c = new EventCursor();
    rb.pushMany([vad(1)]);
    c.read(rb, null);
    rb.pushMany([vad(2), vad(3), vad(4), vad(5), vad(6)]);
    const b = c.read(rb, null);
    expect(b?.truncated).toBe(true);
    expect(ts(b?.events)).toEqual([4, 5, 6]);
  });

  it('follows a wrapped buffer as an append', () => {
    const rb = new RingBuffer<EngineEvent>(3);
    const c = new EventCursor();
    for (let i = 0; i < 10; i++) {
      rb.push(vad(i));
      const b = c.read(rb, 's');
      expect(ts(b?.events)).toEqual([i]);
      expect(b?.reset).toBe(i === 0);
    }
  });

  it('starts over when the buffer is replaced or the session changes', () => {
    const rb = new RingBuffer<EngineEvent>(10);
    const c = new EventCursor();
    rb.pushMany([vad(1), vad(2)]);
    c.read(rb, 's1');
    // A reload's getState: same session, new objects, even more of them.
    rb.clear();
    rb.pushMany([vad(1), vad(2), vad(3)]);
    const replaced = c.read(rb, 's1');
    expect(replaced?.reset).toBe(true);
    expect(ts(replaced?.events)).toEqual([1, 2, 3]);
    rb.clear();
    rb.pushMany([vad(9)]);
    const next = c.read(rb, 's2');
    expect(next?.reset).toBe(true);
    expect(ts(next?.events)).toEqual([9]);
  });
});

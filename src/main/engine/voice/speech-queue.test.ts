import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../base/virtual-clock';
import {
  SPEECH_PRIORITY_HIGH,
  SPEECH_PRIORITY_LOW,
  SPEECH_PRIORITY_NORMAL,
  SpeechHandle,
} from './speech-handle';
import { SpeechQueue } from './speech-queue';

const clock = new VirtualClock();
const speech = (): SpeechHandle => SpeechHandle.create({ clock });

describe('SpeechQueue', () => {
  it('pops higher priority first and FIFO within a priority', () => {
    const q = new SpeechQueue();
    const n1 = speech();
    const l1 = speech();
    const h1 = speech();
    const n2 = speech();
    const h2 = speech();
    const n3 = speech();
    q.push(n1, SPEECH_PRIORITY_NORMAL);
    q.push(l1, SPEECH_PRIORITY_LOW);
    q.push(h1, SPEECH_PRIORITY_HIGH);
    q.push(n2, SPEECH_PRIORITY_NORMAL);
    q.push(h2, SPEECH_PRIORITY_HIGH);
    q.push(n3, SPEECH_PRIORITY_NORMAL);
    expect(q.size).toBe(6);
    expect(q.peek()?.speech).toBe(h1);
    expect(q.toArray().map((e) => e.speech)).toEqual([h1, h2, n1, n2, n3, l1]);
    const order: SpeechHandle[] = [];
    for (let e = q.pop(); e; e = q.pop()) order.push(e.speech);
    expect(order).toEqual([h1, h2, n1, n2, n3, l1]);
    expect(q.pop()).toBeUndefined();
    expect(q.isEmpty()).toBe(true);
  });

  it('keeps FIFO order for many same-priority speeches pushed in one instant', () => {
    const q = new SpeechQueue();
    const all = Array.from({ length: 200 }, () => speech());
    all.forEach((s, i) => q.push(s, i % 3 === 0 ? SPEECH_PRIORITY_HIGH : SPEECH_PRIORITY_NORMAL));
    const popped: SpeechHandle[] = [];
    while (q.size) popped.push((q.pop() as { speech: SpeechHandle }).speech);
    const expected = [...all.filter((_, i) => i % 3 === 0), ...all.filter((_, i) => i % 3 !== 0)];
    expect(popped).toEqual(expected);
  });

  it('interleaves pushes and pops correctly', () => {
    const q = new SpeechQueue();
    const a = speech();
    const b = speech();
    const c = speech();
    q.push(a, SPEECH_PRIORITY_NORMAL);
    expect(q.pop()?.speech).toBe(a);
    q.push(b, SPEECH_PRIORITY_LOW);
    q.push(c, SPEECH_PRIORITY_NORMAL);
    expect(q.pop()?.speech).toBe(c);
    q.push(a, SPEECH_PRIORITY_LOW);
    expect(q.pop()?.speech).toBe(b); // pushed earlier than a at the same priority
    expect(q.pop()?.speech).toBe(a);
  });

  it('removes, clears and snapshots without disturbing order', () => {
    const q = new SpeechQueue();
    const s = Array.from({ length: 7 }, () => speech());
    s.forEach((x, i) => q.push(x, i % 2 ? SPEECH_PRIORITY_HIGH : SPEECH_PRIORITY_NORMAL));
    expect(q.remove(s[3])).toBe(true);
    expect(q.remove(s[3])).toBe(false);
    expect(q.has(s[3])).toBe(false);
    expect(q.has(s[0])).toBe(true);
    const snap = q.toArray();
    expect(snap.map((e) => e.speech)).toEqual([s[1], s[5], s[0], s[2], s[4], s[6]]);
    expect([...q].length).toBe(6);
    expect(q.size).toBe(6); // snapshot did not consume
    const cleared = q.clear();
    expect(cleared.map((e) => e.speech)).toEqual(snap.map((e) => e.speech));
    expect(q.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { silenceFrame } from '../../audio/frame';
import { VirtualClock } from '../../base/virtual-clock';
import { ScriptedInputStream, ScriptedStream, timedFeed } from './stream';

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('ScriptedStream', () => {
  it('delivers on the clock, ends once, and reports the end to its owner', async () => {
    const clock = new VirtualClock();
    const ended: string[] = [];
    const s = new ScriptedStream<number>({
      clock,
      requestId: 'r1',
      onFinished: (x) => ended.push(x.requestId),
    });
    s.after(10, () => s.send(1));
    s.at(20, () => {
      s.send(2);
      s.finish();
    });
    const got = drain(s);
    await clock.runUntil(100);
    expect(await got).toEqual([1, 2]);
    s.finish();
    expect(ended).toEqual(['r1']);
    expect(s.closed).toBe(false);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('abort and close cancel what is scheduled; an error ends the iteration with it', async () => {
    const clock = new VirtualClock();
    const ac = new AbortController();
    const a = new ScriptedStream<number>({ clock, requestId: 'a', signal: ac.signal });
    a.after(10, () => a.send(1));
    ac.abort();
    expect(a.finished).toBe(true);
    expect(clock.pendingTimerCount()).toBe(0);
    const b = new ScriptedStream<number>({ clock, requestId: 'b' });
    b.after(10, () => b.finish(new Error('boom')));
    const failed = drain(b).catch((e: Error) => e.message);
    await clock.runUntil(10);
    expect(await failed).toBe('boom');
    const c = new ScriptedStream<number>({ clock, requestId: 'c' });
    c.after(10, () => c.send(1));
    await c.close();
    expect([c.closed, c.finished, clock.pendingTimerCount()]).toEqual([true, true, 0]);
  });
});

describe('ScriptedInputStream on a timed feed', () => {
  it('a stream created late never replays the past; frames are kept; input after endInput throws', async () => {
    const clock = new VirtualClock();
    const feed = timedFeed([
      { atMs: 10, value: 'early' },
      { atMs: 30, value: 'late' },
    ]);
    await clock.runUntil(20);
    const s = new ScriptedInputStream<string>({
      clock,
      requestId: 'r',
      name: 'test #1',
      feed,
      endsOnInputEnd: false,
      keepFrames: true,
    });
    s.pushFrame(silenceFrame(10, 16000));
    s.endInput();
    expect(() => s.pushFrame(silenceFrame(10, 16000))).toThrow('test #1: pushFrame after endInput');
    expect(s.finished).toBe(false);
    const got = drain(s);
    await clock.runUntil(40);
    await s.close();
    expect(await got).toEqual(['late']);
    expect(s.frames).toHaveLength(1);
  });

  it('a failing feed ends the stream with its error at its instant', async () => {
    const clock = new VirtualClock();
    const s = new ScriptedInputStream<string>({
      clock,
      requestId: 'r',
      name: 'n',
      feed: timedFeed([], { atMs: 5, error: new Error('provider down') }),
      endsOnInputEnd: true,
    });
    const got = drain(s).catch((e: Error) => e.message);
    await clock.runUntil(5);
    expect(await got).toBe('provider down');
  });
});

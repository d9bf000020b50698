import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/engine-events';
import { EventFeed, FeedReader, type FeedChange } from './event-feed';
import { selectAgentState } from './feed-slice';
import { resetStudioStore, useStudioStore } from './studio-store';
import { StudioConfigSchema } from '../../../shared/config';
import { FakeStudioClient } from '../testing/fake-studio-client';
import { syncBridgeToStore } from '../bridge/store-sync';

const ev = (t: number): EngineEvent => ({ type: 'agent_false_interruption', t, resumed: false });
const ts = (events: readonly EngineEvent[] | undefined) => (events ?? []).map((e) => e.t);

describe('EventFeed and FeedReader', () => {
  it('hands each reader every event once, in order, with increasing sequence numbers', () => {
    const feed = new EventFeed(10);
    const reader = new FeedReader();
    feed.append([ev(1), ev(2)]);
    const first = reader.read(feed);
    expect(first).toMatchObject({ reset: true, fromSeq: 0, toSeq: 2, truncated: false });
    expect(reader.read(feed)).toBeNull();
    feed.append([ev(3)]);
    const second = reader.read(feed);
    expect(second).toMatchObject({ reset: false, fromSeq: 2, toSeq: 3 });
    expect(ts(second?.events)).toEqual([3]);
    expect(feed.at(2)?.t).toBe(3);
  });

  it('a reset drops the old source and never hands its events out again; seqs keep growing', () => {
    const feed = new EventFeed(10);
    const reader = new FeedReader();
    feed.append([ev(1), ev(2)]);
    reader.read(feed);
    feed.reset({ kind: 'replay', recordingId: 'r1' }, [ev(100)]);
    feed.append([ev(101)]);
    const change = reader.read(feed);
    expect(change).toMatchObject({ reset: true, fromSeq: 2, toSeq: 4, source: { kind: 'replay' } });
    expect(ts(change?.events)).toEqual([100, 101]);
    expect(feed.at(0)).toBeUndefined();
    expect(feed.appendedCount).toBe(2);
  });

  it('says when the ring dropped events a slow reader never saw', () => {
    const feed = new EventFeed(3);
    const reader = new FeedReader();
    feed.append([ev(1)]);
    reader.read(feed);
    feed.append([ev(2), ev(3), ev(4), ev(5), ev(6)]);
    const change = reader.read(feed);
    expect(change?.truncated).toBe(true);
    expect(ts(change?.events)).toEqual([4, 5, 6]);
    expect(change?.fromSeq).toBe(3);
  });

  it('tells synchronous subscribers about every reset and append', () => {
    const feed = new EventFeed(5);
    const seen: Pick<FeedChange, 'reset' | 'fromSeq' | 'toSeq'>[] = [];
    const off = feed.subscribe(({ reset, fromSeq, toSeq }) => seen.push({ reset, fromSeq, toSeq }));
    feed.append([ev(1)]);
    feed.reset({ kind: 'live', sessionId: 's2' }, [ev(2), ev(3)]);
    feed.append([]);
    off();
    feed.append([ev(4)]);
    expect(seen).toEqual([
      { reset: false, fromSeq: 0, toSeq: 1 },
      { reset: true, fromSeq: 1, toSeq: 3 },
    ]);
  });
});

describe('the store feed: live, then a replay, then live again', () => {
  beforeEach(() => resetStudioStore({ eventCapacity: 100 }));

  it('every view sees each event once and starts over on each source change', async () => {
    const client = new FakeStudioClient();
    const liveStatus = {
      phase: 'running' as const,
      sessionId: 's1',
      startedAt: 1,
      agentState: 'listening' as const,
      userState: 'listening' as const,
      currentAgent: 'a',
      lastError: null,
      transport: 'websocket' as const,
    };
    let snapshot: EngineEvent[] = [ev(1)];
    client.handle('getState', () => ({
      ok: true,
      value: { status: liveStatus, config: StudioConfigSchema.parse({}), events: snapshot },
    }));
    const stop = syncBridgeToStore(client.asBridge(), useStudioStore);
    await new Promise((r) => setTimeout(r, 0));

    const reader = new FeedReader();
    const seen: number[] = [];
    let resets = 0;
    const drain = () => {
      const c = reader.read(useStudioStore.getState().feed);
      if (!c) return;
      if (c.reset) resets++;
      seen.push(...ts(c.events));
    };
    const off = useStudioStore.subscribe((s, prev) => {
      if (s.feedVersion !== prev.feedVersion) drain();
    });
    drain();
    client.push('events', {
      sessionId: 's1',
      events: [ev(2), { type: 'agent_state_changed', t: 3, oldState: 'listening', newState: 'speaking' }],
    });
    expect(selectAgentState(useStudioStore.getState())).toBe('speaking');

    // A replay takes the feed: live batches no longer reach the views meanwhile.
    useStudioStore.getState().resetFeed({ kind: 'replay', recordingId: 'rec' }, [ev(500)]);
    useStudioStore.getState().appendFeed([ev(501)]);
    client.push('events', { sessionId: 's1', events: [ev(4)] });
    expect(selectAgentState(useStudioStore.getState())).toBeNull();

    // Back to live: the bridge refills the feed from a fresh snapshot.
    snapshot = [ev(1), ev(2), ev(4), ev(5)];
    useStudioStore.getState().showLive();
    await new Promise((r) => setTimeout(r, 0));
    off();
    stop();
    expect(seen).toEqual([1, 2, 3, 500, 501, 1, 2, 4, 5]);
    expect(resets).toBe(4);
    expect(useStudioStore.getState().feedSource).toEqual({ kind: 'live', sessionId: 's1' });
  });
});

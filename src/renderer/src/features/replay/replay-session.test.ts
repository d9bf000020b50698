import { beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import type { OpenedRecordingInfo } from '../../../../shared/studio-api';
import { FakeStudioClient } from '../../testing/fake-studio-client';
import { FeedReader } from '../../store/event-feed';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { ReplaySession } from './replay-session';

const ev = (i: number): EngineEvent => ({ type: 'warning', t: 1000 + i, source: 's', message: String(i) });
/** More than the live feed holds (20,000): a replay holds its whole recording. */
const TOTAL = 23_456;

function info(): OpenedRecordingInfo {
  return {
    summary: {
      id: 'rec1',
      title: 'demo',
      startedAt: '2026-01-01T00:00:00Z',
      durationMs: 20_000,
      endReason: 'stopped',
      inputKind: 'demo',
      agents: ['a'],
      turns: 2,
      eventCount: TOTAL,
      sizeBytes: 1,
      hasAudio: { user: false, agent: false },
      version: 2,
      sourceId: null,
    },
    startT: 1000,
    endT: 21_000,
    config: {},
    providers: [],
    audio: { user: null, agent: null },
    eventCount: TOTAL,
    notices: [],
    firstPage: Array.from({ length: 5000 }, (_, i) => ev(i)),
  };
}

function rig() {
  const client = new FakeStudioClient();
  client.handle('openRecording', () => ({ ok: true, value: info() }));
  client.handle('readRecordingEvents', (input) => {
    const from = input.from ?? 0;
    const count = Math.min(input.count ?? 0, TOTAL - from);
    return {
      ok: true,
      value: { from, events: Array.from({ length: count }, (_, i) => ev(from + i)), truncated: false },
    };
  });
  const frames: (() => void)[] = [];
  const session = new ReplaySession({
    client,
    store: useStudioStore,
    now: () => 0,
    createAudioContext: null,
    yieldFrame: () => new Promise<void>((resolve) => frames.push(resolve)),
  });
  const step = async () => {
    frames.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { client, session, step };
}

describe('ReplaySession', () => {
  beforeEach(() => resetStudioStore());

  it('paints the first page at once, then pages the rest in, one feed append per page; all events end up held', async () => {
    const { session, step, client } = rig();
    const reader = new FeedReader();
    const opening = session.open('rec1', 5000);
    await new Promise((r) => setTimeout(r, 0));
    const first = reader.read(useStudioStore.getState().feed);
    expect(first?.reset).toBe(true);
    expect(first?.source).toEqual({ kind: 'replay', recordingId: 'rec1' });
    expect(first?.events).toHaveLength(5000);
    expect(session.view.get()).toMatchObject({ loaded: 5000, total: TOTAL });
    expect(session.clock.get()?.position()).toBe(5000);
    const versions = useStudioStore.getState().feedVersion;
    for (let i = 0; i < 5; i++) await step();
    await opening;
    expect(useStudioStore.getState().feedVersion - versions).toBe(4);
    const rest = reader.read(useStudioStore.getState().feed);
    expect(rest?.reset).toBe(false);
    expect(rest?.events.map((e) => e.t)).toEqual(Array.from({ length: TOTAL - 5000 }, (_, i) => 6000 + i));
    expect(useStudioStore.getState().feed.size).toBe(TOTAL);
    expect(client.calls.filter((c) => c.command === 'readRecordingEvents').map((c) => c.input)).toEqual([
      { id: 'rec1', from: 5000, count: 5000 },
      { id: 'rec1', from: 10_000, count: 5000 },
      { id: 'rec1', from: 15_000, count: 5000 },
      { id: 'rec1', from: 20_000, count: 3456 },
    ]);
  });

  it('live batches are ignored during a replay; closing returns the feed to live and asks for the snapshot', async () => {
    const { session, step } = rig();
    const opening = session.open('rec1');
    for (let i = 0; i < 5; i++) await step();
    await opening;
    expect(useStudioStore.getState().appendLive('session_x', [ev(1)])).toBe(false);
    const asked = useStudioStore.getState().liveRequests;
    session.close();
    expect(session.view.get()).toBeNull();
    expect(session.clock.get()).toBeNull();
    expect(useStudioStore.getState().feed.source).toEqual({ kind: 'live', sessionId: null });
    expect(useStudioStore.getState().liveRequests).toBe(asked + 1);
    expect(useStudioStore.getState().appendLive('session_x', [ev(1)])).toBe(true);
    // The live feed is back to its own size.
    expect(useStudioStore.getState().feed.capacity).toBe(20_000);
  });

  it('a recording that cannot be opened shows the reason and leaves the feed alone', async () => {
    const { session, client } = rig();
    client.handle('openRecording', () => ({
      ok: false,
      error: { code: 'failed', message: 'version 3 is newer' },
    }));
    expect(await session.open('rec1')).toBe(false);
    expect(session.view.get()).toMatchObject({ id: 'rec1', error: 'version 3 is newer' });
    expect(useStudioStore.getState().feed.source.kind).toBe('live');
  });
});

import { describe, expect, it } from 'vitest';
import {
  addChunk,
  advance,
  clearSchedule,
  DEFAULT_SCHEDULE,
  emptySchedule,
  levelAt,
  placeChunk,
  playedMs,
  queuedMs,
  type ScheduleState,
} from './playback-schedule';

/** Places and records a chunk like the player does; returns the new state and where it went. */
function play(state: ScheduleState, now: number, dur: number, level = 0.5) {
  const p = placeChunk(state, now, dur);
  if (p.kind !== 'play') return { state, start: null };
  return { state: addChunk(state, p, dur, level), start: p.startSec };
}

describe('playback schedule', () => {
  it('chunks arriving early play back to back, the first a lead ahead of now', () => {
    let s = emptySchedule();
    const starts: Array<number | null> = [];
    for (const now of [10, 10.02, 10.07, 10.1]) {
      const r = play(s, now, 0.05);
      s = r.state;
      starts.push(r.start);
    }
    expect(starts.map((x) => x?.toFixed(3))).toEqual(['10.050', '10.100', '10.150', '10.200']);
    expect(s.underruns).toBe(0);
    expect(queuedMs(s, 10.1)).toBeCloseTo(150, 6);
  });

  it('a chunk later than the queue restarts a lead ahead and counts an underrun; after a long pause it is a new utterance', () => {
    let s = play(emptySchedule(), 0, 0.05).state; // plays 0.05..0.10
    const late = placeChunk(s, 0.2, 0.05);
    expect(late).toEqual({ kind: 'play', startSec: 0.25, underrun: true });
    s = addChunk(s, late as Extract<typeof late, { kind: 'play' }>, 0.05, 0.5);
    expect(s.underruns).toBe(1);
    expect(placeChunk(s, 5, 0.05)).toEqual({
      kind: 'play',
      startSec: 5 + DEFAULT_SCHEDULE.leadSec,
      underrun: false,
    });
  });

  it('drops a chunk that would start too far ahead (bounded latency)', () => {
    let s = emptySchedule();
    let drops = 0;
    for (let i = 0; i < 100; i++) {
      const p = placeChunk(s, 0, 0.05);
      if (p.kind === 'drop') drops++;
      else s = addChunk(s, p, 0.05, 0.1);
    }
    expect(drops).toBeGreaterThan(0);
    expect(queuedMs(s, 0)).toBeLessThanOrEqual(DEFAULT_SCHEDULE.maxAheadSec * 1000 + 1e-6);
  });

  it('played position counts what has sounded, including part of the current chunk', () => {
    let s = emptySchedule();
    for (const now of [0, 0.01, 0.02]) s = play(s, now, 0.1).state; // 0.05..0.35
    expect(playedMs(s, 0.04)).toBe(0);
    expect(playedMs(s, 0.1)).toBeCloseTo(50, 6);
    expect(playedMs(s, 0.2)).toBeCloseTo(150, 6);
    s = advance(s, 0.2);
    expect(s.chunks).toHaveLength(2);
    expect(playedMs(s, 0.2)).toBeCloseTo(150, 6);
    expect(playedMs(s, 1)).toBeCloseTo(300, 6);
  });

  it('clear drops what is queued, keeps what was heard, and the next chunk starts a fresh run', () => {
    let s = emptySchedule();
    for (let i = 0; i < 5; i++) s = play(s, 0, 0.1).state; // 0.05..0.55
    s = clearSchedule(s, 0.2);
    expect(s.chunks).toEqual([]);
    expect(s.nextStartSec).toBeNull();
    expect(playedMs(s, 0.3)).toBeCloseTo(150, 6);
    expect(queuedMs(s, 0.3)).toBe(0);
    expect(placeChunk(s, 0.3, 0.1)).toEqual({ kind: 'play', startSec: 0.35, underrun: false });
  });

  it('the level is that of the chunk sounding now, 0 in a gap', () => {
    let s = play(emptySchedule(), 0, 0.1, 0.8).state; // 0.05..0.15
    s = play(s, 0.01, 0.1, 0.2).state; // 0.15..0.25
    expect(levelAt(s, 0.02)).toBe(0);
    expect(levelAt(s, 0.1)).toBe(0.8);
    expect(levelAt(s, 0.2)).toBe(0.2);
    expect(levelAt(s, 0.3)).toBe(0);
  });
});

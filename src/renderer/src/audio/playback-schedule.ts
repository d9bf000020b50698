/**
 * The player's bookkeeping, as pure functions of the AudioContext's time (seconds, as Web Audio
 * counts it): where the next chunk starts so chunks play back to back without gaps, when a late
 * chunk must restart the queue a little ahead (an underrun), when the queue is so far ahead
 * that a chunk is better dropped, what has been played, and how loud what plays now is.
 */

export interface ScheduledChunk {
  startSec: number;
  endSec: number;
  /** Meter reading of the chunk, in [0, 1]. */
  level: number;
}

export interface ScheduleState {
  /** Where the next chunk starts; null when nothing is queued (the next one starts a new run). */
  nextStartSec: number | null;
  /** Chunks not yet finished playing, in start order. */
  chunks: ScheduledChunk[];
  /** Seconds of audio of chunks that finished (or were cut) before now. */
  playedSec: number;
  underruns: number;
}

export interface ScheduleOptions {
  /** How far ahead of now a run starts, so the first chunk is not late before it is queued, s. */
  leadSec: number;
  /** A chunk that would start further ahead than this is dropped: latency stays bounded, s. */
  maxAheadSec: number;
  /**
   * A chunk arriving this soon after the queue ran dry is an underrun (a gap heard mid-speech);
   * later, it is the start of a new utterance, s.
   */
  underrunWindowSec: number;
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { leadSec: 0.05, maxAheadSec: 1.5, underrunWindowSec: 0.25 };

export function emptySchedule(): ScheduleState {
  return { nextStartSec: null, chunks: [], playedSec: 0, underruns: 0 };
}

export type Placement =
  { kind: 'play'; startSec: number; underrun: boolean } | { kind: 'drop'; reason: 'too_far_ahead' };

/** Where a chunk of `durationSec` goes if it arrives at `nowSec` (pure: does not change `state`). */
export function placeChunk(
  state: ScheduleState,
  nowSec: number,
  durationSec: number,
  opts = DEFAULT_SCHEDULE,
): Placement {
  const next = state.nextStartSec;
  if (next === null || next < nowSec) {
    // Nothing queued, or the queue ran dry before this chunk came: start a new run a little ahead.
    const underrun = next !== null && nowSec - next < opts.underrunWindowSec;
    return { kind: 'play', startSec: nowSec + opts.leadSec, underrun };
  }
  if (next + durationSec - nowSec > opts.maxAheadSec) return { kind: 'drop', reason: 'too_far_ahead' };
  return { kind: 'play', startSec: next, underrun: false };
}

/** Records a chunk placed by placeChunk. */
export function addChunk(
  state: ScheduleState,
  placement: Extract<Placement, { kind: 'play' }>,
  durationSec: number,
  level: number,
): ScheduleState {
  const chunk = { startSec: placement.startSec, endSec: placement.startSec + durationSec, level };
  return {
    ...state,
    nextStartSec: chunk.endSec,
    chunks: [...state.chunks, chunk],
    underruns: state.underruns + (placement.underrun ? 1 : 0),
  };
}

/** Moves chunks that finished by `nowSec` into the played total; a queue that ran dry is reset. */
export function advance(state: ScheduleState, nowSec: number): ScheduleState {
  let i = 0;
  let played = state.playedSec;
  while (i < state.chunks.length && state.chunks[i].endSec <= nowSec) {
    played += state.chunks[i].endSec - state.chunks[i].startSec;
    i += 1;
  }
  if (i === 0) return state;
  const chunks = state.chunks.slice(i);
  return { ...state, chunks, playedSec: played };
}

/** Drops everything queued: what was heard of the current chunk counts as played. */
export function clearSchedule(state: ScheduleState, nowSec: number): ScheduleState {
  const s = advance(state, nowSec);
  const current = s.chunks[0];
  const heard = current && current.startSec < nowSec ? nowSec - current.startSec : 0;
  return { ...s, nextStartSec: null, chunks: [], playedSec: s.playedSec + heard };
}

/** Audio played so far, ms: finished chunks plus the part of the current one already heard. */
export function playedMs(state: ScheduleState, nowSec: number): number {
  let sec = state.playedSec;
  for (const c of state.chunks) {
    if (c.startSec >= nowSec) break;
    sec += Math.min(nowSec, c.endSec) - c.startSec;
  }
  return sec * 1000;
}

/** Audio queued and not yet heard, ms. */
export function queuedMs(state: ScheduleState, nowSec: number): number {
  if (state.nextStartSec === null || state.nextStartSec <= nowSec) return 0;
  const first = state.chunks[0];
  return (state.nextStartSec - Math.max(nowSec, first ? first.startSec : nowSec)) * 1000;
}

/** Meter reading of the chunk sounding at `nowSec` (0 in a gap). */
export function levelAt(state: ScheduleState, nowSec: number): number {
  for (const c of state.chunks) {
    if (c.startSec > nowSec) break;
    if (nowSec < c.endSec) return c.level;
  }
  return 0;
}

/**
 * The window's one replay. Views that can move the playhead (timeline, event log, chat) reach it
 * here without knowing whether anything replays: outside a replay `playheadClock()` is null and
 * `seekPlayhead` does nothing.
 */
import { useStudioStore } from '../../store/studio-store';
import type { ReplayClock } from './replay-clock';
import { ReplaySession } from './replay-session';

export const replaySession = new ReplaySession({ store: useStudioStore });

/** The playhead's clock while a recording is replayed, else null. */
export function playheadClock(): ReplayClock | null {
  return replaySession.clock.get();
}

/** Calls `listener` when the playhead appears, disappears, plays, pauses, changes speed or jumps. */
export function subscribePlayhead(listener: () => void): () => void {
  let offClock: (() => void) | null = null;
  const attach = () => {
    offClock?.();
    offClock = replaySession.clock.get()?.subscribe(listener) ?? null;
  };
  const offSession = replaySession.clock.subscribe(() => {
    attach();
    listener();
  });
  attach();
  return () => {
    offSession();
    offClock?.();
  };
}

/** Moves the playhead to event time `t` during a replay. */
export function seekPlayhead(t: number): void {
  replaySession.seek(t);
}

/**
 * The run's single scripted timeline. Every scripted happening (actions, VAD events, STT events)
 * is registered here before t = 0 and gets its clock timer at t = 0, in (time, lane, file order).
 * The clock fires same-instant timers in the order they were set and lets the engine settle after
 * each, so the format's delivery order — actions, then VAD, then STT — holds no matter which
 * stream the engine created first, and a stream created later only sees what is still to come.
 */
import { type Clock, instantOf, type TimerHandle } from '../engine';

/** Delivery order within one instant (format §4.0, §11.5); lower first. */
export const LANE = { action: 0, realtime: 1, vad: 2, stt: 3 } as const;
export type Lane = (typeof LANE)[keyof typeof LANE];

interface Entry {
  atMs: number;
  lane: Lane;
  seq: number;
  label: string;
  fn: () => void;
}

/** Kept here for its importers; the function lives with the clocks. */
export { instantOf };

export class ScriptTimeline {
  private entries: Entry[] = [];
  private readonly handles = new Set<TimerHandle>();
  private origin: number | null = null;
  private seq = 0;
  private stopped = false;

  constructor(readonly clock: Clock) {}

  /** Registers `fn` at script time `atMs` (ms after t = 0). Only before start. */
  add(atMs: number, lane: Lane, label: string, fn: () => void): void {
    if (this.origin !== null) throw new Error('ScriptTimeline.add after start');
    this.entries.push({ atMs, lane, seq: this.seq++, label, fn });
  }

  get started(): boolean {
    return this.origin !== null;
  }

  /** Clock time of t = 0, or null before start. */
  get originMs(): number | null {
    return this.origin;
  }

  /** Script time of the current instant (0 before start). */
  scriptNow(): number {
    return this.origin === null ? 0 : instantOf(this.clock) - this.origin;
  }

  /** Sets t = 0 to the current instant and arms every entry. */
  start(): void {
    if (this.origin !== null || this.stopped) return;
    this.origin = instantOf(this.clock);
    const sorted = [...this.entries].sort((a, b) => a.atMs - b.atMs || a.lane - b.lane || a.seq - b.seq);
    this.entries = [];
    for (const e of sorted) {
      const handle = this.clock.setTimer(() => {
        this.handles.delete(handle);
        if (!this.stopped) e.fn();
      }, e.atMs);
      this.handles.add(handle);
    }
  }

  /** Entries not yet fired. */
  get pendingCount(): number {
    return this.handles.size + this.entries.length;
  }

  /** Cancels everything still to come (the run is over). */
  stop(): void {
    this.stopped = true;
    for (const h of this.handles) h.cancel();
    this.handles.clear();
    this.entries = [];
  }
}

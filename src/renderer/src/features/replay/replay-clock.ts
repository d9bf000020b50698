/**
 * The replay's playhead: a position on the recording's event clock (ms, the events' `t`) that
 * moves at `speed` while playing. Time comes from an injected `now` (performance.now in the
 * studio, a hand-moved value in tests), so play, pause, speed and seek are exact and testable.
 * The position is computed on read, never ticked: nothing runs per frame unless a view asks.
 */
export const REPLAY_SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2;

export interface ReplayClockState {
  playing: boolean;
  speed: number;
}

export class ReplayClock {
  private playingNow = false;
  private speedNow = 1;
  /** Position at `anchorNow`; while playing, position = anchorPos + (now - anchorNow) * speed. */
  private anchorPos: number;
  private anchorNow = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly startMs: number,
    readonly endMs: number,
    private readonly now: () => number,
  ) {
    if (!(endMs >= startMs)) throw new RangeError(`replay end ${endMs} is before its start ${startMs}`);
    this.anchorPos = startMs;
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): number {
    return this.speedNow;
  }

  /** The playhead now, within [startMs, endMs]. Reaching the end pauses there. */
  position(): number {
    if (!this.playingNow) return this.anchorPos;
    const pos = this.anchorPos + (this.now() - this.anchorNow) * this.speedNow;
    if (pos < this.endMs) return pos;
    this.anchorPos = this.endMs;
    this.playingNow = false;
    this.notify();
    return this.endMs;
  }

  /** Starts moving; from the end it starts over from the beginning. */
  play(): void {
    if (this.playingNow) return;
    if (this.anchorPos >= this.endMs) this.anchorPos = this.startMs;
    this.anchorNow = this.now();
    this.playingNow = this.endMs > this.startMs;
    this.notify();
  }

  pause(): void {
    if (!this.playingNow) return;
    this.anchorPos = this.position();
    this.playingNow = false;
    this.notify();
  }

  toggle(): void {
    if (this.playingNow) this.pause();
    else this.play();
  }

  /** 0.5x to 2x; the position does not jump. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED)
      throw new RangeError(`replay speed ${speed} is outside ${MIN_SPEED}x-${MAX_SPEED}x`);
    if (speed === this.speedNow) return;
    this.rebase();
    this.speedNow = speed;
    this.notify();
  }

  /** Moves the playhead (clamped to the recording); playing goes on from there. */
  seek(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.anchorPos = Math.min(this.endMs, Math.max(this.startMs, ms));
    this.anchorNow = this.now();
    this.notify();
  }

  /** Called on play, pause, speed and seek (not as the playhead moves): schedulers re-plan then. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private rebase(): void {
    this.anchorPos = this.position();
    this.anchorNow = this.now();
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

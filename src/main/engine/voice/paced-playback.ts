/**
 * Playback paced on the session clock: the part every clock-driven speaker shares (the scenario
 * fake, the studio's speakers, a LiveKit track). Segments queue; the first frame of a segment
 * starts playback; a flushed segment finishes when the played position reaches what was pushed;
 * clearBuffer() cuts it short with the position played so far. With pause capability, pause()
 * holds the position and resume() continues — a segment paused before its first frame starts at
 * the resume. Subclasses hook in where they record or forward audio.
 */
import { frameDurationMs, type AudioFrame } from '../audio/frame';
import { instantOf, type Clock, type TimerHandle } from '../base/clock';
import { AudioOutput } from './io';

export interface PacedSegment {
  pushedMs: number;
  flushed: boolean;
  started: boolean;
}

export abstract class PacedPlayback<S extends PacedSegment = PacedSegment> extends AudioOutput {
  protected readonly queue: S[] = [];
  /** The segment receiving frames (between its first frame and its flush). */
  protected writing: S | null = null;
  /** Frames of a segment cleared before its flush are dropped, as real speakers would. */
  private discarding = false;
  protected paused = false;
  private anchorTime = 0;
  private anchorPos = 0;
  private finishTimer: TimerHandle | null = null;

  constructor(
    protected readonly clock: Clock,
    label: string,
    canPause: boolean,
  ) {
    super(label, { pause: canPause });
  }

  /** A new, empty segment (subclasses add their own fields). */
  protected abstract newSegment(): S;

  /** Whether frames are ignored (e.g. after dispose). */
  protected get closedToFrames(): boolean {
    return false;
  }

  /** Position played in the current segment, ms. */
  get positionMs(): number {
    const head = this.queue[0];
    if (!head?.started) return 0;
    if (this.paused) return this.anchorPos;
    return Math.min(head.pushedMs, this.anchorPos + (instantOf(this.clock) - this.anchorTime));
  }

  get isPaused(): boolean {
    return this.paused;
  }

  protected get hasFinishTimer(): boolean {
    return this.finishTimer !== null;
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (this.discarding || this.closedToFrames) return;
    if (!this.writing) {
      this.writing = this.newSegment();
      this.queue.push(this.writing);
    }
    const seg = this.writing;
    // Re-anchoring keeps the position continuous across an underrun (position stalled at pushed).
    if (seg === this.queue[0] && seg.started && !this.paused) this.reanchor();
    this.storeFrame(seg, frame);
    seg.pushedMs += frameDurationMs(frame);
    if (seg === this.queue[0] && !seg.started && !this.paused) this.startHead();
    else if (seg === this.queue[0] && seg.started && !this.paused) this.framePlaying();
    this.reschedule();
  }

  override flush(): void {
    super.flush();
    this.discarding = false;
    if (!this.writing) return;
    this.writing.flushed = true;
    this.writing = null;
    this.reschedule();
  }

  /** Stops playback now; returns the position played in the segment that was cut, ms. */
  clearBuffer(): number {
    if (this.queue.length === 0) return 0; // nothing captured since the last finish
    if (this.writing) {
      this.writing = null;
      this.discarding = true;
    }
    const pos = this.positionMs;
    this.cleared();
    this.finishHead(pos, true, false);
    while (this.queue.length > 0) this.finishHead(0, true, false);
    this.reschedule();
    return pos;
  }

  override pause(): void {
    super.pause();
    if (!this.canPause || this.paused) return;
    if (this.queue[0]?.started) this.reanchor();
    this.paused = true;
    this.reschedule();
  }

  override resume(): void {
    super.resume();
    if (!this.paused) return;
    this.paused = false;
    const head = this.queue[0];
    if (head?.started) {
      this.anchorTime = instantOf(this.clock);
      this.resumedPlaying();
    } else if (head && head.pushedMs > 0) this.startHead();
    this.reschedule();
  }

  /** Stops the finish timer; the output finishes nothing more. */
  override dispose(): void {
    this.finishTimer?.cancel();
    this.finishTimer = null;
    super.dispose();
  }

  // Hooks, no-ops by default.
  /** A frame arrives for `seg`, before its duration is counted. */
  protected storeFrame(_seg: S, _frame: AudioFrame): void {}
  /** A frame arrived while its segment was already playing. */
  protected framePlaying(): void {}
  /** The head segment starts playing, before playback_started is emitted. */
  protected willStart(_seg: S, _atMs: number): void {}
  /** The head segment started playing, after playback_started was emitted. */
  protected didStart(_seg: S): void {}
  /** The head segment finishes, before playback_finished is emitted. */
  protected willFinish(_seg: S | undefined, _positionMs: number, _interrupted: boolean): void {}
  /** clearBuffer() is cutting playback short. */
  protected cleared(): void {}
  /** A paused, playing segment continues. */
  protected resumedPlaying(): void {}

  private reanchor(): void {
    this.anchorPos = this.positionMs;
    this.anchorTime = instantOf(this.clock);
  }

  private startHead(): void {
    const head = this.queue[0];
    head.started = true;
    this.anchorPos = 0;
    this.anchorTime = instantOf(this.clock);
    this.willStart(head, this.anchorTime);
    this.onPlaybackStarted({ createdAt: this.clock.now() });
    this.didStart(head);
  }

  private finishHead(positionMs: number, interrupted: boolean, startNext = true): void {
    const head = this.queue.shift();
    this.willFinish(head, positionMs, interrupted);
    this.onPlaybackFinished({ playbackPositionMs: positionMs, interrupted, synchronizedTranscript: null });
    const next = this.queue[0];
    if (startNext && next && next.pushedMs > 0 && !this.paused) this.startHead();
  }

  /** Arms the finish timer of a flushed, playing head (re-armed on every change: the position moved). */
  protected reschedule(): void {
    this.finishTimer?.cancel();
    this.finishTimer = null;
    const head = this.queue[0];
    if (!head?.started || !head.flushed || this.paused || this.closedToFrames) return;
    const remaining = Math.max(0, head.pushedMs - this.positionMs);
    this.finishTimer = this.clock.setTimer(() => {
      this.finishTimer = null;
      this.finishHead(head.pushedMs, false);
      this.reschedule();
    }, remaining);
  }
}

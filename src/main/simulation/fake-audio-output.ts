/**
 * Simulated speakers (format §4.5): plays captured audio in virtual real time. The first frame of
 * a segment starts playback; a flushed segment finishes when the played position reaches what was
 * pushed; clearBuffer() cuts it short with the position played so far. With canPause, pause()
 * holds the position and resume() continues — a segment paused before its first frame starts
 * playing at the resume. Segments queue, so each one the base class counts gets its own finish.
 */
import { frameDurationMs, type AudioFrame } from '../engine/audio/frame';
import type { Clock, TimerHandle } from '../engine/base/clock';
import { AudioOutput } from '../engine/voice/io';
import { instantOf } from './script-timeline';

export interface PlaybackRecord {
  /** Clock instant of the finish. */
  t: number;
  positionMs: number;
  interrupted: boolean;
}

interface Segment {
  pushedMs: number;
  flushed: boolean;
  started: boolean;
}

export class FakeAudioOutput extends AudioOutput {
  readonly playbackFinished: PlaybackRecord[] = [];
  readonly playbackStarted: number[] = [];
  private readonly queue: Segment[] = [];
  /** The segment receiving frames (between its first frame and its flush). */
  private writing: Segment | null = null;
  /** Frames of a segment cleared before its flush are dropped, as a real sink would. */
  private discarding = false;
  private paused = false;
  private anchorTime = 0;
  private anchorPos = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    opts: { canPause: boolean },
  ) {
    super('scenario.FakeAudioOutput', { pause: opts.canPause });
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

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (this.discarding) return;
    if (!this.writing) {
      this.writing = { pushedMs: 0, flushed: false, started: false };
      this.queue.push(this.writing);
    }
    const seg = this.writing;
    // Re-anchoring keeps the position continuous across an underrun (position stalled at pushed).
    if (seg === this.queue[0] && seg.started && !this.paused) this.reanchor();
    seg.pushedMs += frameDurationMs(frame);
    if (seg === this.queue[0] && !seg.started && !this.paused) this.startHead();
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

  clearBuffer(): void {
    if (this.queue.length === 0) return; // nothing captured since the last finish
    if (this.writing) {
      this.writing = null;
      this.discarding = true;
    }
    const pos = this.positionMs;
    this.finishHead(pos, true, false);
    while (this.queue.length > 0) this.finishHead(0, true, false);
    this.reschedule();
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
    if (head?.started) this.anchorTime = instantOf(this.clock);
    else if (head && head.pushedMs > 0) this.startHead();
    this.reschedule();
  }

  /** Stops the playout timer (the run is over). */
  override dispose(): void {
    this.timer?.cancel();
    this.timer = null;
    super.dispose();
  }

  private reanchor(): void {
    this.anchorPos = this.positionMs;
    this.anchorTime = instantOf(this.clock);
  }

  private startHead(): void {
    const head = this.queue[0];
    head.started = true;
    this.anchorPos = 0;
    this.anchorTime = instantOf(this.clock);
    this.playbackStarted.push(this.anchorTime);
    this.onPlaybackStarted({ createdAt: this.clock.now() });
  }

  private finishHead(positionMs: number, interrupted: boolean, startNext = true): void {
    this.queue.shift();
    this.playbackFinished.push({ t: instantOf(this.clock), positionMs, interrupted });
    this.onPlaybackFinished({ playbackPositionMs: positionMs, interrupted, synchronizedTranscript: null });
    const next = this.queue[0];
    if (startNext && next && next.pushedMs > 0 && !this.paused) this.startHead();
  }

  private reschedule(): void {
    this.timer?.cancel();
    this.timer = null;
    const head = this.queue[0];
    if (!head?.started || !head.flushed || this.paused) return;
    const remaining = Math.max(0, head.pushedMs - this.positionMs);
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      this.finishHead(head.pushedMs, false);
      this.reschedule();
    }, remaining);
  }
}

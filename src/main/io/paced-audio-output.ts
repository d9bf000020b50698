/**
 * The studio's speakers: an AudioOutput that plays what the engine pushes in real time on the
 * session clock and hands the PCM on, chunk by chunk, as it plays. The engine's interruption
 * logic depends on a truthful playback position (what the user heard is what goes into the chat
 * history), so the position is computed from the clock, not from what a remote player reports;
 * the renderer plays the forwarded chunks a chunk ahead and drops its queue on `onClear`.
 *
 * Segments queue: the first frame of a segment starts playback, a flushed segment finishes when
 * the clock reaches what was pushed, clearBuffer() cuts it short. pause() holds the position (and
 * stops forwarding), resume() continues; a segment paused before its first frame starts at resume.
 */
import { frameDurationMs, type AudioFrame } from '../engine/audio/frame';
import type { Clock, TimerHandle } from '../engine/base/clock';
import { AudioOutput } from '../engine/voice/io';

/** PCM that just started playing; `data` is interleaved PCM16. */
export interface PcmChunk {
  sampleRate: number;
  channels: number;
  data: Int16Array;
}

export interface PacedAudioOutputOptions {
  /** Whether pause() holds playback (false makes the engine interrupt instead of pausing). */
  canPause?: boolean;
  /** How far ahead of the played position PCM is forwarded (chunks are about half of it), ms. */
  chunkMs?: number;
  /** Receives PCM as it starts playing (never after a clear, never while paused). */
  onChunk?: (chunk: PcmChunk) => void;
  /** Playback was cut short: whatever the listener queued must stop sounding now. */
  onClear?: () => void;
  label?: string;
}

interface Segment {
  /** Frames pushed but not forwarded yet, and the segment offset (ms) of the first of them. */
  frames: AudioFrame[];
  framesStartMs: number;
  pushedMs: number;
  flushed: boolean;
  started: boolean;
}

/** The clock's instant without the VirtualClock's per-read microsecond step. */
function instantOf(clock: Clock): number {
  const v = (clock as { instantMs?: unknown }).instantMs;
  return typeof v === 'number' ? v : clock.now();
}

export class PacedAudioOutput extends AudioOutput {
  private readonly queue: Segment[] = [];
  private writing: Segment | null = null;
  /** Frames of a segment cleared before its flush are dropped, as real speakers would. */
  private discarding = false;
  private paused = false;
  private anchorTime = 0;
  private anchorPos = 0;
  private finishTimer: TimerHandle | null = null;
  private tickTimer: TimerHandle | null = null;
  private disposed = false;
  private readonly chunkMs: number;

  constructor(
    private readonly clock: Clock,
    private readonly opts: PacedAudioOutputOptions = {},
  ) {
    super(opts.label ?? 'studio.PacedAudioOutput', { pause: opts.canPause ?? true });
    this.chunkMs = opts.chunkMs ?? 100;
    if (!(this.chunkMs > 0)) throw new RangeError(`chunkMs must be positive (got ${this.chunkMs})`);
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

  /** True while a segment is queued or a timer is armed (false after close: the leak check). */
  get busy(): boolean {
    return this.queue.length > 0 || this.finishTimer !== null || this.tickTimer !== null;
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (this.discarding || this.disposed) return;
    if (!this.writing) {
      this.writing = { frames: [], framesStartMs: 0, pushedMs: 0, flushed: false, started: false };
      this.queue.push(this.writing);
    }
    const seg = this.writing;
    // Re-anchoring keeps the position continuous across an underrun (position stalled at pushed).
    if (seg === this.queue[0] && seg.started && !this.paused) this.reanchor();
    if (seg.frames.length === 0) seg.framesStartMs = seg.pushedMs;
    seg.frames.push(frame);
    seg.pushedMs += frameDurationMs(frame);
    if (seg === this.queue[0] && !seg.started && !this.paused) this.startHead();
    else if (seg === this.queue[0] && seg.started && !this.paused) this.forwardDue();
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
    this.opts.onClear?.();
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
      this.forwardDue();
    } else if (head && head.pushedMs > 0) this.startHead();
    this.reschedule();
  }

  /** Drops everything queued and every timer; the output plays nothing more. */
  override dispose(): void {
    this.disposed = true;
    this.finishTimer?.cancel();
    this.finishTimer = null;
    this.tickTimer?.cancel();
    this.tickTimer = null;
    this.queue.length = 0;
    this.writing = null;
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
    this.onPlaybackStarted({ createdAt: this.clock.now() });
    this.forwardDue();
  }

  private finishHead(positionMs: number, interrupted: boolean, startNext = true): void {
    const head = this.queue.shift();
    if (head && !interrupted) this.forward(head, Infinity);
    this.onPlaybackFinished({ playbackPositionMs: positionMs, interrupted, synchronizedTranscript: null });
    const next = this.queue[0];
    if (startNext && next && next.pushedMs > 0 && !this.paused) this.startHead();
  }

  /** Forwards the head's PCM up to one chunk ahead of the played position. */
  private forwardDue(): void {
    const head = this.queue[0];
    if (!head?.started || this.paused) return;
    this.forward(head, this.positionMs + this.chunkMs);
  }

  /** Sends the segment's frames that start before `untilMs`, merged into ~chunkMs chunks. */
  private forward(seg: Segment, untilMs: number): void {
    while (seg.frames.length > 0 && seg.framesStartMs < untilMs) {
      const first = seg.frames[0];
      const parts: AudioFrame[] = [];
      let durationMs = 0;
      while (seg.frames.length > 0 && seg.framesStartMs < untilMs && durationMs < this.chunkMs) {
        const f = seg.frames[0];
        if (f.sampleRate !== first.sampleRate || f.channels !== first.channels) break;
        seg.frames.shift();
        const d = frameDurationMs(f);
        seg.framesStartMs += d;
        durationMs += d;
        parts.push(f);
      }
      this.emitChunk(first.sampleRate, first.channels, parts);
    }
  }

  private emitChunk(sampleRate: number, channels: number, parts: AudioFrame[]): void {
    if (!this.opts.onChunk || parts.length === 0) return;
    const total = parts.reduce((n, p) => n + p.data.length, 0);
    const data = new Int16Array(total);
    let at = 0;
    for (const p of parts) {
      data.set(p.data, at);
      at += p.data.length;
    }
    this.opts.onChunk({ sampleRate, channels, data });
  }

  /**
   * Arms the finish timer of a flushed head (re-armed on every change: the position moved) and
   * keeps one forwarding tick while a playing head has PCM left to send.
   */
  private reschedule(): void {
    this.finishTimer?.cancel();
    this.finishTimer = null;
    const head = this.queue[0];
    const playing = head?.started === true && !this.paused && !this.disposed;
    if (!playing || head.frames.length === 0) {
      this.tickTimer?.cancel();
      this.tickTimer = null;
    } else {
      this.tickTimer ??= this.clock.setTimer(() => {
        this.tickTimer = null;
        this.forwardDue();
        this.reschedule();
      }, this.chunkMs / 2);
    }
    if (!playing || !head.flushed) return;
    const remaining = Math.max(0, head.pushedMs - this.positionMs);
    this.finishTimer = this.clock.setTimer(() => {
      this.finishTimer = null;
      this.finishHead(head.pushedMs, false);
      this.reschedule();
    }, remaining);
  }
}

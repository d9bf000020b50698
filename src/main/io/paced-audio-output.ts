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
import { PacedPlayback, type PacedSegment } from '../engine/voice/paced-playback';

/** PCM that just started playing; `data` is interleaved PCM16. */
export interface PcmChunk {
  sampleRate: number;
  channels: number;
  data: Int16Array;
  /** Session-clock time (ms, the events' `t`) at which its first sample plays. */
  tMs: number;
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

interface Segment extends PacedSegment {
  /** Frames pushed but not forwarded yet, and the segment offset (ms) of the first of them. */
  frames: AudioFrame[];
  framesStartMs: number;
}

export class PacedAudioOutput extends PacedPlayback<Segment> {
  private tickTimer: TimerHandle | null = null;
  private disposed = false;
  private readonly taps = new Set<(chunk: PcmChunk) => void>();
  private readonly chunkMs: number;

  constructor(
    clock: Clock,
    private readonly opts: PacedAudioOutputOptions = {},
  ) {
    super(clock, opts.label ?? 'studio.PacedAudioOutput', opts.canPause ?? true);
    this.chunkMs = opts.chunkMs ?? 100;
    if (!(this.chunkMs > 0)) throw new RangeError(`chunkMs must be positive (got ${this.chunkMs})`);
  }

  /** True while a segment is queued or a timer is armed (false after close: the leak check). */
  get busy(): boolean {
    return this.queue.length > 0 || this.hasFinishTimer || this.tickTimer !== null;
  }

  /** Drops everything queued and every timer; the output plays nothing more. */
  override dispose(): void {
    this.disposed = true;
    this.tickTimer?.cancel();
    this.tickTimer = null;
    this.queue.length = 0;
    this.writing = null;
    super.dispose();
  }

  protected override get closedToFrames(): boolean {
    return this.disposed;
  }

  protected newSegment(): Segment {
    return { frames: [], framesStartMs: 0, pushedMs: 0, flushed: false, started: false };
  }

  protected override storeFrame(seg: Segment, frame: AudioFrame): void {
    if (seg.frames.length === 0) seg.framesStartMs = seg.pushedMs;
    seg.frames.push(frame);
  }

  protected override framePlaying(): void {
    this.forwardDue();
  }

  protected override didStart(): void {
    this.forwardDue();
  }

  protected override resumedPlaying(): void {
    this.forwardDue();
  }

  protected override cleared(): void {
    this.opts.onClear?.();
  }

  protected override willFinish(seg: Segment | undefined, _positionMs: number, interrupted: boolean): void {
    if (seg && !interrupted) this.forward(seg, Infinity);
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
      // The head plays at the clock's now minus its position; the chunk starts where it sits in it.
      const tMs = this.clock.now() - this.positionMs + seg.framesStartMs;
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
      this.emitChunk(first.sampleRate, first.channels, parts, tMs);
    }
  }

  /**
   * Also hands every chunk, as it starts playing, to `listener` (the recorder); returns the
   * unsubscribe function. Whatever else receives the chunks (renderer, room) is unaffected.
   */
  tap(listener: (chunk: PcmChunk) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  private emitChunk(sampleRate: number, channels: number, parts: AudioFrame[], tMs: number): void {
    if ((!this.opts.onChunk && this.taps.size === 0) || parts.length === 0) return;
    const total = parts.reduce((n, p) => n + p.data.length, 0);
    const data = new Int16Array(total);
    let at = 0;
    for (const p of parts) {
      data.set(p.data, at);
      at += p.data.length;
    }
    const chunk = { sampleRate, channels, data, tMs };
    this.opts.onChunk?.(chunk);
    for (const tap of [...this.taps]) tap(chunk);
  }

  /**
   * Keeps one forwarding tick while a playing head has PCM left to send (armed before the
   * finish timer, so a tick due with the finish runs first), then re-arms the finish timer.
   */
  protected override reschedule(): void {
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
    super.reschedule();
  }
}

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
 *
 * Taps (the recorder) get only what was played: forwarded PCM is held until the played position
 * passes it, and what a clear or dispose cuts off is dropped, never handed on.
 */
import {
  type AudioFrame,
  type Clock,
  frameDurationMs,
  instantOf,
  PacedPlayback,
  type PacedSegment,
  type TimerHandle,
} from '../engine';

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

/** Forwarded PCM not yet played, held for the taps; `segStartMs` is where it sits in its segment. */
interface HeldChunk extends PcmChunk {
  segStartMs: number;
  durationMs: number;
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
  /** Forwarded chunks of the head segment that the taps get once they have played, in order. */
  private held: HeldChunk[] = [];
  /** Clock time (ms) of the pause that held chunks are waiting out. */
  private pausedAtMs: number | null = null;
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
    // What had played by now reaches the taps; the rest never sounded.
    this.cutHeld(this.positionMs);
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
    // Called before the head finishes, so the position is still the cut segment's.
    this.cutHeld(this.positionMs);
    this.opts.onClear?.();
  }

  protected override willFinish(seg: Segment | undefined, positionMs: number, interrupted: boolean): void {
    if (!seg || interrupted) return;
    // Played to its end: whatever was left to forward, and everything held, has sounded.
    this.forward(seg, Infinity, positionMs);
    this.releaseHeld(Infinity);
  }

  override pause(): void {
    const willPause = this.canPause && !this.paused;
    // What played up to the pause keeps its times; the rest plays (and is timed) after resume.
    if (willPause && this.queue[0]?.started) this.releaseHeld(this.positionMs);
    super.pause();
    if (willPause) this.pausedAtMs = instantOf(this.clock);
  }

  override resume(): void {
    const pausedAt = this.pausedAtMs;
    this.pausedAtMs = null;
    if (pausedAt !== null) {
      const shift = instantOf(this.clock) - pausedAt;
      for (const h of this.held) h.tMs += shift;
    }
    super.resume();
  }

  /** Forwards the head's PCM up to one chunk ahead of the played position. */
  private forwardDue(): void {
    const head = this.queue[0];
    if (!head?.started || this.paused) return;
    this.releaseHeld(this.positionMs);
    this.forward(head, this.positionMs + this.chunkMs);
  }

  /**
   * Sends the segment's frames that start before `untilMs`, merged into ~chunkMs chunks;
   * `positionMs` is the segment's played position now.
   */
  private forward(seg: Segment, untilMs: number, positionMs = this.positionMs): void {
    while (seg.frames.length > 0 && seg.framesStartMs < untilMs) {
      const first = seg.frames[0];
      // The head plays at the clock's now minus its position; the chunk starts where it sits in it.
      const tMs = this.clock.now() - positionMs + seg.framesStartMs;
      const segStartMs = seg.framesStartMs;
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
      this.emitChunk(first.sampleRate, first.channels, parts, tMs, segStartMs, durationMs);
    }
  }

  /**
   * Also hands the PCM to `listener` (the recorder) once it has played — the part before the
   * position a clear or dispose cut it at, never the rest; returns the unsubscribe function.
   * Whatever else receives the chunks ahead of time (renderer, room) is unaffected.
   */
  tap(listener: (chunk: PcmChunk) => void): () => void {
    this.taps.add(listener);
    return () => this.taps.delete(listener);
  }

  private emitChunk(
    sampleRate: number,
    channels: number,
    parts: AudioFrame[],
    tMs: number,
    segStartMs: number,
    durationMs: number,
  ): void {
    if ((!this.opts.onChunk && this.taps.size === 0) || parts.length === 0) return;
    const total = parts.reduce((n, p) => n + p.data.length, 0);
    const data = new Int16Array(total);
    let at = 0;
    for (const p of parts) {
      data.set(p.data, at);
      at += p.data.length;
    }
    this.opts.onChunk?.({ sampleRate, channels, data, tMs });
    if (this.taps.size > 0) this.held.push({ sampleRate, channels, data, tMs, segStartMs, durationMs });
  }

  /** Hands the taps the held PCM that sits before `positionMs` in the head segment (splitting a chunk). */
  private releaseHeld(positionMs: number): void {
    while (this.held.length > 0) {
      const h = this.held[0];
      const frames = h.data.length / h.channels;
      const playedMs = positionMs - h.segStartMs;
      // Whole frames played (a position on a chunk's edge may be off by float rounding).
      const keep = playedMs >= h.durationMs ? frames : Math.round((playedMs * h.sampleRate) / 1000);
      if (keep <= 0) return;
      if (keep >= frames) {
        this.held.shift();
        this.toTaps(h);
        continue;
      }
      const keptMs = (keep * 1000) / h.sampleRate;
      this.toTaps({ ...h, data: h.data.subarray(0, keep * h.channels) });
      this.held[0] = {
        ...h,
        data: h.data.subarray(keep * h.channels),
        tMs: h.tMs + keptMs,
        segStartMs: h.segStartMs + keptMs,
        durationMs: h.durationMs - keptMs,
      };
      return;
    }
  }

  /** Playback stopped at `positionMs`: the taps get what played before it; the rest is dropped. */
  private cutHeld(positionMs: number): void {
    this.releaseHeld(positionMs);
    this.held = [];
    this.pausedAtMs = null;
  }

  private toTaps(h: PcmChunk): void {
    const chunk = { sampleRate: h.sampleRate, channels: h.channels, data: h.data, tMs: h.tMs };
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

/**
 * The local microphone as the engine hears it: an AudioInput fed by the renderer's `pushAudio`
 * chunks. The renderer captures at its own pace and main consumes at the engine's; when the
 * engine falls behind, the queue keeps only the newest `maxQueuedMs` of audio (stale speech is
 * worth less than current speech in a live conversation) and says so with a warning, at most
 * once per `warnEveryMs`. The input keeps one format for its whole life, because the VAD and the
 * STT streams it feeds are opened at the first frame's rate.
 */
import { type AudioFrame, type AudioInput, frameDurationMs, makeFrame } from '../engine';

export interface RendererMicInputOptions {
  /** How much unconsumed audio may wait, ms; older frames are dropped beyond it. */
  maxQueuedMs?: number;
  /** Clock time in ms, to rate-limit the drop warnings. */
  now: () => number;
  /** A drop or a problem the user should see (a `warning` event in the studio). */
  onWarning(message: string): void;
  /** Minimum time between two drop warnings, ms. */
  warnEveryMs?: number;
  label?: string;
}

/** Why a push was refused; the command answers it as an invalid input. */
export class MicFormatError extends Error {}

export class RendererMicInput implements AudioInput {
  readonly label: string;
  private readonly queue: AudioFrame[] = [];
  private queuedMs = 0;
  private waiter: ((r: IteratorResult<AudioFrame>) => void) | null = null;
  private endedFlag = false;
  private format: { sampleRate: number; channels: number } | null = null;
  private droppedSinceWarning = 0;
  private lastWarningAt: number | null = null;
  private readonly maxQueuedMs: number;
  private readonly warnEveryMs: number;
  /** Frames accepted and frames dropped for lack of room, since the input was made. */
  readonly stats = { received: 0, dropped: 0 };

  constructor(private readonly opts: RendererMicInputOptions) {
    this.label = opts.label ?? 'studio.RendererMicInput';
    this.maxQueuedMs = opts.maxQueuedMs ?? 2000;
    this.warnEveryMs = opts.warnEveryMs ?? 5000;
    if (!(this.maxQueuedMs > 0))
      throw new RangeError(`maxQueuedMs must be positive (got ${this.maxQueuedMs})`);
  }

  get ended(): boolean {
    return this.endedFlag;
  }

  /** Audio waiting for the engine, ms. */
  get bufferedMs(): number {
    return this.queuedMs;
  }

  /**
   * Queues interleaved PCM16 samples; returns false once the input has ended (the chunk is
   * ignored). Throws MicFormatError for a chunk that is not whole frames or changes the format.
   */
  push(data: Int16Array, sampleRate: number, channels: number): boolean {
    if (this.endedFlag) return false;
    if (data.length === 0 || data.length % channels !== 0)
      throw new MicFormatError(
        `a chunk must hold whole frames of ${channels} channel(s); got ${data.length} samples`,
      );
    if (this.format && (this.format.sampleRate !== sampleRate || this.format.channels !== channels))
      throw new MicFormatError(
        `the microphone format changed from ${this.format.sampleRate} Hz × ${this.format.channels} to ${sampleRate} Hz × ${channels}; restart the session`,
      );
    this.format ??= { sampleRate, channels };
    const frame = makeFrame(data, sampleRate, channels);
    this.stats.received += 1;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: frame, done: false });
      return true;
    }
    this.queue.push(frame);
    this.queuedMs += frameDurationMs(frame);
    this.trim();
    return true;
  }

  /** Ends the input: the engine reads what is queued, then the iteration finishes. */
  end(): void {
    if (this.endedFlag) return;
    this.endedFlag = true;
    this.flushWarning();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<AudioFrame> {
    return {
      next: () => this.next(),
      return: async () => {
        this.end();
        this.queue.length = 0;
        this.queuedMs = 0;
        return { value: undefined, done: true };
      },
    };
  }

  private next(): Promise<IteratorResult<AudioFrame>> {
    const frame = this.queue.shift();
    if (frame) {
      this.queuedMs = Math.max(0, this.queuedMs - frameDurationMs(frame));
      return Promise.resolve({ value: frame, done: false });
    }
    if (this.endedFlag) return Promise.resolve({ value: undefined, done: true });
    if (this.waiter) return Promise.reject(new Error('RendererMicInput has a single consumer'));
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Drops the oldest frames beyond the bound (always keeping the newest one). */
  private trim(): void {
    let dropped = 0;
    while (this.queuedMs > this.maxQueuedMs && this.queue.length > 1) {
      const old = this.queue.shift() as AudioFrame;
      this.queuedMs -= frameDurationMs(old);
      dropped += 1;
    }
    if (dropped === 0) return;
    this.stats.dropped += dropped;
    this.droppedSinceWarning += dropped;
    const now = this.opts.now();
    if (this.lastWarningAt === null || now - this.lastWarningAt >= this.warnEveryMs) this.flushWarning(now);
  }

  private flushWarning(now = this.opts.now()): void {
    if (this.droppedSinceWarning === 0) return;
    const n = this.droppedSinceWarning;
    this.droppedSinceWarning = 0;
    this.lastWarningAt = now;
    this.opts.onWarning(
      `microphone: the engine fell behind; dropped the ${n} oldest audio chunk(s) to keep at most ${this.maxQueuedMs} ms queued`,
    );
  }
}

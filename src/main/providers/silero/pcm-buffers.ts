/**
 * The two sample stores a VAD stream needs: a FIFO between frame-sized input and window-sized
 * inference, and the bounded buffer of the current utterance (prefix padding + speech) that
 * start_of_speech and end_of_speech hand out.
 */

type Samples = Int16Array | Float32Array;

/** A growable FIFO of samples; one copy in, one copy out, amortised compaction. */
export class SampleQueue<T extends Samples> {
  private buf: T;
  private start = 0;
  private end = 0;

  constructor(private readonly make: (n: number) => T) {
    this.buf = make(4096);
  }

  get length(): number {
    return this.end - this.start;
  }

  push(samples: T): void {
    if (this.end + samples.length > this.buf.length) {
      const live = this.length;
      if (live + samples.length <= this.buf.length / 2) {
        this.buf.copyWithin(0, this.start, this.end);
      } else {
        const bigger = this.make(Math.max(this.buf.length * 2, live + samples.length));
        bigger.set(this.buf.subarray(this.start, this.end));
        this.buf = bigger;
      }
      this.start = 0;
      this.end = live;
    }
    this.buf.set(samples, this.end);
    this.end += samples.length;
  }

  /** Removes and returns (a copy of) the first `n` samples, or fewer if fewer are queued. */
  take(n: number): T {
    return this.takeView(n).slice() as T;
  }

  /**
   * Removes the first `n` samples (or fewer) and returns them without copying: a view that stays
   * valid only until the next push, for a consumer that copies them at once (a model input).
   */
  takeView(n: number): T {
    const count = Math.max(0, Math.min(n, this.length));
    const out = this.buf.subarray(this.start, this.start + count) as T;
    this.start += count;
    if (this.start === this.end) this.start = this.end = 0;
    return out;
  }
}

/**
 * The utterance being heard. While the user is silent only the last `prefixSamples` are kept, so
 * a start_of_speech carries the audio just before the detector became sure; while speaking it
 * grows up to `capacity` and then drops further audio (upstream's max_buffered_speech).
 */
export class SpeechBuffer {
  private buf: Int16Array;
  private size = 0;
  private full = false;

  constructor(
    capacity: number,
    private prefixSamples: number,
  ) {
    this.buf = new Int16Array(Math.max(capacity, prefixSamples));
  }

  get length(): number {
    return this.size;
  }

  /** Appends what fits; returns true only the first time audio had to be dropped. */
  append(samples: Int16Array): boolean {
    const room = this.buf.length - this.size;
    const n = Math.min(room, samples.length);
    this.buf.set(samples.subarray(0, n), this.size);
    this.size += n;
    if (n < samples.length && !this.full) {
      this.full = true;
      return true;
    }
    return false;
  }

  /** Forgets all but the last `prefixSamples` (the padding for the next utterance). */
  keepPrefix(): void {
    if (this.size <= this.prefixSamples) return;
    this.buf.copyWithin(0, this.size - this.prefixSamples, this.size);
    this.size = this.prefixSamples;
    this.full = false;
  }

  snapshot(): Int16Array {
    return this.buf.slice(0, this.size);
  }

  /**
   * Applies new limits. Shrinking keeps the start of the utterance (as upstream), so what was
   * said first is never replaced by what came later; growing lets a truncated utterance resume.
   */
  resize(capacity: number, prefixSamples: number): void {
    const cap = Math.max(capacity, prefixSamples);
    this.prefixSamples = prefixSamples;
    if (cap === this.buf.length) return;
    const next = new Int16Array(cap);
    const keep = Math.min(this.size, cap);
    next.set(this.buf.subarray(0, keep));
    if (cap > this.buf.length) this.full = false;
    this.buf = next;
    this.size = keep;
  }
}

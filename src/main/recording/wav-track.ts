/**
 * Places audio chunks on the event clock (docs/recording-format.md, "Clocks and alignment").
 * The track's sample rate and `offsetMs` are set by its first chunk; sample n of the track plays
 * at offsetMs + n * 1000 / sampleRate. A chunk that arrives later than the track's end is
 * preceded by silence up to its time; one that overlaps what is already written loses its
 * overlapping head (counted, so the writer can say so) — the track never slides off the clock.
 * Differences up to 1 ms are rounding (frames of 220.5 samples at 22.05 kHz) and are appended
 * as they are. Multi-channel chunks are averaged to mono; a chunk at another rate is converted
 * to the track's rate with the project's streaming resampler (linear, keeps its phase between
 * the contiguous chunks of one source).
 */
import { LinearResampler } from '../engine';
import type { PcmChunk } from './api';

export interface TrackStart {
  sampleRate: number;
  offsetMs: number;
}

export class TrackAligner {
  start: TrackStart | null = null;
  /** Samples placed so far (written or queued). */
  samples = 0;
  /** Samples dropped because they overlapped audio already placed. */
  droppedSamples = 0;
  private resampler: LinearResampler | null = null;
  /** Event time where the previous chunk ended, to tell contiguous chunks from gaps. */
  private lastEndMs: number | null = null;

  /**
   * Returns the sample runs to append (silence first, then the chunk), or a reason the chunk
   * cannot be placed (bad rate or shape); `started` is true for the chunk that started the track.
   */
  place(tMs: number, chunk: PcmChunk): { runs: Int16Array[]; started: boolean } | { refused: string } {
    const { sampleRate, channels, data } = chunk;
    if (!Number.isFinite(tMs)) return { refused: `time ${tMs} is not a number` };
    if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate > 192_000)
      return { refused: `sample rate ${sampleRate} Hz is outside 8,000-192,000` };
    if (!Number.isInteger(channels) || channels < 1 || data.length % channels !== 0)
      return { refused: `${data.length} samples do not make whole frames of ${channels} channels` };
    let started = false;
    if (!this.start) {
      this.start = { sampleRate, offsetMs: tMs };
      started = true;
    }
    const rate = this.start.sampleRate;
    const frames = data.length / channels;
    const srcDurationMs = (frames * 1000) / sampleRate;
    const contiguous = this.lastEndMs !== null && Math.abs(tMs - this.lastEndMs) <= 1;
    this.lastEndMs = tMs + srcDurationMs;

    let mono = channels === 1 ? data : downmix(data, channels);
    if (sampleRate !== rate) {
      if (!contiguous || !this.resampler || this.resampler.inputRate !== sampleRate)
        this.resampler = new LinearResampler(sampleRate, rate);
      mono = this.resampler.pushSamples(mono);
    } else {
      this.resampler = null;
    }

    const runs: Int16Array[] = [];
    const target = Math.round(((tMs - this.start.offsetMs) * rate) / 1000);
    const gap = target - this.samples;
    const tolerance = Math.ceil(rate / 1000);
    if (gap > tolerance) {
      for (let left = gap; left > 0;) {
        const n = Math.min(left, rate);
        runs.push(new Int16Array(n));
        left -= n;
      }
      this.samples += gap;
    } else if (gap < -tolerance) {
      const drop = Math.min(-gap, mono.length);
      this.droppedSamples += drop;
      mono = mono.subarray(drop);
    }
    if (mono.length > 0) {
      // Copied: the caller may reuse its buffer before the write happens.
      runs.push(mono.buffer === data.buffer ? mono.slice() : mono);
      this.samples += mono.length;
    }
    return { runs, started };
  }
}

function downmix(data: Int16Array, channels: number): Int16Array {
  const frames = data.length / channels;
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data[f * channels + c];
    out[f] = Math.round(sum / channels);
  }
  return out;
}

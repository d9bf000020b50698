/**
 * Incremental WAV reader for audio that arrives from a child process. A speech engine writing WAV
 * to a pipe cannot seek back to fill in the sizes, so espeak-ng writes a placeholder length
 * (0x7ffff000) in both the RIFF and data headers: the data chunk is therefore read until the
 * stream ends, and the header may be split across pipe reads at any byte. Samples can be split
 * too (a read may end in the middle of a 16-bit sample or of a stereo sample pair), so partial
 * bytes are carried into the next push instead of being dropped or misaligned.
 */

import { pcmHeaderProblem, readFmtChunk } from '../../io/wav-format';

export interface WavFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: 16;
}

export class WavFormatError extends Error {
  constructor(message: string) {
    super(`invalid WAV stream: ${message}`);
    this.name = 'WavFormatError';
  }
}

const WAVE_FORMAT_PCM = 1;
const MAX_FMT_BYTES = 1024;
/**
 * Declared data sizes at or above this are placeholders written by streaming encoders (espeak-ng
 * uses 0x7ffff000, others 0xffffffff); 0 is what some encoders write before they know. Such a
 * data chunk runs to the end of the stream. Real sizes below it are honoured, so a trailing
 * chunk after the samples (LIST, id3) is never played as noise.
 */
const UNKNOWN_SIZE_THRESHOLD = 0x7fff0000;

type State =
  | { kind: 'riff' }
  | { kind: 'chunk-header' }
  | { kind: 'fmt'; size: number }
  | { kind: 'skip'; remaining: number }
  | { kind: 'data'; remaining: number | null }
  | { kind: 'done' };

export class WavStreamParser {
  private state: State = { kind: 'riff' };
  private pending: Buffer = Buffer.alloc(0);
  private fmt: WavFormat | null = null;
  private totalBytes = 0;

  /** The format, once the fmt chunk has been read. */
  get format(): WavFormat | null {
    return this.fmt;
  }

  /** True once the data chunk has started (samples may follow). */
  get inData(): boolean {
    return this.state.kind === 'data' || this.state.kind === 'done';
  }

  /** Bytes received so far, header included (for error messages). */
  get bytesReceived(): number {
    return this.totalBytes;
  }

  /**
   * Feeds bytes; returns the interleaved samples that became complete (possibly none). Throws
   * WavFormatError for a stream that is not 16-bit PCM WAV.
   */
  push(chunk: Uint8Array): Int16Array {
    this.totalBytes += chunk.length;
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const progressed = this.step();
      if (!progressed) break;
    }
    if (this.state.kind !== 'data') return new Int16Array(0);
    return this.takeSamples();
  }

  /**
   * Ends the stream. Throws if it ended before any sample could be read (a truncated header);
   * a dangling half sample at the very end is dropped, as every player does.
   */
  end(): void {
    if (this.state.kind === 'data' || this.state.kind === 'done') return;
    if (this.totalBytes === 0) throw new WavFormatError('the stream was empty');
    throw new WavFormatError(`the stream ended inside the header (after ${this.totalBytes} bytes)`);
  }

  /** Advances the header state machine by one step; false when more bytes are needed. */
  private step(): boolean {
    const s = this.state;
    switch (s.kind) {
      case 'riff': {
        if (this.pending.length < 12) return false;
        const riff = this.pending.toString('latin1', 0, 4);
        const wave = this.pending.toString('latin1', 8, 12);
        if (riff !== 'RIFF' || wave !== 'WAVE') {
          throw new WavFormatError(`expected a RIFF/WAVE header, got ${JSON.stringify(riff + '…' + wave)}`);
        }
        this.consume(12);
        this.state = { kind: 'chunk-header' };
        return true;
      }
      case 'chunk-header': {
        if (this.pending.length < 8) return false;
        const id = this.pending.toString('latin1', 0, 4);
        const size = this.pending.readUInt32LE(4);
        this.consume(8);
        if (id === 'fmt ') {
          // A fmt chunk is 16 to 40 bytes; a huge size would buffer the whole stream waiting for it.
          if (size > MAX_FMT_BYTES)
            throw new WavFormatError(`fmt chunk of ${size} bytes (at most ${MAX_FMT_BYTES} are read)`);
          this.state = { kind: 'fmt', size };
        } else if (id === 'data') {
          if (!this.fmt) throw new WavFormatError('data chunk before the fmt chunk');
          const unknown = size === 0 || size >= UNKNOWN_SIZE_THRESHOLD;
          this.state = { kind: 'data', remaining: unknown ? null : size };
        } else {
          // RIFF chunks are padded to an even length.
          this.state = { kind: 'skip', remaining: size + (size % 2) };
        }
        return true;
      }
      case 'fmt': {
        const padded = s.size + (s.size % 2);
        if (this.pending.length < padded) return false;
        this.fmt = parseFmt(this.pending.subarray(0, s.size));
        this.consume(padded);
        this.state = { kind: 'chunk-header' };
        return true;
      }
      case 'skip': {
        const n = Math.min(s.remaining, this.pending.length);
        this.consume(n);
        s.remaining -= n;
        if (s.remaining > 0) return false;
        this.state = { kind: 'chunk-header' };
        return true;
      }
      case 'data':
      case 'done':
        return false;
    }
  }

  private takeSamples(): Int16Array {
    const s = this.state as Extract<State, { kind: 'data' }>;
    const fmt = this.fmt as WavFormat;
    const blockAlign = 2 * fmt.channels;
    let available = this.pending.length;
    if (s.remaining !== null) available = Math.min(available, s.remaining);
    const usable = available - (available % blockAlign);
    const out = new Int16Array(usable / 2);
    for (let i = 0; i < out.length; i++) out[i] = this.pending.readInt16LE(i * 2);
    if (s.remaining !== null) {
      s.remaining -= usable;
      // A declared size that is not a whole number of blocks leaves a stub nobody can play.
      if (s.remaining < blockAlign) {
        this.state = { kind: 'done' };
        this.pending = Buffer.alloc(0);
        return out;
      }
    }
    this.consume(usable);
    return out;
  }

  private consume(n: number): void {
    this.pending = this.pending.subarray(n);
  }
}

function parseFmt(b: Buffer): WavFormat {
  const fmt = readFmtChunk(b);
  if (typeof fmt === 'string') throw new WavFormatError(fmt);
  if (fmt.formatCode !== WAVE_FORMAT_PCM) throw new WavFormatError(`format ${fmt.formatCode} is not PCM`);
  if (fmt.bitsPerSample !== 16)
    throw new WavFormatError(`${fmt.bitsPerSample}-bit samples (only 16-bit PCM is read)`);
  // The same limits as WAV files: a header of 65,535 channels or 4 GHz is refused, not played.
  const problem = pcmHeaderProblem(fmt);
  if (problem) throw new WavFormatError(problem);
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: 16 };
}

/**
 * Cuts a stream of interleaved samples into frames of a fixed duration, so the engine receives
 * evenly sized frames however the pipe happened to split the bytes.
 */
export class FrameChunker {
  private buf: Int16Array;
  private filled = 0;

  constructor(private readonly samplesPerFrame: number) {
    if (!Number.isInteger(samplesPerFrame) || samplesPerFrame < 1) {
      throw new RangeError(`samplesPerFrame must be a positive integer (got ${samplesPerFrame})`);
    }
    this.buf = new Int16Array(samplesPerFrame);
  }

  /** Returns the full frames the new samples complete. */
  push(samples: Int16Array): Int16Array[] {
    const frames: Int16Array[] = [];
    let offset = 0;
    while (offset < samples.length) {
      const n = Math.min(this.samplesPerFrame - this.filled, samples.length - offset);
      this.buf.set(samples.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.samplesPerFrame) {
        frames.push(this.buf);
        this.buf = new Int16Array(this.samplesPerFrame);
        this.filled = 0;
      }
    }
    return frames;
  }

  /** The last, shorter frame (null if nothing is buffered). */
  flush(): Int16Array | null {
    if (this.filled === 0) return null;
    const last = this.buf.slice(0, this.filled);
    this.filled = 0;
    return last;
  }
}

/**
 * Raw little-endian PCM16 bytes, as they come off an HTTP body, → fixed-size AudioFrames. Chunk
 * boundaries fall anywhere, including in the middle of a sample, so bytes are carried over until
 * a whole frame is there; the frame size is fixed so the audio output gets an even pace.
 */
import { type AudioFrame, makeFrame } from '../../engine';

export class PcmFramer {
  private readonly frameBytes: number;
  private buf: Uint8Array;
  private used = 0;

  constructor(
    private readonly sampleRate: number,
    private readonly channels: number,
    frameMs: number,
  ) {
    const samples = Math.round((sampleRate * frameMs) / 1000);
    this.frameBytes = samples * channels * 2;
    this.buf = new Uint8Array(this.frameBytes);
  }

  /** Frames completed by this chunk (possibly none). */
  push(chunk: Uint8Array): AudioFrame[] {
    const out: AudioFrame[] = [];
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(this.frameBytes - this.used, chunk.length - off);
      this.buf.set(chunk.subarray(off, off + n), this.used);
      this.used += n;
      off += n;
      if (this.used === this.frameBytes) {
        out.push(this.toFrame(this.frameBytes));
        this.used = 0;
      }
    }
    return out;
  }

  /** The last, shorter frame; a dangling odd byte (half a sample) is dropped. */
  flush(): AudioFrame | null {
    const whole = this.used - (this.used % (2 * this.channels));
    this.used = 0;
    return whole > 0 ? this.toFrame(whole) : null;
  }

  private toFrame(bytes: number): AudioFrame {
    const data = new Int16Array(bytes / 2);
    const view = new DataView(this.buf.buffer, this.buf.byteOffset, bytes);
    for (let i = 0; i < data.length; i++) data[i] = view.getInt16(i * 2, true);
    return makeFrame(data, this.sampleRate, this.channels);
  }
}

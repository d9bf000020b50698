/**
 * PCM16 WAV files as recordings hold them: a canonical 44-byte header written with placeholder
 * sizes when a track starts, samples appended as they come, sizes patched at close. A reader
 * that finds sizes that do not match the file (a crash before the patch) repairs them in place:
 * the data size is what the file holds, in whole frames.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { RecordingError } from './errors';
import { errorText } from '../engine';

export const WAV_HEADER_BYTES = 44;
/** Offsets of the two sizes patched at close. */
const RIFF_SIZE_AT = 4;
const DATA_SIZE_AT = 40;

export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), RIFF_SIZE_AT);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(Math.min(0xffffffff, dataBytes), DATA_SIZE_AT);
  return h;
}

/** Writes the true sizes into a header written with placeholders (the file is open for writing). */
export async function patchWavSizes(fh: FileHandle, dataBytes: number): Promise<void> {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 0);
  await fh.write(b, 0, 4, RIFF_SIZE_AT);
  b.writeUInt32LE(Math.min(0xffffffff, dataBytes), 0);
  await fh.write(b, 0, 4, DATA_SIZE_AT);
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  /** Byte offset of the first sample. */
  dataStart: number;
  /** Whole frames the file holds. */
  frames: number;
  /** Set when the header's sizes were wrong: what was done about it. */
  repaired: string | null;
}

/**
 * Reads a PCM16 WAV's header; if its sizes do not match the file, rewrites them (whole frames).
 * Throws a RecordingError naming the file when it is not a PCM16 WAV.
 */
export async function openWav(file: string, repair: boolean): Promise<WavInfo> {
  let fh: FileHandle;
  try {
    fh = await open(file, repair ? 'r+' : 'r');
  } catch (err) {
    if (repair && (err as NodeJS.ErrnoException).code === 'EACCES') return openWav(file, false);
    throw new RecordingError('failed', `${file}: cannot be opened (${errorText(err)})`);
  }
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    const bad = (why: string) => new RecordingError('failed', `${file}: not a PCM16 WAV file (${why})`);
    if (
      head.length < 12 ||
      head.toString('ascii', 0, 4) !== 'RIFF' ||
      head.toString('ascii', 8, 12) !== 'WAVE'
    )
      throw bad('no RIFF/WAVE header');
    let at = 12;
    let fmt: { channels: number; sampleRate: number; bits: number; format: number } | null = null;
    while (at + 8 <= head.length) {
      const id = head.toString('ascii', at, at + 4);
      const len = head.readUInt32LE(at + 4);
      if (id === 'fmt ') {
        if (len < 16 || at + 24 > head.length) throw bad('fmt chunk too short');
        fmt = {
          format: head.readUInt16LE(at + 8),
          channels: head.readUInt16LE(at + 10),
          sampleRate: head.readUInt32LE(at + 12),
          bits: head.readUInt16LE(at + 22),
        };
      } else if (id === 'data') {
        if (!fmt) throw bad('data chunk before fmt chunk');
        if (fmt.format !== 1 || fmt.bits !== 16) throw bad(`format ${fmt.format}, ${fmt.bits} bits`);
        if (fmt.channels < 1 || fmt.channels > 2) throw bad(`${fmt.channels} channels`);
        if (fmt.sampleRate < 1 || fmt.sampleRate > 192_000) throw bad(`sample rate ${fmt.sampleRate}`);
        const dataStart = at + 8;
        const block = fmt.channels * 2;
        const frames = Math.floor(Math.max(0, size - dataStart) / block);
        const dataBytes = frames * block;
        let repaired: string | null = null;
        const riffSize = head.readUInt32LE(RIFF_SIZE_AT);
        const wantRiff = dataStart + dataBytes - 8;
        if (len !== dataBytes || riffSize !== wantRiff) {
          const what = `header said ${len} data bytes, the file holds ${dataBytes}`;
          if (!repair || dataBytes > 0xffffffff - dataStart) {
            repaired = `${file}: ${what}; read as ${frames} frames (header left as is: ${repair ? 'too large' : 'file not writable'})`;
          } else {
            const b = Buffer.alloc(4);
            b.writeUInt32LE(wantRiff, 0);
            await fh.write(b, 0, 4, RIFF_SIZE_AT);
            b.writeUInt32LE(dataBytes, 0);
            await fh.write(b, 0, 4, at + 4);
            repaired = `${file}: header repaired (${what}, as after a crash)`;
          }
        }
        return { sampleRate: fmt.sampleRate, channels: fmt.channels, dataStart, frames, repaired };
      }
      at += 8 + len + (len % 2);
    }
    throw bad('no data chunk in the first 4 KB');
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError('failed', `${file}: unreadable (${errorText(err)})`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Reads whole frames [fromFrame, fromFrame + frames) of an opened WAV's data. */
export async function readWavFrames(
  file: string,
  info: WavInfo,
  fromFrame: number,
  frames: number,
): Promise<Int16Array> {
  const block = info.channels * 2;
  const out = new Int16Array(frames * info.channels);
  if (frames === 0) return out;
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw new RecordingError('failed', `${file}: cannot be opened (${errorText(err)})`);
  }
  try {
    const buf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    const { bytesRead } = await fh.read(buf, 0, buf.length, info.dataStart + fromFrame * block);
    // A file shortened since it was opened: what is missing stays silent, never old memory.
    if (bytesRead < buf.length) buf.fill(0, bytesRead);
    if (!littleEndian()) for (let i = 0; i < out.length; i++) out[i] = buf.readInt16LE(i * 2);
    return out;
  } catch (err) {
    throw new RecordingError('failed', `${file}: read failed (${errorText(err)})`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

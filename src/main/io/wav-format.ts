/**
 * What the studio accepts as WAV audio, in one place for every reader (WAV files for the CLI and
 * tests, the local TTS engines' WAV streams that also voice the simulated caller). A header is
 * only numbers: 1 Hz, 65,535 channels or 4 GHz parse fine and then break the resampler, the VAD
 * or an allocation far from the file. They are refused here, naming the value and the range.
 */

/** Lowest and highest sample rates read (telephone band to high-resolution studio audio). */
export const MIN_SAMPLE_RATE = 8_000;
export const MAX_SAMPLE_RATE = 192_000;
/** Channels read (up to 7.1); every consumer downmixes interleaved channels to mono. */
export const MAX_CHANNELS = 8;
/** The engine's audio is PCM16; other depths are refused rather than silently converted. */
export const BITS_PER_SAMPLE = 16;

export interface PcmHeader {
  channels: number;
  sampleRate: number;
  /** Bytes per sample frame as declared by the header, when it declares one. */
  blockAlign?: number;
}

/**
 * The first reason a 16-bit PCM header cannot be read, or null when it can. (Format code and bit
 * depth are each reader's own check: they word the conversion hint differently.)
 */
export function pcmHeaderProblem(h: PcmHeader): string | null {
  if (!Number.isInteger(h.channels) || h.channels < 1 || h.channels > MAX_CHANNELS)
    return `${h.channels} channel(s) is outside the supported 1–${MAX_CHANNELS}`;
  if (!Number.isInteger(h.sampleRate) || h.sampleRate < MIN_SAMPLE_RATE || h.sampleRate > MAX_SAMPLE_RATE)
    return `sample rate ${h.sampleRate} Hz is outside the supported ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz`;
  const expected = h.channels * (BITS_PER_SAMPLE / 8);
  if (h.blockAlign !== undefined && h.blockAlign !== expected)
    return `block align ${h.blockAlign} does not match ${h.channels} channel(s) of 16-bit samples (${expected} bytes); the header is damaged`;
  return null;
}

/** The fields of a WAVE `fmt ` chunk this studio reads. */
export interface FmtFields {
  /** 1 = integer PCM; for WAVE_FORMAT_EXTENSIBLE, the subformat's code. */
  formatCode: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Reads a `fmt ` chunk body; a string says why it cannot be read. */
export function readFmtChunk(b: Uint8Array, littleEndian = true): FmtFields | string {
  if (b.length < 16) return `fmt chunk too short (${b.length} bytes, at least 16 expected)`;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let formatCode = view.getUint16(0, littleEndian);
  // Extensible headers carry the real format in the first field of the subformat GUID.
  if (formatCode === WAVE_FORMAT_EXTENSIBLE && b.length >= 26) formatCode = view.getUint16(24, littleEndian);
  return {
    formatCode,
    channels: view.getUint16(2, littleEndian),
    sampleRate: view.getUint32(4, littleEndian),
    blockAlign: view.getUint16(12, littleEndian),
    bitsPerSample: view.getUint16(14, littleEndian),
  };
}

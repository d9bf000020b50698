/**
 * WAV files in and out, as the engine's PCM16 shape. We accept 16-bit integer PCM (RIFF or RIFX,
 * plain or extensible), because the engine's audio is PCM16 and silently converting a float or
 * 24-bit file would hide a mistake in a fixture or a recording, with a header within the limits
 * of wav-format.ts. Reading is a flat walk over the chunks, bounded by the bytes present: a
 * header that promises more than the file holds is read up to what it holds, with a warning.
 * Writing is left to `wavefile` (MIT, no dependencies).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { errorText } from '../engine';
import { BITS_PER_SAMPLE, pcmHeaderProblem, readFmtChunk } from './wav-format';

// `wavefile` is CommonJS; Node's ESM loader cannot see its named export, Vite's can only through
// its `module` field. Loading it through require behaves the same under tsx, vitest and a bundle.
const require = createRequire(import.meta.url);
const { WaveFile } = require('wavefile') as typeof import('wavefile');

export interface WavAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved signed 16-bit samples. */
  data: Int16Array;
}

/** A decoded file, with what was wrong but could still be read (a truncated data chunk). */
export interface DecodedWav extends WavAudio {
  /** One sentence each, naming the file; empty for a sound file. */
  warnings: string[];
}

/**
 * Every refusal of the WAV readers: `source` is the file (or the name given), `problem` what is
 * wrong with it. No other error escapes decodeWav/readWav, whatever the bytes.
 */
export class WavError extends Error {
  constructor(
    readonly source: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problem}`, options);
    this.name = 'WavError';
  }
}

/** The WAV format codes worth naming in an error; anything else is printed as a number. */
const FORMAT_NAMES: Record<number, string> = {
  1: 'integer PCM',
  2: 'MS ADPCM',
  3: 'IEEE float',
  6: 'A-law',
  7: 'mu-law',
  17: 'IMA ADPCM',
  0xfffe: 'extensible',
};

/**
 * Data sizes that mean "unknown": 0 and the placeholders of encoders that write to a pipe
 * (0x7ffff000 for espeak-ng, 0xffffffff for others). Such a chunk runs to the end of the file.
 */
const UNKNOWN_SIZE_THRESHOLD = 0x7fff0000;

const fourCC = (b: Uint8Array, at: number): string =>
  String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);

interface Layout {
  littleEndian: boolean;
  fmt: Uint8Array | null;
  /** The size the fmt chunk's header declares (more than `fmt.length` in a cut file). */
  fmtDeclared: number;
  data: { start: number; declared: number } | null;
}

/**
 * One flat walk over the RIFF chunks, bounded by the buffer: the `fmt ` body and where the data
 * starts. (wavefile's reader recurses into LIST chunks past their declared end, which costs
 * quadratic time and then the stack on a crafted file, so it only writes files here.)
 */
function chunkLayout(bytes: Uint8Array, name: string): Layout {
  const riff = bytes.length >= 12 ? fourCC(bytes, 0) : '';
  if ((riff !== 'RIFF' && riff !== 'RIFX') || fourCC(bytes, 8) !== 'WAVE') {
    throw new WavError(name, 'not a readable WAV file (expected a RIFF/WAVE header)');
  }
  const littleEndian = riff === 'RIFF';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layout: Layout = { littleEndian, fmt: null, fmtDeclared: 0, data: null };
  let at = 12;
  while (at + 8 <= bytes.length && !layout.data) {
    const id = fourCC(bytes, at);
    const size = view.getUint32(at + 4, littleEndian);
    if (id === 'fmt ' && !layout.fmt) {
      layout.fmt = bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + size));
      layout.fmtDeclared = size;
    }
    // The data chunk may be followed by more chunks, but its size may be a placeholder: stop here.
    if (id === 'data') layout.data = { start: at + 8, declared: size };
    at += 8 + size + (size % 2);
  }
  return layout;
}

/**
 * Decodes a WAV held in memory; `name` is only used in messages. Reads 16-bit integer PCM,
 * 1–8 channels, 8–192 kHz (wav-format.ts); a data chunk cut short is read up to what is present,
 * in whole sample frames, with a warning. Throws WavError for anything it cannot read, and
 * nothing else, whatever the bytes.
 */
export function decodeWav(bytes: Uint8Array, name = 'WAV data'): DecodedWav {
  const { littleEndian, fmt: fmtBytes, fmtDeclared, data: dataChunk } = chunkLayout(bytes, name);
  if (!fmtBytes) throw new WavError(name, 'not a readable WAV file (no "fmt " chunk before the data)');
  if (fmtBytes.length < fmtDeclared)
    throw new WavError(
      name,
      `truncated: the file ends inside its header (fmt chunk: ${fmtBytes.length} of ${fmtDeclared} bytes)`,
    );
  const fmt = readFmtChunk(fmtBytes, littleEndian);
  if (typeof fmt === 'string') throw new WavError(name, `invalid header: ${fmt}`);
  if (fmt.formatCode !== 1 || fmt.bitsPerSample !== BITS_PER_SAMPLE) {
    const what = FORMAT_NAMES[fmt.formatCode] ?? `format code ${fmt.formatCode}`;
    throw new WavError(
      name,
      `expected 16-bit integer PCM, got ${fmt.bitsPerSample}-bit ${what} ` +
        `(${fmt.channels} channel(s), ${fmt.sampleRate} Hz); convert it, e.g. sox IN -b 16 -e signed-integer OUT.wav`,
    );
  }
  const problem = pcmHeaderProblem(fmt);
  if (problem) throw new WavError(name, `invalid header: ${problem}`);
  if (!dataChunk) throw new WavError(name, 'not a readable WAV file (no "data" chunk)');

  const { start, declared } = dataChunk;
  const present = Math.max(0, bytes.length - start);
  const unknownSize = declared === 0 || declared >= UNKNOWN_SIZE_THRESHOLD;
  const frameBytes = fmt.blockAlign;
  const msOf = (n: number): number => Math.round((n / frameBytes / fmt.sampleRate) * 1000);
  const warnings: string[] = [];
  let length = unknownSize ? present : declared;
  if (!unknownSize && declared > present) {
    warnings.push(
      `${name}: truncated: the data chunk declares ${declared} bytes (${msOf(declared)} ms) but the file holds ` +
        `${present} (${msOf(present)} ms); read what is present`,
    );
    length = present;
  }
  const stub = length % frameBytes;
  if (stub !== 0) {
    warnings.push(
      `${name}: the audio ends in a partial sample frame (${stub} of ${frameBytes} bytes), dropped`,
    );
    length -= stub;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, length);
  const data = new Int16Array(length / 2);
  for (let i = 0; i < data.length; i++) data[i] = view.getInt16(i * 2, littleEndian);
  return { sampleRate: fmt.sampleRate, channels: fmt.channels, data, warnings };
}

/** Reads a 16-bit PCM WAV file (see decodeWav); throws WavError naming the file otherwise. */
export function readWav(path: string): DecodedWav {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new WavError(path, `cannot read the file (${errorText(err)})`, { cause: err });
  }
  return decodeWav(bytes, path);
}

/** Encodes interleaved PCM16 as a canonical 44-byte-header RIFF WAV. */
export function encodeWav(audio: WavAudio): Uint8Array {
  if (audio.data.length % audio.channels !== 0) {
    throw new Error(
      `encodeWav: ${audio.data.length} samples is not a multiple of ${audio.channels} channels`,
    );
  }
  const wav = new WaveFile();
  wav.fromScratch(audio.channels, audio.sampleRate, '16', audio.data);
  return wav.toBuffer();
}

export function writeWav(path: string, audio: WavAudio): void {
  writeFileSync(path, encodeWav(audio));
}

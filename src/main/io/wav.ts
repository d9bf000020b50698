/**
 * WAV files in and out, as the engine's PCM16 shape. Parsing is left to `wavefile` (MIT, no
 * dependencies, handles RIFF/RIFX/RF64 and odd chunk layouts) so this module only decides what we
 * accept: 16-bit integer PCM, because the engine's audio is PCM16 and silently converting a float
 * or 24-bit file would hide a mistake in a fixture or a recording.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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

interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Only set for WAVE_FORMAT_EXTENSIBLE: the real format in the subformat GUID's first field. */
  subformat?: number[];
}

/** Decodes a WAV held in memory; `name` is only used in error messages. */
export function decodeWav(bytes: Uint8Array, name = 'WAV data'): WavAudio {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (err) {
    throw new Error(
      `${name}: not a readable WAV file (${err instanceof Error ? err.message : String(err)})`,
      {
        cause: err,
      },
    );
  }
  const fmt = wav.fmt as FmtChunk;
  let format = fmt.audioFormat;
  // Extensible files carry the real format code in the first field of the subformat GUID.
  if (format === 0xfffe && Array.isArray(fmt.subformat) && fmt.subformat.length > 0)
    format = fmt.subformat[0];
  if (format !== 1 || fmt.bitsPerSample !== 16) {
    const what = FORMAT_NAMES[format] ?? `format code ${format}`;
    throw new Error(
      `${name}: expected 16-bit integer PCM, got ${fmt.bitsPerSample}-bit ${what} ` +
        `(${fmt.numChannels} channel(s), ${fmt.sampleRate} Hz); convert it, e.g. sox IN -b 16 -e signed-integer OUT.wav`,
    );
  }
  if (!(fmt.numChannels >= 1) || !(fmt.sampleRate > 0)) {
    throw new Error(`${name}: invalid header (${fmt.numChannels} channel(s), ${fmt.sampleRate} Hz)`);
  }
  const samples = wav.getSamples(true, Int16Array) as unknown as Int16Array;
  return { sampleRate: fmt.sampleRate, channels: fmt.numChannels, data: samples };
}

/** Reads a 16-bit PCM WAV file; throws naming the file and its actual format otherwise. */
export function readWav(path: string): WavAudio {
  return decodeWav(readFileSync(path), path);
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

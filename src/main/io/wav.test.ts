import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, readWav, WavError, writeWav } from './wav';
import { MAX_CHANNELS, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from './wav-format';

const require = createRequire(import.meta.url);
const { WaveFile } = require('wavefile') as typeof import('wavefile');

const dir = mkdtempSync(join(tmpdir(), 'wav-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wav', () => {
  it('round-trips interleaved stereo PCM16 through a file', () => {
    const data = Int16Array.from({ length: 2000 }, (_, i) => ((i * 37) % 65536) - 32768);
    const path = join(dir, 'stereo.wav');
    writeWav(path, { sampleRate: 44100, channels: 2, data });
    const back = readWav(path);
    expect(back.sampleRate).toBe(44100);
    expect(back.channels).toBe(2);
    expect(back.data).toBeInstanceOf(Int16Array);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('writes a canonical 44-byte header', () => {
    const bytes = encodeWav({ sampleRate: 16000, channels: 1, data: new Int16Array(10) });
    expect(bytes.length).toBe(44 + 20);
    expect(Buffer.from(bytes.subarray(0, 4)).toString('ascii')).toBe('RIFF');
    expect(Buffer.from(bytes.subarray(8, 12)).toString('ascii')).toBe('WAVE');
  });

  it('rejects a float WAV naming the file and its format', () => {
    const wav = new WaveFile();
    wav.fromScratch(1, 48000, '32f', [0, 0.5, -0.5]);
    const path = join(dir, 'float.wav');
    writeFileSync(path, wav.toBuffer());
    expect(() => readWav(path)).toThrow(
      /float\.wav: expected 16-bit integer PCM, got 32-bit IEEE float \(1 channel\(s\), 48000 Hz\)/,
    );
  });

  it('rejects 24-bit PCM', () => {
    const wav = new WaveFile();
    wav.fromScratch(2, 44100, '24', [0, 1, 2, 3]);
    expect(() => decodeWav(wav.toBuffer(), 'x.wav')).toThrow(
      /x\.wav: expected 16-bit integer PCM, got 24-bit integer PCM/,
    );
  });

  it('rejects a file that is not a WAV at all', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello, not audio');
    expect(() => readWav(path)).toThrow(/notes\.txt: not a readable WAV file/);
  });
});

/**
 * A canonical 44-byte header written field by field, so each test can lie in exactly one field.
 * `dataBytes` is what follows the header; `declared` what the data chunk claims.
 */
function craft(o: {
  rate?: number;
  channels?: number;
  bits?: number;
  format?: number;
  blockAlign?: number;
  dataBytes?: number;
  declared?: number;
  container?: 'RIFF' | 'RIFX';
}): Buffer {
  const rate = o.rate ?? 16000;
  const channels = o.channels ?? 1;
  const bits = o.bits ?? 16;
  const dataBytes = o.dataBytes ?? 320;
  const be = o.container === 'RIFX';
  const b = Buffer.alloc(44 + dataBytes);
  const u32 = (v: number, at: number) => (be ? b.writeUInt32BE(v >>> 0, at) : b.writeUInt32LE(v >>> 0, at));
  const u16 = (v: number, at: number) =>
    be ? b.writeUInt16BE(v & 0xffff, at) : b.writeUInt16LE(v & 0xffff, at);
  b.write(o.container ?? 'RIFF', 0, 'latin1');
  u32(36 + dataBytes, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  u32(16, 16);
  u16(o.format ?? 1, 20);
  u16(channels, 22);
  u32(rate, 24);
  u32((rate * channels * bits) / 8, 28);
  u16(o.blockAlign ?? (channels * bits) / 8, 32);
  u16(bits, 34);
  b.write('data', 36, 'latin1');
  u32(o.declared ?? dataBytes, 40);
  for (let i = 0; i < dataBytes / 2; i++) (be ? b.writeInt16BE : b.writeInt16LE).call(b, i - 100, 44 + i * 2);
  return b;
}

function wavError(bytes: Uint8Array): WavError {
  try {
    decodeWav(bytes, 'in.wav');
  } catch (err) {
    if (err instanceof WavError) return err;
    throw err;
  }
  throw new Error('expected a WavError');
}

describe('wav header limits (issue 8.8)', () => {
  it('reads a crafted canonical header, RIFF and RIFX alike', () => {
    for (const container of ['RIFF', 'RIFX'] as const) {
      const wav = decodeWav(craft({ container }), 'in.wav');
      expect(wav).toMatchObject({ sampleRate: 16000, channels: 1, warnings: [] });
      expect(Array.from(wav.data.subarray(0, 3))).toEqual([-100, -99, -98]);
    }
  });

  it('refuses 1 Hz, 4 GHz, 0 and 65,535 channels, naming the value and the range', () => {
    expect(wavError(craft({ rate: 1 })).message).toBe(
      'in.wav: invalid header: sample rate 1 Hz is outside the supported 8000–192000 Hz',
    );
    expect(wavError(craft({ rate: 4_000_000_000 })).message).toBe(
      'in.wav: invalid header: sample rate 4000000000 Hz is outside the supported 8000–192000 Hz',
    );
    expect(wavError(craft({ rate: MAX_SAMPLE_RATE + 1 })).problem).toMatch(/outside the supported/);
    expect(wavError(craft({ channels: 65535 })).message).toBe(
      `in.wav: invalid header: 65535 channel(s) is outside the supported 1–${MAX_CHANNELS}`,
    );
    expect(wavError(craft({ channels: 0 })).problem).toMatch(/^invalid header: 0 channel\(s\)/);
    expect(decodeWav(craft({ rate: MIN_SAMPLE_RATE, channels: MAX_CHANNELS, dataBytes: 32 })).channels).toBe(
      8,
    );
  });

  it('refuses other bit depths and formats, and a block align that contradicts the channels', () => {
    expect(wavError(craft({ bits: 8 })).problem).toMatch(
      /^expected 16-bit integer PCM, got 8-bit integer PCM/,
    );
    expect(wavError(craft({ format: 3, bits: 32 })).problem).toMatch(/got 32-bit IEEE float/);
    expect(wavError(craft({ channels: 2, blockAlign: 2 })).problem).toBe(
      'invalid header: block align 2 does not match 2 channel(s) of 16-bit samples (4 bytes); the header is damaged',
    );
  });

  it('reads a truncated data chunk up to what is present, in whole frames, with a warning', () => {
    const cut = craft({ channels: 2, dataBytes: 402, declared: 32000 });
    const wav = decodeWav(cut, 'in.wav');
    expect(wav.data.length).toBe(200);
    expect(wav.warnings).toEqual([
      'in.wav: truncated: the data chunk declares 32000 bytes (500 ms) but the file holds 402 (6 ms); read what is present',
      'in.wav: the audio ends in a partial sample frame (2 of 4 bytes), dropped',
    ]);
  });

  it('honours a declared size shorter than the file, and reads a placeholder size to the end', () => {
    expect(decodeWav(craft({ dataBytes: 320, declared: 100 })).data.length).toBe(50);
    for (const declared of [0, 0x7ffff000, 0xffffffff]) {
      const wav = decodeWav(craft({ dataBytes: 320, declared }));
      expect([wav.data.length, wav.warnings]).toEqual([160, []]);
    }
  });

  it('refuses files cut inside the header, without a data chunk, or not RIFF at all', () => {
    const whole = craft({});
    expect(wavError(whole.subarray(0, 30)).problem).toBe(
      'truncated: the file ends inside its header (fmt chunk: 10 of 16 bytes)',
    );
    expect(wavError(whole.subarray(0, 36)).problem).toBe('not a readable WAV file (no "data" chunk)');
    expect(wavError(whole.subarray(0, 8)).problem).toBe(
      'not a readable WAV file (expected a RIFF/WAVE header)',
    );
    expect(wavError(new Uint8Array(0)).problem).toMatch(/expected a RIFF\/WAVE header/);
  });

  it('walks crafted chunk lists in linear time without recursion', () => {
    // 100,000 LIST chunks that each claim 4 bytes: a recursive reader overflows its stack here.
    const lists = Buffer.alloc(12 * 100_000);
    for (let i = 0; i < 100_000; i++) {
      lists.write('LIST', i * 12, 'latin1');
      lists.writeUInt32LE(4, i * 12 + 4);
      lists.write('INFO', i * 12 + 8, 'latin1');
    }
    const whole = craft({});
    const bytes = Buffer.concat([whole.subarray(0, 12), lists, whole.subarray(12)]);
    expect(decodeWav(bytes).data.length).toBe(160);
  });

  it('a file that cannot be read is a WavError too', () => {
    expect(() => readWav(join(dir, 'missing.wav'))).toThrow(WavError);
    expect(() => readWav(dir)).toThrow(/cannot read the file/);
  });
});

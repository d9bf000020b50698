import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, readWav, writeWav } from './wav';

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

/**
 * WAV files come from users (CLI `vad`, scenario audio, the simulated caller): whatever the
 * bytes, decodeWav returns audio whose shape matches its header or throws a WavError with a
 * message — never a TypeError/RangeError, never a huge allocation from a lying header.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WavError } from '../../src/main/io/wav';
import { fuzzParams, withinBudget } from './fuzz-support';

function check(bytes: Uint8Array): void {
  try {
    const wav = decodeWav(bytes, 'fuzz.wav');
    expect(wav.channels).toBeGreaterThanOrEqual(1);
    expect(wav.channels).toBeLessThanOrEqual(8);
    expect(wav.sampleRate).toBeGreaterThanOrEqual(8000);
    expect(wav.sampleRate).toBeLessThanOrEqual(192_000);
    // never more samples than the bytes could hold
    expect(wav.data.length * 2).toBeLessThanOrEqual(bytes.length);
    expect(wav.data.length % wav.channels).toBe(0);
  } catch (err) {
    if (!(err instanceof WavError)) expect.fail(`decodeWav threw ${String(err)} instead of a WavError`);
    expect(err.message.length).toBeGreaterThan(10);
  }
}

/** A valid WAV with random audio, then some header bytes overwritten. */
const damagedWav = fc
  .record({
    channels: fc.integer({ min: 1, max: 2 }),
    rate: fc.constantFrom(8000, 16000, 22050, 24000, 48000),
    frames: fc.integer({ min: 0, max: 400 }),
    edits: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 255 })), {
      maxLength: 6,
    }),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ channels, rate, frames, edits, cut }) => {
    const data = new Int16Array(frames * channels).map((_, i) => (i * 37) % 32767);
    const bytes = new Uint8Array(encodeWav({ sampleRate: rate, channels, data }));
    for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
    return cut === undefined ? bytes : bytes.slice(0, cut % (bytes.length + 1));
  });

/** A header written field by field with any values (rates of 1 Hz or 4 GHz, 65,535 channels). */
const craftedHeader = fc
  .record({
    format: fc.constantFrom(1, 3, 0xfffe, 0, 65535),
    channels: fc.integer({ min: 0, max: 65535 }),
    rate: fc.oneof(fc.constantFrom(0, 1, 8000, 16000, 4_000_000_000), fc.nat()),
    bits: fc.constantFrom(0, 8, 16, 24, 32, 65535),
    dataSize: fc.oneof(fc.constantFrom(0, 0xffffffff), fc.nat({ max: 100_000 })),
    payload: fc.integer({ min: 0, max: 64 }),
    fmtSize: fc.constantFrom(16, 18, 40, 0, 2, 65535),
  })
  .map(({ format, channels, rate, bits, dataSize, payload, fmtSize }) => {
    const fmtLen = Math.min(fmtSize, 40);
    const buf = new Uint8Array(12 + 8 + fmtLen + 8 + payload);
    const v = new DataView(buf.buffer);
    buf.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
    v.setUint32(4, buf.length - 8, true);
    buf.set([0x57, 0x41, 0x56, 0x45], 8); // WAVE
    buf.set([0x66, 0x6d, 0x74, 0x20], 12); // "fmt "
    v.setUint32(16, fmtSize, true);
    if (fmtLen >= 16) {
      v.setUint16(20, format, true);
      v.setUint16(22, channels, true);
      v.setUint32(24, rate >>> 0, true);
      v.setUint32(28, Math.min(0xffffffff, (rate * channels * bits) / 8) >>> 0, true);
      v.setUint16(32, ((channels * bits) / 8) & 0xffff, true);
      v.setUint16(34, bits, true);
    }
    const d = 20 + fmtLen;
    buf.set([0x64, 0x61, 0x74, 0x61], d); // data
    v.setUint32(d + 4, dataSize >>> 0, true);
    return buf;
  });

describe('WAV reader under arbitrary bytes', () => {
  it('damaged real WAVs: audio that fits the file, or a WavError', async () => {
    await fc.assert(
      fc.asyncProperty(damagedWav, async (b) => withinBudget('decodeWav', () => check(b))),
      fuzzParams(300),
    );
  });

  it('crafted headers with any field values: audio that fits the file, or a WavError', async () => {
    await fc.assert(
      fc.asyncProperty(craftedHeader, async (b) => withinBudget('decodeWav', () => check(b))),
      fuzzParams(250),
    );
  });

  it('random bytes: a WavError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (b) =>
        withinBudget('decodeWav', () => check(b)),
      ),
      fuzzParams(100),
    );
  });
});

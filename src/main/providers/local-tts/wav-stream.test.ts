import { describe, expect, it } from 'vitest';
import { FrameChunker, WavFormatError, WavStreamParser } from './wav-stream';

interface WavSpec {
  sampleRate?: number;
  channels?: number;
  bits?: number;
  format?: number;
  samples: number[];
  dataSize?: number;
  /** Chunks written between fmt and data. */
  before?: Array<[string, Buffer]>;
  /** Chunks written after the samples. */
  after?: Array<[string, Buffer]>;
  extensible?: boolean;
}

function chunk(id: string, body: Buffer, declared = body.length): Buffer {
  const h = Buffer.alloc(8);
  h.write(id, 0, 'latin1');
  h.writeUInt32LE(declared, 4);
  const pad = body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0);
  return Buffer.concat([h, body, pad]);
}

function wav(spec: WavSpec): Buffer {
  const channels = spec.channels ?? 1;
  const bits = spec.bits ?? 16;
  const rate = spec.sampleRate ?? 22050;
  const fmt = Buffer.alloc(spec.extensible ? 40 : 16);
  fmt.writeUInt16LE(spec.extensible ? 0xfffe : (spec.format ?? 1), 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  // Crafted headers may hold values whose products overflow the fields: keep the low bits.
  fmt.writeUInt32LE(((rate * channels * bits) / 8) % 2 ** 32, 8);
  fmt.writeUInt16LE(((channels * bits) / 8) & 0xffff, 12);
  fmt.writeUInt16LE(bits, 14);
  if (spec.extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(spec.format ?? 1, 24);
  }
  const pcm = Buffer.alloc(spec.samples.length * 2);
  spec.samples.forEach((s, i) => pcm.writeInt16LE(s, i * 2));
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    chunk('fmt ', fmt),
    ...(spec.before ?? []).map(([id, b]) => chunk(id, b)),
    chunk('data', pcm, spec.dataSize ?? pcm.length),
    ...(spec.after ?? []).map(([id, b]) => chunk(id, b)),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(0x7ffff000, 4);
  return Buffer.concat([riff, body]);
}

function parseAll(bytes: Buffer, splits: number[]): { samples: number[]; parser: WavStreamParser } {
  const parser = new WavStreamParser();
  const samples: number[] = [];
  let at = 0;
  for (const end of [...splits, bytes.length]) {
    samples.push(...parser.push(bytes.subarray(at, end)));
    at = end;
  }
  parser.end();
  return { samples, parser };
}

const SAMPLES = [0, 1, -1, 32767, -32768, 1234, -4321, 7, 8, 9];

describe('WavStreamParser', () => {
  it('reads espeak-style streams with a placeholder data size split at every byte', () => {
    const bytes = wav({ samples: SAMPLES, dataSize: 0x7ffff000, before: [['LIST', Buffer.from('INFOabc')]] });
    for (let cut = 1; cut < bytes.length; cut++) {
      const { samples, parser } = parseAll(bytes, [cut]);
      expect(samples, `split at ${cut}`).toEqual(SAMPLES);
      expect(parser.format).toEqual({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    }
  });

  it('survives one byte at a time (odd splits inside samples)', () => {
    const bytes = wav({ samples: SAMPLES, dataSize: 0xffffffff });
    const splits = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect(parseAll(bytes, splits).samples).toEqual(SAMPLES);
  });

  it('honours a real data size and ignores a chunk after the samples', () => {
    const bytes = wav({ samples: SAMPLES, after: [['LIST', Buffer.from('INFO trailing junk!')]] });
    expect(parseAll(bytes, [50]).samples).toEqual(SAMPLES);
  });

  it('keeps stereo pairs whole across pushes', () => {
    const stereo = [1, -1, 2, -2, 3, -3];
    const bytes = wav({ samples: stereo, channels: 2, sampleRate: 16000, dataSize: 0 });
    const parser = new WavStreamParser();
    const header = bytes.length - stereo.length * 2;
    // Cut in the middle of the second frame: only whole L/R pairs come out.
    const first = parser.push(bytes.subarray(0, header + 6));
    expect([...first]).toEqual([1, -1]);
    const rest = parser.push(bytes.subarray(header + 6));
    expect([...rest]).toEqual([2, -2, 3, -3]);
    expect(parser.format).toEqual({ sampleRate: 16000, channels: 2, bitsPerSample: 16 });
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM subformat', () => {
    expect(parseAll(wav({ samples: SAMPLES, extensible: true }), []).samples).toEqual(SAMPLES);
  });

  it('rejects what it cannot play, with the reason', () => {
    expect(() => new WavStreamParser().push(Buffer.from('ID3\u0004 not a wave file'))).toThrow(/RIFF\/WAVE/);
    expect(() => new WavStreamParser().push(wav({ samples: SAMPLES, format: 3 }))).toThrow(
      /format 3 is not PCM/,
    );
    expect(() => new WavStreamParser().push(wav({ samples: [], bits: 8 }))).toThrow(/8-bit/);
    const noFmt = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE', 'latin1'), chunk('data', Buffer.alloc(4))]);
    expect(() => new WavStreamParser().push(noFmt)).toThrow(/before the fmt/);
  });

  it('refuses headers outside the WAV limits (1 Hz, 4 GHz, 65,535 channels) and a huge fmt chunk', () => {
    const refuse = (bytes: Buffer) => () => new WavStreamParser().push(bytes);
    expect(refuse(wav({ samples: SAMPLES, sampleRate: 1 }))).toThrow(
      'invalid WAV stream: sample rate 1 Hz is outside the supported 8000–192000 Hz',
    );
    expect(refuse(wav({ samples: SAMPLES, sampleRate: 4_000_000_000 }))).toThrow(/4000000000 Hz is outside/);
    expect(refuse(wav({ samples: [], channels: 65535 }))).toThrow(
      'invalid WAV stream: 65535 channel(s) is outside the supported 1–8',
    );
    const hugeFmt = Buffer.concat([
      Buffer.from('RIFF\0\0\0\0WAVE', 'latin1'),
      chunk('fmt ', Buffer.alloc(16), 1e9),
    ]);
    expect(refuse(hugeFmt)).toThrow(
      'invalid WAV stream: fmt chunk of 1000000000 bytes (at most 1024 are read)',
    );
  });

  it('reports an empty or truncated stream at the end', () => {
    expect(() => new WavStreamParser().end()).toThrow(WavFormatError);
    expect(() => new WavStreamParser().end()).toThrow(/empty/);
    const p = new WavStreamParser();
    p.push(wav({ samples: SAMPLES }).subarray(0, 30));
    expect(() => p.end()).toThrow(/inside the header \(after 30 bytes\)/);
  });
});

describe('FrameChunker', () => {
  it('cuts samples into equal frames whatever the input sizes, then a short last frame', () => {
    const c = new FrameChunker(4);
    const input = Int16Array.from({ length: 11 }, (_, i) => i);
    const frames = [
      ...c.push(input.subarray(0, 3)),
      ...c.push(input.subarray(3, 9)),
      ...c.push(input.subarray(9)),
    ];
    expect(frames.map((f) => [...f])).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect([...(c.flush() ?? [])]).toEqual([8, 9, 10]);
    expect(c.flush()).toBeNull();
  });

  it('refuses a frame size that is not a positive integer', () => {
    expect(() => new FrameChunker(0)).toThrow(RangeError);
    expect(() => new FrameChunker(2.5)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { base64ToPcm16, pcm16ToBase64, rendererAudioSink, type AudioPush } from './renderer-audio';

describe('renderer audio', () => {
  it('encodes PCM16 as little-endian base64 and back, from a view into a larger buffer', () => {
    const backing = new Int16Array([9, -32768, 1, 32767, -2, 9]);
    const view = backing.subarray(1, 5);
    const b64 = pcm16ToBase64(view);
    expect([...Buffer.from(b64, 'base64')]).toEqual([0x00, 0x80, 0x01, 0x00, 0xff, 0x7f, 0xfe, 0xff]);
    expect([...base64ToPcm16(b64)]).toEqual([-32768, 1, 32767, -2]);
    expect([...backing]).toEqual([9, -32768, 1, 32767, -2, 9]);
  });

  it('pushes chunks with their format, and a clear with the last format and no PCM', () => {
    const pushes: AudioPush[] = [];
    const sink = rendererAudioSink('s1', (p) => pushes.push(p));
    sink.onChunk({ sampleRate: 22050, channels: 1, data: new Int16Array([1, -2]), tMs: 0 });
    sink.onClear();
    expect(pushes).toEqual([
      { sessionId: 's1', sampleRate: 22050, channels: 1, pcm: new Uint8Array([1, 0, 0xfe, 0xff]) },
      { sessionId: 's1', sampleRate: 22050, channels: 1, pcm: new Uint8Array(0), cleared: true },
    ]);
  });
});

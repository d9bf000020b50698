import { describe, expect, it } from 'vitest';
import { pcm16ToBytes } from '../../../shared/binary-audio';
import { ioConfig, ioRig, realtimeConfig, REALTIME_KEY_NAME } from './testing/io-rig';
import { micProviderWarnings, MicFormatError, openMicrophone } from './microphone-io';
import { StudioConfigSchema } from '../../../shared/config';

describe('MicrophoneIO', () => {
  it('feeds pushAudio to the engine, says what its providers cannot hear, and releases all', async () => {
    const r = ioRig();
    const { io } = await openMicrophone(ioConfig({ inputMode: 'microphone' }), r.ctx);
    expect(io.mic).not.toBeNull();
    expect(io.audioInput).toBe(io.mic?.input);
    // No VAD and no STT: the session says nothing hears the microphone, on its stream, at t = 0.
    expect(r.events.map((e) => [e.type, 'source' in e ? e.source : null, Math.round(e.t)])).toEqual([
      ['warning', 'microphone', 0],
      ['warning', 'microphone', 0],
    ]);
    await io.start(r.control);
    io.mic?.push({ sampleRate: 16000, channels: 1, pcm: pcm16ToBytes(new Int16Array(160)) });
    expect(() => io.mic?.push({ sampleRate: 16000, channels: 1, pcm: new Uint8Array(3) })).toThrow(
      MicFormatError,
    );
    io.end();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
    expect(io.pendingWork()).toEqual([]);
  });

  it('a microphone the renderer could not open is a recoverable error on the session stream', async () => {
    const r = ioRig();
    const { io } = await openMicrophone(ioConfig({ inputMode: 'microphone' }), r.ctx);
    await r.clock.advance(1200);
    io.mic?.report('denied', 'NotAllowedError');
    expect(r.events.at(-1)).toMatchObject({
      type: 'error',
      source: 'microphone',
      recoverable: true,
    });
    expect(Math.round(r.events.at(-1)?.t ?? 0)).toBe(1200);
    expect(() =>
      io.mic?.push({ sampleRate: 16000, channels: 1, pcm: pcm16ToBytes(new Int16Array(160)) }),
    ).toThrow('the microphone was reported denied');
    io.halt();
    await io.release();
    expect(io.pendingWork()).toEqual([]);
  });
});

describe('microphone warnings with a realtime model (issue 12 point 3)', () => {
  const none = { stt: null, vad: null };
  it('says nothing about a missing STT when the realtime model hears and transcribes the user', () => {
    const config = StudioConfigSchema.parse({ providers: { llm: { provider: 'openai-realtime' } } });
    expect(micProviderWarnings(config, none)).toEqual([]);
    // The same providers with a pipeline LLM: nothing would hear the microphone.
    expect(micProviderWarnings(StudioConfigSchema.parse({}), none).length).toBeGreaterThan(0);
  });

  it('says the user is not transcribed when the model has no transcription model and no STT', () => {
    const config = StudioConfigSchema.parse({
      providers: { llm: { provider: 'openai-realtime', inputTranscriptionModel: null } },
    });
    expect(micProviderWarnings(config, none).map((w) => w.message)).toEqual([
      expect.stringContaining('providers.llm.inputTranscriptionModel is null'),
    ]);
  });
});

describe('MicrophoneIO on a realtime model', () => {
  it("speaks to the renderer with the model's own voice when no TTS could be built", async () => {
    const r = ioRig({ realtime: { keys: { [REALTIME_KEY_NAME]: 'sk-test' }, ca: '' } });
    const { io } = await openMicrophone(
      realtimeConfig('https://127.0.0.1:9/v1', { inputMode: 'microphone' }),
      r.ctx,
    );
    expect(r.providers.built[0].tts).toBeNull();
    expect(io.audioOutput).not.toBeNull();
    io.halt();
    await io.release();
    expect(r.providers.closed).toBe(1);
  });
});

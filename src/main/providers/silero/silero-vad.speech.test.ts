/**
 * The real model on real (synthetic) speech. Truth is where the audible samples of each phrase
 * are; detected boundaries must be within 100 ms of it at every input rate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VADEvent } from '../../engine/vad/vad';
import { detectSpeechSegments, framesOf, type SpeechSegment } from './detect-segments';
import { SileroVAD } from './silero-vad';
import { SpeechMaker, rmsDbfs, toolMissing, whiteNoise, type Utterance } from '../testing/speech-audio';

const missing = toolMissing();
if (missing) console.log(`skipping Silero speech tests: ${missing}`);

const TOLERANCE_MS = 100;
const PHRASES = [
  'The weather is lovely today, let us go for a walk.',
  'Sure, I will grab my coat and meet you outside.',
];

function offsets(found: SpeechSegment[], truth: Utterance['truth']): string {
  return found
    .map(
      (s, i) =>
        `start ${Math.round(s.startMs - (truth[i]?.startMs ?? NaN))} ms, end ${Math.round(s.endMs - (truth[i]?.endMs ?? NaN))} ms`,
    )
    .join('; ');
}

describe.skipIf(missing !== null)('Silero VAD on espeak-ng speech', () => {
  let vad: SileroVAD;
  let maker: SpeechMaker;
  let utterance: Utterance;

  beforeAll(async () => {
    vad = await SileroVAD.load();
    maker = new SpeechMaker();
    utterance = maker.compose(PHRASES, 1000, 1500, 1000);
  });

  afterAll(async () => {
    await vad?.close();
    maker?.dispose();
  });

  it.each([22050, 48000, 16000, 8000])(
    'finds both phrases within 100 ms of the truth at %i Hz',
    async (rate) => {
      const audio =
        rate === utterance.audio.sampleRate ? utterance.audio : maker.resample(utterance.audio, rate);
      expect(audio.sampleRate).toBe(rate);
      const found = await detectSpeechSegments(framesOf(audio.data, rate, 1, 20), { vad });
      console.log(`silero @ ${rate} Hz vs truth: ${offsets(found, utterance.truth)}`);
      expect(found).toHaveLength(2);
      found.forEach((seg, i) => {
        expect(Math.abs(seg.startMs - utterance.truth[i].startMs)).toBeLessThanOrEqual(TOLERANCE_MS);
        expect(Math.abs(seg.endMs - utterance.truth[i].endMs)).toBeLessThanOrEqual(TOLERANCE_MS);
      });
    },
  );

  it('hands out the utterance audio at the input rate, prefix padding included', async () => {
    const audio = maker.resample(utterance.audio, 48000);
    const events: VADEvent[] = [];
    await detectSpeechSegments(framesOf(audio.data, 48000), { vad, onEvent: (e) => events.push(e) });
    const starts = events.filter((e) => e.type === 'start_of_speech');
    const ends = events.filter((e) => e.type === 'end_of_speech');
    expect(starts).toHaveLength(2);
    expect(ends).toHaveLength(2);
    for (const [i, end] of ends.entries()) {
      const frame = end.frames[0];
      expect(frame.sampleRate).toBe(48000);
      expect(frame.channels).toBe(1);
      // prefix padding (500 ms) + speech + the silence waited for (>= 550 ms), within a window.
      const expectedMs = vad.options.prefixPaddingMs + end.speechDurationMs + end.silenceDurationMs;
      expect(Math.abs((frame.samplesPerChannel / 48000) * 1000 - expectedMs)).toBeLessThanOrEqual(40);
      // The audio really is the phrase: loud in the middle, quiet in the padding.
      const pad = Math.round(0.4 * 48000);
      expect(rmsDbfs(frame.data.subarray(0, pad))).toBeLessThan(-60);
      expect(rmsDbfs(frame.data.subarray(pad + 24000, pad + 48000))).toBeGreaterThan(-35);
      // start_of_speech carried the padding and the speech accumulated so far.
      const startFrame = starts[i].frames[0];
      const startExpectedMs = vad.options.prefixPaddingMs + starts[i].speechDurationMs;
      expect(Math.abs((startFrame.samplesPerChannel / 48000) * 1000 - startExpectedMs)).toBeLessThanOrEqual(
        40,
      );
    }
  });

  it('finds no speech in pure silence, and reports every 32 ms window', async () => {
    const events: VADEvent[] = [];
    const found = await detectSpeechSegments(framesOf(new Int16Array(5 * 22050), 22050), {
      vad,
      onEvent: (e) => events.push(e),
    });
    expect(found).toEqual([]);
    const windows = events.filter((e) => e.type === 'inference_done');
    // 5 s at 16 kHz is 80000 samples = 156 windows of 512 (minus what the resampler still holds).
    expect(windows.length).toBeGreaterThanOrEqual(154);
    expect(windows.length).toBeLessThanOrEqual(156);
    expect(windows.every((e) => e.probability < 0.1 && !e.speaking)).toBe(true);
    expect(windows.at(-1)?.timestamp).toBe(windows.length * 32);
  });

  it.each([22050, 48000])('finds no speech in white noise at a moderate level (%i Hz)', async (rate) => {
    const noise = whiteNoise(5000, rate, 3000);
    const level = rmsDbfs(noise);
    expect(level).toBeGreaterThan(-30);
    expect(level).toBeLessThan(-20);
    let maxP = 0;
    const found = await detectSpeechSegments(framesOf(noise, rate), {
      vad,
      onEvent: (e) => {
        if (e.type === 'inference_done') maxP = Math.max(maxP, e.probability);
      },
    });
    console.log(
      `silero on white noise at ${level.toFixed(1)} dBFS (${rate} Hz): max probability ${maxP.toFixed(3)}`,
    );
    expect(found).toEqual([]);
  });

  it('a speaker heard in stereo is found the same as in mono', async () => {
    const mono = maker.resample(utterance.audio, 48000);
    const stereo = new Int16Array(mono.data.length * 2);
    for (let i = 0; i < mono.data.length; i++) stereo[2 * i] = stereo[2 * i + 1] = mono.data[i];
    const a = await detectSpeechSegments(framesOf(mono.data, 48000), { vad });
    const b = await detectSpeechSegments(framesOf(stereo, 48000, 2), { vad });
    expect(b).toEqual(a);
    expect(b).toHaveLength(2);
  });

  it('a longer min silence merges the two phrases: options reach the stream', async () => {
    const other = await SileroVAD.load({ minSilenceDurationMs: 2000 });
    try {
      const found = await detectSpeechSegments(framesOf(utterance.audio.data, utterance.audio.sampleRate), {
        vad: other,
      });
      expect(found).toHaveLength(1);
      expect(Math.abs(found[0].startMs - utterance.truth[0].startMs)).toBeLessThanOrEqual(TOLERANCE_MS);
      expect(Math.abs(found[0].endMs - utterance.truth[1].endMs)).toBeLessThanOrEqual(TOLERANCE_MS);
    } finally {
      await other.close();
    }
  });
});

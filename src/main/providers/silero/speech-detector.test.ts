import { describe, expect, it } from 'vitest';
import type { VADEvent } from '../../engine/vad/vad';
import { parseSileroOptions, type SileroVadOptionsInput } from './options';
import { SpeechDetector } from './speech-detector';

const WINDOW = 512; // 32 ms at 16 kHz

/** Runs raw probabilities through a detector; window i's audio is filled with the value i. */
function run(probs: number[], options: SileroVadOptionsInput = {}, detector?: SpeechDetector) {
  const d = detector ?? new SpeechDetector(parseSileroOptions(options), 16000, 16000, WINDOW);
  const events: VADEvent[] = [];
  probs.forEach((p, i) => events.push(...d.step(p, new Int16Array(WINDOW).fill(i), 0.1)));
  return { d, events, flips: events.filter((e) => e.type !== 'inference_done') };
}
const repeat = (p: number, n: number) => Array<number>(n).fill(p);

describe('SpeechDetector (upstream Silero state machine)', () => {
  it('emits inference_done for every window, stamped in audio time', () => {
    const { events } = run(repeat(0, 5));
    expect(events.map((e) => [e.type, e.timestamp, e.samplesIndex])).toEqual([
      ['inference_done', 32, 512],
      ['inference_done', 64, 1024],
      ['inference_done', 96, 1536],
      ['inference_done', 128, 2048],
      ['inference_done', 160, 2560],
    ]);
    expect(events[4]).toMatchObject({
      silenceDurationMs: 160,
      speechDurationMs: 0,
      speaking: false,
      inferenceDurationMs: 0.1,
    });
    expect(events[4].frames[0].data[0]).toBe(4);
    expect(events[4].frames[0].samplesPerChannel).toBe(WINDOW);
  });

  it('smooths the probability (alpha 0.35) so one loud window cannot start speech', () => {
    const { events, flips } = run([0, 1, 0, 0]);
    expect(events[1].probability).toBeCloseTo(0.65, 10);
    expect(events[2].probability).toBeCloseTo(0.2275, 10);
    // 0.65 >= 0.5 for one window: 32 ms of raw speech, short of the 50 ms minimum.
    expect(events[2].rawAccumulatedSpeechMs).toBe(32);
    expect(flips).toEqual([]);
  });

  it('starts after min speech duration with the prefix padding and the speech so far', () => {
    const { flips, events } = run([...repeat(0, 30), ...repeat(0.9, 3)]);
    expect(flips).toHaveLength(1);
    const start = flips[0];
    // Window 31 is 0.585 (>= 0.5), window 32 confirms 64 ms >= 50 ms.
    expect(start).toMatchObject({
      type: 'start_of_speech',
      timestamp: 32 * 32,
      speechDurationMs: 64,
      silenceDurationMs: 0,
      speaking: true,
    });
    const audio = start.frames[0];
    expect(audio.sampleRate).toBe(16000);
    expect(audio.samplesPerChannel).toBe(8000 + 2 * WINDOW);
    expect(audio.data.at(-1)).toBe(31);
    expect(audio.data[0]).toBe(Math.floor(30 - 8000 / WINDOW));
    expect(events.at(-1)).toMatchObject({ type: 'inference_done', speaking: true, speechDurationMs: 96 });
  });

  it('holds speech between the thresholds (hysteresis) and ends after min silence', () => {
    const speech = [...repeat(0.9, 10), ...repeat(0.4, 20)];
    const { flips } = run([...speech, ...repeat(0, 30)]);
    expect(flips.map((e) => e.type)).toEqual(['start_of_speech', 'end_of_speech']);
    const end = flips[1];
    // Silence starts at window 31 (0.14 < 0.35); 18 windows = 576 ms >= 550 ms confirm it.
    expect(end.timestamp).toBe((30 + 18) * 32);
    expect(end.silenceDurationMs).toBe(576);
    expect(end.speechDurationMs).toBe(30 * 32);
    expect(end.speaking).toBe(false);
    // The utterance: padding (none before, it started at once) + 48 windows heard so far.
    expect(end.frames[0].samplesPerChannel).toBe(48 * WINDOW);

    // The same 0.4 does not start speech from silence.
    expect(run(repeat(0.4, 40)).flips).toEqual([]);
  });

  it('a pause shorter than min silence does not end speech', () => {
    const { flips } = run([...repeat(0.9, 10), ...repeat(0, 15), ...repeat(0.9, 10), ...repeat(0, 20)]);
    expect(flips.map((e) => e.type)).toEqual(['start_of_speech', 'end_of_speech']);
  });

  it('explicit deactivation threshold replaces the derived one', () => {
    const probs = [...repeat(0.9, 10), ...repeat(0.4, 30)];
    expect(run(probs).flips.map((e) => e.type)).toEqual(['start_of_speech']);
    expect(run(probs, { deactivationThreshold: 0.45 }).flips.map((e) => e.type)).toEqual([
      'start_of_speech',
      'end_of_speech',
    ]);
  });

  it('takes option changes on the next window', () => {
    const { d, flips } = run([...repeat(0.9, 10), ...repeat(0, 5)]);
    expect(flips.map((e) => e.type)).toEqual(['start_of_speech']);
    d.updateOptions(parseSileroOptions({ minSilenceDurationMs: 150 }));
    // 5 silent windows (160 ms) are already >= 150 ms; the next silent window ends speech.
    const after = run([0], {}, d).flips;
    expect(after.map((e) => e.type)).toEqual(['end_of_speech']);
    expect(after[0].silenceDurationMs).toBe(192);
  });

  it('truncates an utterance at maxBufferedSpeechMs and says so once', () => {
    let warnings = 0;
    const d = new SpeechDetector(
      parseSileroOptions({ maxBufferedSpeechMs: 320, prefixPaddingMs: 0 }),
      16000,
      16000,
      WINDOW,
      () => warnings++,
    );
    const { flips } = run([...repeat(0.9, 40), ...repeat(0, 20)], {}, d);
    expect(warnings).toBe(1);
    expect(flips[1].type).toBe('end_of_speech');
    expect(flips[1].frames[0].samplesPerChannel).toBe(10 * WINDOW);
    expect(flips[1].frames[0].data.at(-1)).toBe(9);
  });

  it('hands out audio at the input rate when the model runs at another', () => {
    const d = new SpeechDetector(parseSileroOptions({ prefixPaddingMs: 0 }), 48000, 16000, WINDOW);
    const events = [0.9, 0.9].flatMap((p) => d.step(p, new Int16Array(1536), 0));
    const start = events.find((e) => e.type === 'start_of_speech');
    expect(start?.frames[0]).toMatchObject({ sampleRate: 48000, samplesPerChannel: 3072 });
    expect(start?.timestamp).toBe(64);
  });
});

import { describe, expect, it } from 'vitest';
import { silenceFrame } from '../audio/frame';
import type { VADEvent } from '../vad/vad';
import { makeRig, scenarioVadScript, timedVad } from '../testing/recognition-rig';

const SPEECH = { startMs: 500, endMs: 2500, transcript: 'Hello, how are you?' };

describe('AudioRecognition VAD task', () => {
  it('turns start / inference / end of speech into hooks and the speaking state', async () => {
    const r = makeRig({ speeches: [SPEECH] });
    await r.clock.runUntil(549);
    expect(r.rec.speaking).toBe(false);
    expect(r.hooks.named('onStartOfSpeech')).toHaveLength(0);

    await r.clock.runUntil(560);
    const starts = r.hooks.named('onStartOfSpeech');
    expect(starts).toHaveLength(1);
    expect(starts[0].t).toBeCloseTo(550, 0);
    // The event lets the activity back-date the start: 550 - 50 = the real start at 500.
    const startEv = starts[0].arg as VADEvent;
    expect(starts[0].t - startEv.speechDurationMs).toBeCloseTo(500, 0);
    expect(r.rec.speaking).toBe(true);

    await r.clock.runUntil(2999);
    expect(r.rec.speaking).toBe(true);
    await r.clock.runUntil(3001);
    const ends = r.hooks.named('onEndOfSpeech');
    expect(ends).toHaveLength(1);
    expect(ends[0].t).toBeCloseTo(3000, 0);
    expect(ends[0].t - (ends[0].arg as VADEvent).silenceDurationMs).toBeCloseTo(2500, 0);
    expect(r.rec.speaking).toBe(false);

    // Order: start, then every inference, then end.
    const order = r.hooks.calls
      .filter((c) => ['onStartOfSpeech', 'onVadInferenceDone', 'onEndOfSpeech'].includes(c.name))
      .map((c) => c.name);
    expect(order[0]).toBe('onStartOfSpeech');
    expect(order.at(-1)).toBe('onEndOfSpeech');
    await r.rec.aclose();
  });

  it('calls onVadInferenceDone and emits a vad_inference trace event for every inference', async () => {
    const r = makeRig({ speeches: [SPEECH] });
    await r.clock.runUntil(3500);
    // Ticks 600, 650, ..., 2900.
    const inf = r.hooks.named('onVadInferenceDone');
    expect(inf).toHaveLength(47);
    const traces = r.ofType('vad_inference');
    expect(traces).toHaveLength(47);
    expect(traces[0]).toMatchObject({
      probability: 1,
      speechDurationMs: 100,
      silenceDurationMs: 0,
      speaking: false,
    });
    expect(traces[0].t).toBeCloseTo(600, 0);
    const last = traces.at(-1);
    expect(last).toMatchObject({ probability: 0, speechDurationMs: 2000, silenceDurationMs: 400 });
    expect(last?.t).toBeCloseTo(2900, 0);
    await r.rec.aclose();
  });

  it('tracks speech start and last speaking time from inferences that still hear speech', async () => {
    const r = makeRig({ speeches: [{ startMs: 500, endMs: 2520, transcript: 'x y' }], stt: false });
    await r.clock.runUntil(599);
    expect(r.rec.speechStartTime).toBeNull();
    await r.clock.runUntil(600);
    expect(r.rec.speechStartTime).toBeCloseTo(600, 0);
    expect(r.rec.lastSpeakingTime).toBeCloseTo(600, 0);
    await r.clock.runUntil(2900);
    // The last tick with speech is 2500 (2550 is after the end at 2520); the start stays put.
    expect(r.rec.lastSpeakingTime).toBeCloseTo(2500, 0);
    expect(r.rec.speechStartTime).toBeCloseTo(600, 0);
    await r.rec.aclose();
  });

  it('a hook that throws becomes an error event and the VAD keeps going', async () => {
    const r = makeRig({ speeches: [SPEECH] });
    r.hooks.throwIn = 'onVadInferenceDone';
    await r.clock.runUntil(3500);
    const errors = r.ofType('error');
    expect(errors).toHaveLength(47);
    expect(errors[0]).toMatchObject({
      source: 'recognition_hooks.onVadInferenceDone',
      message: 'hook onVadInferenceDone failed',
    });
    // State still follows the VAD and the turn still ends.
    expect(r.hooks.named('onEndOfSpeech')).toHaveLength(1);
    expect(r.hooks.endOfTurns()).toHaveLength(1);
    await r.rec.aclose();
  });

  it('feeds pushed audio to the VAD stream, also when the STT is skipped', async () => {
    const r = makeRig({ speeches: [SPEECH] });
    await r.clock.settle();
    const frame = silenceFrame(10, 16000);
    r.rec.pushAudio(frame);
    r.rec.pushAudio(frame, { skipStt: true });
    r.rec.pushAudio(frame, { skipStt: true });
    await r.clock.settle();
    expect(r.vad?.streams[0].frames).toHaveLength(3);
    expect(r.stt?.streams[0].frames).toHaveLength(1);
    await r.rec.aclose();
  });

  it('a failing VAD stream is an error event; STT keeps recognizing', async () => {
    const r = makeRig({ speeches: [SPEECH] });
    // Replace the VAD with one that fails at 1000.
    const bad = timedVad(r.clock, scenarioVadScript([SPEECH]), {
      atMs: 1000,
      error: new Error('vad broke'),
    });
    r.rec.updateVad(bad);
    await r.clock.runUntil(3500);
    expect(r.ofType('error')).toMatchObject([
      { source: 'audio_recognition.vad', message: 'vad broke', recoverable: false },
    ]);
    expect(bad.streams[0].closed).toBe(true);
    // The replaced stream was closed too.
    expect(r.vad?.streams[0].closed).toBe(true);
    expect(r.hooks.named('onFinalTranscript')).toHaveLength(1);
    await r.rec.aclose();
    expect(r.clock.pendingTimerCount()).toBe(0);
  });
});

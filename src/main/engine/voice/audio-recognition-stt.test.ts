import { describe, expect, it } from 'vitest';
import type { SpeechEvent } from '../stt/stt';
import { makeRig, speechEvent } from '../testing/recognition-rig';
import type { PreemptiveGenerationInfo } from './recognition-hooks';

const text = (ev: unknown): string => (ev as SpeechEvent).alternatives[0].text;

describe('AudioRecognition STT task', () => {
  it('hands interim and final transcripts to the hooks with the speaking state', async () => {
    const r = makeRig({ speeches: [{ startMs: 500, endMs: 2500, transcript: 'Hello, how are you?' }] });
    await r.clock.runUntil(2650);
    const interims = r.hooks.named('onInterimTranscript');
    expect(interims).toHaveLength(1);
    expect(text(interims[0].arg)).toBe('Hello, how');
    expect(interims[0].speaking).toBe(true);
    expect(r.rec.interimTranscript).toBe('Hello, how');
    expect(r.rec.currentTranscript).toBe(' Hello, how');

    await r.clock.runUntil(2750);
    expect(r.rec.interimTranscript).toBe('');
    expect(r.rec.audioTranscript).toBe('Hello, how are you?');
    expect(r.rec.currentTranscript).toBe('Hello, how are you?');
    expect(r.rec.lastFinalTranscriptTime).toBeCloseTo(2700, 0);
    await r.rec.aclose();
  });

  it('accumulates finals across the turn and averages their confidence', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'I would like', confidence: 0.9 },
        { startMs: 2200, endMs: 2800, transcript: 'a coffee', confidence: 0.5 },
      ],
      // Long enough that the second sentence starts before the first one's end of turn.
      minEndpointingDelayMs: 1500,
    });
    await r.clock.runUntil(2000);
    expect(r.rec.audioTranscript).toBe('I would like');
    // An interim of the next sentence shows after the finals so far.
    await r.clock.runUntil(2910);
    expect(r.rec.currentTranscript).toBe('I would like a coffee');
    await r.clock.runUntil(5000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(4300, 0);
    expect(eots[0].info.newTranscript).toBe('I would like a coffee');
    expect(eots[0].info.transcriptConfidence).toBeCloseTo(0.7, 6);
    await r.rec.aclose();
  });

  it('offers preemptive generation on each final that changes the transcript', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'book a', confidence: 0.8 },
        { startMs: 2200, endMs: 2800, transcript: 'table', confidence: 0.6 },
      ],
      minEndpointingDelayMs: 1500,
    });
    await r.clock.runUntil(5000);
    const pre = r.hooks
      .named('onPreemptiveGeneration')
      .map((c) => ({ t: c.t, info: c.arg as PreemptiveGenerationInfo }));
    expect(pre).toHaveLength(2);
    expect(pre[0].t).toBeCloseTo(1700, 0);
    expect(pre[0].info.newTranscript).toBe('book a');
    expect(pre[0].info.transcriptConfidence).toBeCloseTo(0.8, 6);
    expect(pre[0].info.startedSpeakingAt).toBeCloseTo(600, 0);
    expect(pre[1].info.newTranscript).toBe('book a table');
    expect(pre[1].info.transcriptConfidence).toBeCloseTo(0.7, 6);
    await r.rec.aclose();
  });

  it('preflight transcripts go out as interim and start preemptive generation; a same final does not repeat it', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 2500, transcript: 'what time is it', sttDelayMs: 400, confidence: 0.5 },
      ],
      sttExtra: [
        { atMs: 2550, value: speechEvent('preflight_transcript', 'what time is it', { confidence: 0.9 }) },
      ],
    });
    await r.clock.runUntil(2560);
    const pre = r.hooks.named('onPreemptiveGeneration');
    expect(pre).toHaveLength(1);
    expect(pre[0].arg).toMatchObject({ newTranscript: 'what time is it', transcriptConfidence: 0.9 });
    expect(r.hooks.named('onInterimTranscript').map((c) => text(c.arg))).toEqual(['what time is it']);
    expect(r.rec.lastFinalTranscriptTime).toBeCloseTo(2550, 0);
    await r.clock.runUntil(3500);
    // The final equals the preflight transcript: no second preemptive generation.
    expect(r.hooks.named('onPreemptiveGeneration')).toHaveLength(1);
    expect(r.hooks.endOfTurns()).toHaveLength(1);
    await r.rec.aclose();
  });

  it('an empty final only updates the language', async () => {
    const r = makeRig({
      speeches: [{ startMs: 500, endMs: 2500 }],
      sttExtra: [{ atMs: 2700, value: speechEvent('final_transcript', '') }],
    });
    await r.clock.runUntil(3500);
    expect(r.hooks.named('onFinalTranscript')).toHaveLength(0);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.rec.aclose();
  });

  it('"stt" turn detection: start/end of speech come from the STT and its end of speech ends the turn', async () => {
    const r = makeRig({
      speeches: [{ startMs: 500, endMs: 2500, transcript: 'Hello there' }],
      vad: false,
      turnDetection: 'stt',
      sttExtra: [
        { atMs: 520, value: speechEvent('start_of_speech') },
        { atMs: 2800, value: speechEvent('end_of_speech') },
      ],
    });
    await r.clock.runUntil(600);
    expect(r.hooks.named('onStartOfSpeech')).toMatchObject([{ arg: null }]);
    expect(r.rec.speaking).toBe(true);
    expect(r.rec.speechStartTime).toBeCloseTo(520, 0);
    await r.clock.runUntil(2790);
    // Finals do not end a turn in "stt" mode, and the STT still says the user speaks.
    expect(r.hooks.named('onFinalTranscript')[0].speaking).toBe(true);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(4000);
    expect(r.hooks.named('onEndOfSpeech')).toMatchObject([{ arg: null }]);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    // Without a VAD the STT end of speech is the last speaking time: 2800 + 500.
    expect(eots[0].t).toBeCloseTo(3300, 0);
    expect(eots[0].info.transcriptionDelayMs).toBe(0);
    expect(r.rec.userTurnCommitted).toBe(false);
    await r.rec.aclose();
  });

  it('"stt" turn detection ignores a VAD end of speech until the STT ended the turn', async () => {
    const r = makeRig({
      speeches: [{ startMs: 500, endMs: 2500, transcript: 'Hello there', sttDelayMs: 100 }],
      turnDetection: 'stt',
      sttExtra: [{ atMs: 3600, value: speechEvent('end_of_speech') }],
    });
    await r.clock.runUntil(3500);
    expect(r.hooks.named('onEndOfSpeech')).toHaveLength(1); // the VAD's, at 3000
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(4000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    // With a VAD, its last speaking time (2500) stays the anchor: the countdown is already over.
    expect(eots[0].t).toBeCloseTo(3600, 0);
    expect(eots[0].info.endOfTurnDelayMs).toBeCloseTo(1100, 0);
    await r.rec.aclose();
  });

  it('STT start/end of speech are ignored outside "stt" mode', async () => {
    const r = makeRig({
      speeches: [{ startMs: 500, endMs: 2500, transcript: 'hi' }],
      vad: false,
      sttExtra: [
        { atMs: 520, value: speechEvent('start_of_speech') },
        { atMs: 2800, value: speechEvent('end_of_speech') },
      ],
    });
    await r.clock.runUntil(4000);
    expect(r.hooks.named('onStartOfSpeech')).toHaveLength(0);
    expect(r.hooks.named('onEndOfSpeech')).toHaveLength(0);
    expect(r.hooks.endOfTurns().map((e) => Math.round(e.t))).toEqual([3200]);
    await r.rec.aclose();
  });

  it('"realtime_llm" mode: transcripts flow but no VAD or STT event ends the turn', async () => {
    const r = makeRig({
      speeches: [{ startMs: 500, endMs: 2500, transcript: 'hi there' }],
      turnDetection: 'realtime_llm',
    });
    await r.clock.runUntil(8000);
    expect(r.hooks.named('onFinalTranscript')).toHaveLength(1);
    expect(r.hooks.named('onPreemptiveGeneration')).toHaveLength(0);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    expect(r.rec.audioTranscript).toBe('hi there');
    await r.rec.aclose();
  });

  it('a failing STT stream is an error event; the VAD keeps the user state', async () => {
    const r = makeRig({
      speeches: [{ startMs: 500, endMs: 2500, transcript: 'hi there' }],
      sttFail: { atMs: 1000, error: new Error('stt socket closed') },
    });
    await r.clock.runUntil(3500);
    expect(r.ofType('error')).toMatchObject([
      { source: 'audio_recognition.stt', message: 'stt socket closed' },
    ]);
    expect(r.stt?.streams[0].closed).toBe(true);
    expect(r.hooks.named('onEndOfSpeech')).toHaveLength(1);
    // No transcript: with an STT configured, no turn without words.
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.rec.aclose();
    expect(r.clock.pendingTimerCount()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { makeRig, speechEvent } from '../testing/recognition-rig';

const HELLO = { startMs: 500, endMs: 2500, transcript: 'Hello, how are you?', sttDelayMs: 200 };

describe('AudioRecognition end of turn (scenario timing)', () => {
  it('scenario 01: ends the turn at the VAD end of speech, 3000 = 2500 + 500, with eou 500 / transcription 200', async () => {
    const r = makeRig({ speeches: [HELLO] });
    await r.clock.runUntil(2999);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    // The final transcript (2700) came while the VAD still held the user as speaking.
    expect(r.hooks.named('onFinalTranscript')[0]).toMatchObject({ speaking: true });
    expect(r.hooks.named('onFinalTranscript')[0].t).toBeCloseTo(2700, 0);

    await r.clock.runUntil(3100);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3000, 0);
    const info = eots[0].info;
    expect(info.newTranscript).toBe('Hello, how are you?');
    expect(info.endOfTurnDelayMs).toBeCloseTo(500, 0);
    expect(info.transcriptionDelayMs).toBeCloseTo(200, 0);
    expect(info.stoppedSpeakingAt).toBeCloseTo(2500, 0);
    // First inference that hears speech: 500 + 100 (db5dd9b77 does not back-date it).
    expect(info.startedSpeakingAt).toBeCloseTo(600, 0);
    expect(info.skipReply).toBe(false);
    expect(info.transcriptConfidence).toBe(1);

    const eot = r.ofType('end_of_turn');
    expect(eot).toHaveLength(1);
    expect(eot[0]).toMatchObject({
      transcript: 'Hello, how are you?',
      delayMs: 500,
      probability: null,
      committed: true,
    });
    expect(eot[0].t).toBeCloseTo(3000, 0);
    // Committed: the turn's transcript and timing are forgotten.
    expect(r.rec.audioTranscript).toBe('');
    expect(r.rec.lastSpeakingTime).toBeNull();
    expect(r.rec.speechStartTime).toBeNull();
    await r.rec.aclose();
  });

  it('scenario 12 second turn: a short utterance 7000-8000 ends at 8500', async () => {
    const r = makeRig({ speeches: [{ startMs: 7000, endMs: 8000, transcript: 'Hello?' }] });
    await r.clock.runUntil(9000);
    const eots = r.hooks.endOfTurns();
    expect(eots.map((e) => Math.round(e.t))).toEqual([8500]);
    expect(eots[0].info.endOfTurnDelayMs).toBeCloseTo(500, 0);
    expect(eots[0].info.transcriptionDelayMs).toBeCloseTo(200, 0);
    await r.rec.aclose();
  });

  it('a final transcript after the VAD end of speech is the trigger and ends the turn at once', async () => {
    const r = makeRig({ speeches: [{ ...HELLO, sttDelayMs: 800 }] });
    await r.clock.runUntil(3200);
    // VAD end at 3000 found no transcript yet: no turn.
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    expect(r.ofType('end_of_turn')).toHaveLength(0);
    await r.clock.runUntil(4000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3300, 0);
    expect(eots[0].info.endOfTurnDelayMs).toBeCloseTo(800, 0);
    expect(eots[0].info.transcriptionDelayMs).toBeCloseTo(800, 0);
    await r.rec.aclose();
  });

  it('waits the min endpointing delay from the last speech when the trigger comes early', async () => {
    // VAD end of speech at 3000 comes before 2500 + 900: the countdown runs on from the last speech.
    const r = makeRig({ speeches: [HELLO], minEndpointingDelayMs: 900 });
    await r.clock.runUntil(3300);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(4000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3400, 0);
    expect(eots[0].info.endOfTurnDelayMs).toBeCloseTo(900, 0);
    expect(r.ofType('end_of_turn')[0].delayMs).toBe(900);
    await r.rec.aclose();
  });

  it('new speech during the countdown cancels it; the next end of speech ends one turn with both finals', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'I want' },
        { startMs: 2200, endMs: 3000, transcript: 'a pizza' },
      ],
      minEndpointingDelayMs: 1000,
    });
    // First end of speech at 2000; countdown would end at 1500 + 1000 = 2500; START at 2250.
    await r.clock.runUntil(2400);
    await r.clock.runUntil(3400);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(5000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(4000, 0);
    expect(eots[0].info.newTranscript).toBe('I want a pizza');
    // Speech start is the first turn's; stop is the second's.
    expect(eots[0].info.startedSpeakingAt).toBeCloseTo(600, 0);
    expect(eots[0].info.stoppedSpeakingAt).toBeCloseTo(3000, 0);
    await r.rec.aclose();
  });

  it('onEndOfTurn returning false keeps the transcript; the next turn carries it', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1000, transcript: 'hi' },
        { startMs: 3000, endMs: 3500, transcript: 'there' },
      ],
    });
    r.hooks.endOfTurnResult = (info) => info.newTranscript !== 'hi';
    await r.clock.runUntil(2000);
    expect(r.hooks.endOfTurns().map((e) => e.info.newTranscript)).toEqual(['hi']);
    expect(r.ofType('end_of_turn')[0]).toMatchObject({ committed: false });
    expect(r.rec.audioTranscript).toBe('hi');
    await r.clock.runUntil(5000);
    const eots = r.hooks.endOfTurns();
    expect(eots.map((e) => e.info.newTranscript)).toEqual(['hi', 'hi there']);
    expect(eots[1].t).toBeCloseTo(4000, 0);
    expect(r.ofType('end_of_turn')[1]).toMatchObject({ committed: true, transcript: 'hi there' });
    expect(r.rec.audioTranscript).toBe('');
    await r.rec.aclose();
  });

  it('a throwing onEndOfTurn is an error event; recognition carries on with the next turn', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1000, transcript: 'one' },
        { startMs: 3000, endMs: 3500, transcript: 'two' },
      ],
    });
    r.hooks.throwIn = 'onEndOfTurn';
    await r.clock.runUntil(2000);
    expect(r.ofType('error')).toMatchObject([{ source: 'recognition_hooks.onEndOfTurn', recoverable: true }]);
    expect(r.ofType('end_of_turn')[0]).toMatchObject({ committed: false });
    r.hooks.throwIn = null;
    await r.clock.runUntil(5000);
    expect(r.hooks.endOfTurns().map((e) => e.info.newTranscript)).toEqual(['one', 'one two']);
    await r.rec.aclose();
  });

  it('without an STT the VAD alone ends the turn (empty transcript, no metrics)', async () => {
    const r = makeRig({ speeches: [HELLO], stt: false });
    await r.clock.runUntil(4000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3000, 0);
    expect(eots[0].info).toMatchObject({
      newTranscript: '',
      endOfTurnDelayMs: null,
      transcriptionDelayMs: 0,
    });
    await r.rec.aclose();
  });

  it('without a VAD a final transcript ends the turn after the min delay from its arrival', async () => {
    const r = makeRig({ speeches: [HELLO], vad: false });
    await r.clock.runUntil(4000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3200, 0);
    // The final is the only timing signal: speech start unknown, so no metrics.
    expect(eots[0].info).toMatchObject({ endOfTurnDelayMs: null, transcriptionDelayMs: 0 });
    expect(r.hooks.named('onFinalTranscript')[0].speaking).toBeNull();
    await r.rec.aclose();
  });

  it('STT metrics from recognition usage', async () => {
    const r = makeRig({
      speeches: [HELLO],
      sttExtra: [{ atMs: 2800, value: speechEvent('recognition_usage', '', { audioDurationMs: 2300 }) }],
    });
    await r.clock.runUntil(3500);
    const m = r.ofType('metrics_collected');
    expect(m).toHaveLength(1);
    expect(m[0].metrics).toMatchObject({
      type: 'stt',
      audioDurationMs: 2300,
      durationMs: 0,
      streamed: true,
      label: 'scripted-stt',
      requestId: 'req_1',
    });
    expect(m[0].t).toBeCloseTo(2800, 0);
    await r.rec.aclose();
  });
});

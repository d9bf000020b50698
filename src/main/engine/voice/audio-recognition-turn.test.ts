import { describe, expect, it } from 'vitest';
import { silenceFrame } from '../audio/frame';
import type { SpeechEvent } from '../stt/stt';
import { sttNodeFromStt } from './audio-recognition';
import { makeRig, speechEvent } from '../testing/recognition-rig';

const HELLO = { startMs: 500, endMs: 2500, transcript: 'Hello, how are you?' };
const text = (ev: unknown): string => (ev as SpeechEvent).alternatives[0].text;

describe('AudioRecognition manual turns: commitUserTurn', () => {
  it('in manual mode neither the VAD nor a final ends the turn', async () => {
    const r = makeRig({ speeches: [HELLO], turnDetection: 'manual' });
    await r.clock.runUntil(10000);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    expect(r.hooks.named('onPreemptiveGeneration')).toHaveLength(0);
    expect(r.rec.audioTranscript).toBe('Hello, how are you?');
    await r.rec.aclose();
  });

  it('commit right after a final does not wait for another one; the countdown runs from the last speech', async () => {
    const r = makeRig({ speeches: [HELLO], turnDetection: 'manual' });
    await r.clock.runUntil(2750);
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 2000 });
    expect(r.rec.userTurnCommitted).toBe(false); // set once the commit task ran
    await r.clock.runUntil(2760);
    expect(r.rec.userTurnCommitted).toBe(true);
    await r.clock.runUntil(4000);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3000, 0);
    expect(eots[0].info).toMatchObject({ newTranscript: 'Hello, how are you?', skipReply: false });
    expect(r.rec.userTurnCommitted).toBe(false);
    await r.rec.aclose();
  });

  it('commit long after the final waits for a fresh final up to the transcript timeout', async () => {
    const r = makeRig({ speeches: [HELLO], turnDetection: 'manual' });
    await r.clock.runUntil(4000);
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 1000, skipReply: true });
    await r.clock.runUntil(4990);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(6000);
    const eots = r.hooks.endOfTurns();
    expect(eots.map((e) => Math.round(e.t))).toEqual([5000]);
    expect(eots[0].info).toMatchObject({ newTranscript: 'Hello, how are you?', skipReply: true });
    // No interim pending: no warning.
    expect(r.ofType('warning')).toHaveLength(0);
    await r.rec.aclose();
  });

  it('a final arriving during the wait ends it', async () => {
    const r = makeRig({ speeches: [{ ...HELLO, sttDelayMs: 1000 }], turnDetection: 'manual' });
    await r.clock.runUntil(2600);
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 5000 });
    await r.clock.runUntil(6000);
    const eots = r.hooks.endOfTurns();
    expect(eots.map((e) => Math.round(e.t))).toEqual([3500]);
    expect(eots[0].info.newTranscript).toBe('Hello, how are you?');
    await r.rec.aclose();
  });

  it('without a final the interim is committed as final, with a warning', async () => {
    const r = makeRig({ speeches: [{ ...HELLO, final: false }], turnDetection: 'manual' });
    await r.clock.runUntil(2700);
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 500 });
    await r.clock.runUntil(4000);
    expect(r.ofType('warning')).toHaveLength(1);
    expect(r.ofType('warning')[0].t).toBeCloseTo(3200, 0);
    const finals = r.hooks.named('onFinalTranscript');
    expect(finals.map((c) => text(c.arg))).toEqual(['Hello, how']);
    expect(finals[0].t).toBeCloseTo(3200, 0);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].info.newTranscript).toBe('Hello, how');
    expect(r.rec.currentTranscript).toBe('');
    await r.rec.aclose();
  });

  it('after a commit, interims are dropped but a final still joins the pending turn', async () => {
    const r = makeRig({
      speeches: [{ ...HELLO, transcript: 'one two three' }],
      turnDetection: 'manual',
      sttExtra: [
        { atMs: 2800, value: speechEvent('interim_transcript', 'fo') },
        { atMs: 2900, value: speechEvent('final_transcript', 'four') },
        { atMs: 3500, value: speechEvent('interim_transcript', 'later') },
      ],
    });
    await r.clock.runUntil(2750);
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 1000 });
    await r.clock.runUntil(3400);
    expect(r.hooks.named('onInterimTranscript').map((c) => text(c.arg))).toEqual(['one two']);
    expect(r.hooks.named('onPreemptiveGeneration')).toHaveLength(1);
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3000, 0);
    expect(eots[0].info.newTranscript).toBe('one two three four');
    // The turn is over: the next interim belongs to the next turn.
    await r.clock.runUntil(3600);
    expect(r.hooks.named('onInterimTranscript').map((c) => text(c.arg))).toEqual(['one two', 'later']);
    await r.rec.aclose();
  });

  it('with detached audio, flushes the STT with silence frames (ceil(flush / 200 ms))', async () => {
    const r = makeRig({ speeches: [], turnDetection: 'manual' });
    await r.clock.settle();
    r.rec.pushAudio(silenceFrame(10, 16000));
    r.rec.commitUserTurn({ audioDetached: true, transcriptTimeoutMs: 100, sttFlushDurationMs: 1000 });
    await r.clock.runUntil(50);
    const frames = r.stt?.streams[0].frames ?? [];
    expect(frames).toHaveLength(6);
    expect(frames[5].samplesPerChannel).toBe(3200);
    expect(r.vad?.streams[0].frames).toHaveLength(6);
    await r.clock.runUntil(599);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    await r.clock.runUntil(700);
    // Manual commit with an STT but no words still ends the turn: timeout 100 + min delay 500.
    expect(r.hooks.endOfTurns().map((e) => [Math.round(e.t), e.info.newTranscript])).toEqual([[600, '']]);
    await r.rec.aclose();
  });

  it('does nothing without an STT or once closing', async () => {
    const noStt = makeRig({ speeches: [HELLO], stt: false, turnDetection: 'manual' });
    noStt.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 100 });
    await noStt.clock.runUntil(1000);
    expect(noStt.hooks.endOfTurns()).toHaveLength(0);
    await noStt.rec.aclose();
    noStt.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 100 });
    expect(noStt.rec.pendingWork()).toEqual([]);

    const r = makeRig({ speeches: [HELLO], turnDetection: 'manual' });
    await r.rec.aclose();
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 100 });
    expect(r.rec.pendingWork()).toEqual([]);
  });
});

describe('AudioRecognition clearUserTurn and updateOptions', () => {
  it('clearUserTurn forgets the transcript and restarts the STT stream', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'ignore me' },
        { startMs: 3000, endMs: 3500, transcript: 'keep me' },
      ],
    });
    await r.clock.runUntil(1800);
    expect(r.rec.audioTranscript).toBe('ignore me');
    r.rec.clearUserTurn();
    expect(r.rec.currentTranscript).toBe('');
    await r.clock.runUntil(2500);
    // The VAD end of speech at 2000 found no words: no turn.
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    expect(r.stt?.streams).toHaveLength(2);
    expect(r.stt?.streams[0].closed).toBe(true);
    expect(r.stt?.streams[1].closed).toBe(false);
    await r.clock.runUntil(5000);
    expect(r.hooks.endOfTurns().map((e) => e.info.newTranscript)).toEqual(['keep me']);
    await r.rec.aclose();
  });

  it('min/max endpointing delays apply to the next countdown', async () => {
    const r = makeRig({ speeches: [HELLO] });
    await r.clock.runUntil(2000);
    r.rec.updateOptions({ minEndpointingDelayMs: 1200, maxEndpointingDelayMs: 7000 });
    await r.clock.runUntil(5000);
    expect(r.hooks.endOfTurns().map((e) => Math.round(e.t))).toEqual([3700]);
    expect(r.ofType('end_of_turn')[0].delayMs).toBe(1200);
    await r.rec.aclose();
  });

  it('switching to manual drops a pending end of turn; switching back restores VAD turns', async () => {
    const r = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'first' },
        { startMs: 4000, endMs: 4500, transcript: 'second' },
      ],
      minEndpointingDelayMs: 1000,
    });
    await r.clock.runUntil(2100); // countdown pending until 2500
    r.rec.updateOptions({ turnDetection: 'manual' });
    expect(r.rec.turnDetectionMode).toBe('manual');
    await r.clock.runUntil(3500);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    r.rec.updateOptions({ turnDetection: 'vad' });
    await r.clock.runUntil(7000);
    const eots = r.hooks.endOfTurns();
    expect(eots.map((e) => Math.round(e.t))).toEqual([5500]);
    expect(eots[0].info.newTranscript).toBe('first second');
    await r.rec.aclose();
  });

  it('switching between non-manual modes keeps a pending end of turn', async () => {
    const r = makeRig({ speeches: [HELLO], minEndpointingDelayMs: 1000 });
    await r.clock.runUntil(3100);
    r.rec.updateOptions({ turnDetection: 'stt' });
    await r.clock.runUntil(4000);
    expect(r.hooks.endOfTurns().map((e) => Math.round(e.t))).toEqual([3500]);
    await r.rec.aclose();
  });
});

describe('AudioRecognition lifecycle', () => {
  it('close fires a pending end of turn at once, then leaves no timer, task or open stream', async () => {
    const r = makeRig({ speeches: [HELLO], minEndpointingDelayMs: 3000 });
    await r.clock.runUntil(3200);
    expect(r.hooks.endOfTurns()).toHaveLength(0);
    expect(r.clock.pendingTimerCount()).toBeGreaterThan(0);
    await r.rec.aclose();
    const eots = r.hooks.endOfTurns();
    expect(eots).toHaveLength(1);
    expect(eots[0].t).toBeCloseTo(3200, 0);
    expect(r.rec.pendingWork()).toEqual([]);
    expect(r.clock.pendingTimerCount()).toBe(0);
    expect(r.vad?.streams.every((s) => s.closed)).toBe(true);
    expect(r.stt?.streams.every((s) => s.closed)).toBe(true);
    // Audio after close goes nowhere and does not throw.
    r.rec.pushAudio(silenceFrame(10, 16000));
    await r.clock.runUntil(20000);
    expect(r.hooks.calls.filter((c) => c.t > 3300)).toHaveLength(0);
  });

  it('close lets a commit in progress finish first', async () => {
    const r = makeRig({ speeches: [{ ...HELLO, final: false }], turnDetection: 'manual' });
    await r.clock.runUntil(2700);
    r.rec.commitUserTurn({ audioDetached: false, transcriptTimeoutMs: 800 });
    await r.clock.settle();
    let closed = false;
    const closing = r.rec.aclose().then(() => {
      closed = true;
    });
    await r.clock.runUntil(3400);
    expect(closed).toBe(false);
    await r.clock.runUntil(3600);
    await closing;
    expect(closed).toBe(true);
    expect(r.hooks.endOfTurns().map((e) => [Math.round(e.t), e.info.newTranscript])).toEqual([
      [3500, 'Hello, how'],
    ]);
    expect(r.rec.pendingWork()).toEqual([]);
    expect(r.clock.pendingTimerCount()).toBe(0);
  });

  it('stop closes the streams (start alone does not revive them, as upstream); new providers restart', async () => {
    const r = makeRig({ speeches: [{ startMs: 3000, endMs: 3500, transcript: 'after restart' }] });
    await r.clock.runUntil(1000);
    r.rec.stop();
    await r.clock.runUntil(1500);
    expect(r.vad?.streams[0].closed).toBe(true);
    expect(r.stt?.streams[0].closed).toBe(true);
    r.rec.start();
    await r.clock.runUntil(1600);
    expect(r.vad?.streams).toHaveLength(1);
    if (!r.vad || !r.stt) throw new Error('rig without providers');
    r.rec.updateVad(r.vad);
    r.rec.updateStt(sttNodeFromStt(r.stt));
    await r.clock.runUntil(5000);
    expect(r.hooks.endOfTurns().map((e) => e.info.newTranscript)).toEqual(['after restart']);
    await r.rec.aclose();
    expect(r.rec.pendingWork()).toEqual([]);
    expect(r.clock.pendingTimerCount()).toBe(0);
    expect(r.stt?.streams.every((s) => s.closed)).toBe(true);
  });
});

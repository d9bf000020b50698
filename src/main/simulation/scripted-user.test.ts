import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/base/virtual-clock';
import type { SpeechEvent } from '../engine/stt/stt';
import type { VADEvent } from '../engine/vad/vad';
import { scenarioStt, scenarioVad } from './scenario-providers';
import { LANE, ScriptTimeline } from './script-timeline';
import { ScriptedUser, type SimulatedSpeech } from './scripted-user';

const speech = (
  startMs: number,
  endMs: number,
  transcript: string,
  sttDelayMs = 200,
  final = true,
): SimulatedSpeech => ({
  startMs,
  endMs,
  transcript,
  sttDelayMs,
  final,
});

function collect<T>(
  it: AsyncIterable<T>,
  clock: VirtualClock,
): { got: Array<[number, T]>; done: Promise<void> } {
  const got: Array<[number, T]> = [];
  const done = (async () => {
    for await (const ev of it) got.push([clock.instantMs, ev]);
  })();
  return { got, done };
}

describe('scenario VAD on the scripted user (format §4.1)', () => {
  it('speech 500-2500: START at 550, inference every 50 ms up to the first tick >= 2900, END at 3000', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    const user = new ScriptedUser([speech(500, 2500, 'Hello, how are you?')], tl);
    const stream = scenarioVad(clock, user).stream();
    const { got, done } = collect<VADEvent>(stream, clock);
    tl.start();
    await clock.runUntil(5000);
    await stream.close();
    await done;

    const start = got.filter(([, e]) => e.type === 'start_of_speech');
    const inf = got.filter(([, e]) => e.type === 'inference_done');
    const end = got.filter(([, e]) => e.type === 'end_of_speech');
    expect(start.map(([t]) => t)).toEqual([550]);
    expect(start[0][1].speechDurationMs).toBe(50);
    expect(inf[0][0]).toBe(600);
    expect(inf.at(-1)?.[0]).toBe(2900);
    expect(inf.length).toBe((2900 - 600) / 50 + 1);
    expect(inf.every(([, e]) => e.speaking === false)).toBe(true);
    expect(end.map(([t]) => t)).toEqual([3000]);
    expect(end[0][1].silenceDurationMs).toBe(500);
    expect(end[0][1].speechDurationMs).toBe(2000);
    // Timestamps are the clock's time of delivery.
    expect(Math.round(end[0][1].timestamp)).toBe(3000);
  });

  it('inference fields follow the formulas before and after the end of speech', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    const user = new ScriptedUser([speech(500, 2500, 'x')], tl);
    const stream = scenarioVad(clock, user).stream();
    const { got, done } = collect<VADEvent>(stream, clock);
    tl.start();
    await clock.runUntil(4000);
    await stream.close();
    await done;
    const at = (t: number) => got.find(([tt, e]) => tt === t && e.type === 'inference_done')?.[1];
    expect(at(2500)).toMatchObject({
      speechDurationMs: 2000,
      silenceDurationMs: 0,
      rawAccumulatedSpeechMs: 2000,
      rawAccumulatedSilenceMs: 0,
      probability: 1,
    });
    expect(at(2700)).toMatchObject({
      speechDurationMs: 2000,
      silenceDurationMs: 200,
      rawAccumulatedSpeechMs: 0,
      rawAccumulatedSilenceMs: 200,
      probability: 0,
    });
  });

  it('a stream created mid-speech never replays the past and skips a speech whose start it missed', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    const user = new ScriptedUser([speech(500, 1000, 'one'), speech(3000, 3500, 'two')], tl);
    const vad = scenarioVad(clock, user);
    tl.start();
    await clock.runUntil(700);
    const late = vad.stream();
    const { got, done } = collect<VADEvent>(late, clock);
    await clock.runUntil(5000);
    await late.close();
    await done;
    expect(got[0]).toMatchObject([3050, { type: 'start_of_speech' }]);
    expect(got.every(([t]) => t >= 3050)).toBe(true);
    expect(got.filter(([, e]) => e.type === 'end_of_speech').map(([t]) => t)).toEqual([4000]);
  });

  it('a speech starting before the previous END_OF_SPEECH is heard right after it', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    const user = new ScriptedUser([speech(0, 1000, 'a'), speech(1200, 2000, 'b')], tl);
    const kinds = user.vadPlan.filter((e) => e.type !== 'inference_done').map((e) => [e.type, e.atMs]);
    expect(kinds).toEqual([
      ['start_of_speech', 50],
      ['end_of_speech', 1500],
      ['start_of_speech', 1500],
      ['end_of_speech', 2500],
    ]);
  });

  it('close ends the iteration and unsubscribes', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    const user = new ScriptedUser([speech(0, 100, 'a')], tl);
    const stream = scenarioVad(clock, user).stream();
    expect(user.openStreams()).toEqual(['scripted vad stream #1']);
    await stream.close();
    expect(user.openStreams()).toEqual([]);
  });
});

describe('scenario STT on the scripted user (format §4.2)', () => {
  it('interim of the first two words at e + delay/2, final at e + delay; noise is not transcribed', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    const user = new ScriptedUser([speech(500, 2500, 'Hello, how are you?'), speech(3000, 3600, '')], tl);
    const stream = scenarioStt(clock, user).stream();
    const { got, done } = collect<SpeechEvent>(stream, clock);
    tl.start();
    await clock.runUntil(6000);
    await stream.close();
    await done;
    expect(got.map(([t, e]) => [t, e.type, e.alternatives[0].text])).toEqual([
      [2600, 'interim_transcript', 'Hello, how'],
      [2700, 'final_transcript', 'Hello, how are you?'],
    ]);
  });

  it('with sttDelayMs 0 the interim comes before the final in the same instant, after the VAD event', async () => {
    const clock = new VirtualClock();
    const tl = new ScriptTimeline(clock);
    // 6550 + 19 * 50 = 7500: an inference tick lands on the end of speech.
    const user = new ScriptedUser([speech(6500, 7500, 'ok, stop!', 0)], tl);
    const order: string[] = [];
    user.onTranscript('t', (e) => order.push(`${e.atMs} stt ${e.isFinal ? 'final' : 'interim'}`));
    user.onVad('v', (e) => e.atMs === 7500 && order.push(`${e.atMs} vad ${e.type}`));
    tl.add(7500, LANE.action, 'action', () => order.push('7500 action'));
    tl.start();
    await clock.runUntil(9000);
    expect(order).toEqual(['7500 action', '7500 vad inference_done', '7500 stt interim', '7500 stt final']);
  });

  it('final: false gives only the interim', () => {
    const tl = new ScriptTimeline(new VirtualClock());
    const user = new ScriptedUser([speech(0, 1000, 'one two three', 400, false)], tl);
    expect(user.transcriptPlan.map((e) => [e.atMs, e.isFinal, e.text])).toEqual([[1200, false, 'one two']]);
  });
});

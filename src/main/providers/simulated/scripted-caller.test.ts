import { describe, expect, it } from 'vitest';
import { CallerConfigSchema, SttProviderSchema } from '../../../shared/config';
import type { EngineEvent } from '../../../shared/engine-events';
import type { AudioFrame } from '../../engine/audio/frame';
import { VirtualClock } from '../../engine/base/virtual-clock';
import type { SpeechEvent } from '../../engine/stt/stt';
import { voicedRegion, type CallerVoice } from './caller-voice';
import { oracleStt, wordsHeard, type SimulatedSttConfig } from './oracle-stt';
import { ScriptedCaller } from './scripted-caller';

const RATE = 16000;

/** 100 ms of silence, a loud tone of 40 ms per character, 100 ms of silence: timing is exact. */
const toneVoice: CallerVoice = {
  async synthesize(text) {
    const toneSamples = Math.round((text.length * 40 * RATE) / 1000);
    const pad = RATE / 10;
    const data = new Int16Array(pad + toneSamples + pad);
    for (let i = 0; i < toneSamples; i++)
      data[pad + i] = Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / RATE));
    return { data, sampleRate: RATE };
  },
};

function makeCaller(clock: VirtualClock, turns: unknown[], extra: Record<string, unknown> = {}) {
  const caller = new ScriptedCaller(CallerConfigSchema.parse({ turns, ...extra }), {
    clock,
    voice: toneVoice,
  });
  const frames: Array<[number, AudioFrame]> = [];
  const reading = (async () => {
    for await (const f of caller) frames.push([clock.instantMs, f]);
  })();
  return { caller, frames, reading };
}

function agent(caller: ScriptedCaller, clock: VirtualClock, oldState: string, newState: string): void {
  caller.observe({ type: 'agent_state_changed', t: clock.instantMs, oldState, newState } as EngineEvent);
}

/** Clock times of the frames that carry sound. */
function loudTimes(frames: Array<[number, AudioFrame]>): number[] {
  return frames.filter(([, f]) => f.data.some((v) => Math.abs(v) > 1000)).map(([t]) => t);
}

describe('ScriptedCaller', () => {
  it('sends a frame every frameMs and speaks an atMs turn at its time, voiced part included', async () => {
    const clock = new VirtualClock(0);
    const { caller, frames, reading } = makeCaller(clock, [{ text: 'hello', atMs: 1000 }]);
    await caller.start();
    await clock.runUntil(2000);
    caller.stop();
    await reading;
    expect(frames).toHaveLength(201);
    expect(frames.slice(0, 3).map(([t]) => t)).toEqual([0, 10, 20]);
    expect(frames.every(([, f]) => f.samplesPerChannel === 160 && f.sampleRate === RATE)).toBe(true);
    const loud = loudTimes(frames);
    expect(loud[0]).toBe(1100);
    expect(loud.at(-1)).toBe(1290); // 5 characters * 40 ms of tone
    expect(caller.utterances).toEqual([
      {
        index: 0,
        text: 'hello',
        startedAt: 1000,
        voicedStartAt: 1100,
        voicedEndAt: 1300,
        endsAt: 1400,
        trigger: 'at',
        transcribe: true,
      },
    ]);
    expect(caller.finished).toBe(true);
    expect(caller.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('speaks a line whose time has passed right after the previous one, with no gap or overlap', async () => {
    const clock = new VirtualClock(0);
    const { caller, frames, reading } = makeCaller(clock, [
      { text: 'hi', atMs: 0 },
      { text: 'yo', atMs: 100 },
    ]);
    await caller.start();
    await clock.runUntil(1000);
    caller.stop();
    await reading;
    // "hi" is 100 + 80 + 100 ms = 28 frames: 0 .. 270; "yo" follows at 280.
    expect(caller.utterances.map((u) => [u.startedAt, u.endsAt])).toEqual([
      [0, 280],
      [280, 560],
    ]);
    const loud = loudTimes(frames);
    expect([loud[0], loud.at(-1)]).toEqual([100, 450]);
  });

  it('answers afterAgentDoneMs after the agent finishes, holding back while it speaks again', async () => {
    const clock = new VirtualClock(0);
    const { caller, reading } = makeCaller(clock, [
      { text: 'hi', atMs: 0 },
      { text: 'next', afterAgentDoneMs: 300 },
    ]);
    await caller.start();
    await clock.runUntil(400); // first line done at 0 + 100 + 80 + 100 = 280
    agent(caller, clock, 'listening', 'speaking');
    await clock.runUntil(1000);
    agent(caller, clock, 'speaking', 'thinking'); // e.g. a tool call between two sentences
    await clock.runUntil(1200);
    agent(caller, clock, 'thinking', 'speaking');
    await clock.runUntil(2000);
    expect(caller.utterances).toHaveLength(1);
    agent(caller, clock, 'speaking', 'listening');
    await clock.runUntil(3000);
    caller.stop();
    await reading;
    expect(caller.utterances[1]).toMatchObject({ text: 'next', startedAt: 2300, trigger: 'agent_done' });
  });

  it('barges in afterAgentStartMs into the agent speech, and gives up waiting for a silent agent', async () => {
    const clock = new VirtualClock(0);
    const { caller, reading } = makeCaller(
      clock,
      [{ text: 'hi', atMs: 0 }, { text: 'stop', bargeIn: true, afterAgentStartMs: 250 }, { text: 'hello?' }],
      { giveUpAfterMs: 5000 },
    );
    await caller.start();
    await clock.runUntil(1000);
    agent(caller, clock, 'thinking', 'speaking');
    await clock.runUntil(1500);
    expect(caller.utterances[1]).toMatchObject({ text: 'stop', startedAt: 1250, trigger: 'barge_in' });
    agent(caller, clock, 'speaking', 'listening'); // interrupted: then the agent says nothing
    await clock.runUntil(10_000);
    caller.stop();
    await reading;
    // "stop" (360 ms) was sent by 1600; the agent never replied.
    expect(caller.utterances[2]).toMatchObject({ text: 'hello?', startedAt: 6600, trigger: 'give_up' });
  });

  it('says which turn failed to synthesize', async () => {
    const clock = new VirtualClock(0);
    const silent: CallerVoice = {
      synthesize: async () => ({ data: new Int16Array(1600), sampleRate: RATE }),
    };
    const caller = new ScriptedCaller(CallerConfigSchema.parse({ turns: [{ text: 'quiet please' }] }), {
      clock,
      voice: silent,
    });
    await expect(caller.start()).rejects.toThrow(
      /simulated caller: caller\.turns\[0\] \("quiet please"\): the voice produced only silence/,
    );
    caller.stop();
  });
});

describe('oracle STT (scripted STT on the caller)', () => {
  const sttConfig = (x: Record<string, unknown>) =>
    SttProviderSchema.parse({ provider: 'simulated', ...x }) as SimulatedSttConfig;

  it('times start, interims, final, end of speech and usage against the caller voice', async () => {
    const clock = new VirtualClock(0);
    const { caller, reading } = makeCaller(clock, [{ text: 'book a table for two', atMs: 500 }]);
    const stt = oracleStt(sttConfig({ delayMs: 200, interimIntervalMs: 300 }), { clock, caller });
    const stream = stt.stream();
    const got: Array<[number, SpeechEvent]> = [];
    const consuming = (async () => {
      for await (const ev of stream) got.push([clock.instantMs, ev]);
    })();
    await caller.start();
    await clock.runUntil(3000);
    // Voice: 600 .. 600 + 20 chars * 40 ms = 1400; final at 1400 + 200.
    const summary = got.map(([t, e]) => [t, e.type, e.alternatives[0]?.text ?? '']);
    expect(summary[0]).toEqual([600, 'start_of_speech', '']);
    const interims = summary.filter(([, type]) => type === 'interim_transcript');
    expect(interims.length).toBeGreaterThanOrEqual(2);
    expect(interims.every(([t]) => (t as number) > 600 && (t as number) < 1600)).toBe(true);
    expect(interims.map(([, , text]) => text)).toEqual([...new Set(interims.map(([, , text]) => text))]);
    expect(summary.slice(-3)).toEqual([
      [1600, 'final_transcript', 'book a table for two'],
      [1600, 'end_of_speech', ''],
      [1600, 'recognition_usage', ''],
    ]);
    expect(got.at(-1)?.[1].audioDurationMs).toBe(1000);
    await stream.close();
    await consuming;
    caller.stop();
    await reading;
    expect(stt.openStreams()).toEqual([]);
    expect(caller.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('a stream opened mid-line still gets its final; no interims when turned off', async () => {
    const clock = new VirtualClock(0);
    const { caller, reading } = makeCaller(clock, [{ text: 'late stream', atMs: 0 }]);
    const stt = oracleStt(sttConfig({ delayMs: 100, interimIntervalMs: 0 }), { clock, caller });
    expect(stt.capabilities.interimResults).toBe(false);
    await caller.start();
    await clock.runUntil(300);
    const stream = stt.stream();
    const got: SpeechEvent[] = [];
    const consuming = (async () => {
      for await (const ev of stream) got.push(ev);
    })();
    await clock.runUntil(2000);
    await stream.close();
    await consuming;
    caller.stop();
    await reading;
    expect(got.map((e) => e.type)).toEqual(['final_transcript', 'end_of_speech', 'recognition_usage']);
  });

  it('a line with transcribe: false is heard but never transcribed; the next line is', async () => {
    const clock = new VirtualClock(0);
    const { caller, frames, reading } = makeCaller(clock, [
      { text: 'mm-hmm', atMs: 200, transcribe: false },
      { text: 'tomorrow', atMs: 1500 },
    ]);
    const stt = oracleStt(sttConfig({ delayMs: 100, interimIntervalMs: 200 }), { clock, caller });
    const stream = stt.stream();
    const got: Array<[number, SpeechEvent]> = [];
    const consuming = (async () => {
      for await (const ev of stream) got.push([clock.instantMs, ev]);
    })();
    await caller.start();
    await clock.runUntil(3500);
    await stream.close();
    await consuming;
    caller.stop();
    await reading;
    // The backchannel sounds (the VAD would hear it) ...
    expect(loudTimes(frames)[0]).toBe(300);
    expect(caller.utterances.map((u) => [u.text, u.transcribe])).toEqual([
      ['mm-hmm', false],
      ['tomorrow', true],
    ]);
    // ... but every STT event belongs to the second line.
    expect(got.length).toBeGreaterThan(0);
    expect(got.every(([t]) => t >= caller.utterances[1].voicedStartAt)).toBe(true);
    const finals = got
      .filter(([, e]) => e.type === 'final_transcript')
      .map(([, e]) => e.alternatives[0].text);
    expect(finals).toEqual(['tomorrow']);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('reveals words in proportion to the voice heard', () => {
    expect(wordsHeard('one two three four', 0, 1000)).toBe('');
    expect(wordsHeard('one two three four', 500, 1000)).toBe('one two');
    expect(wordsHeard('one two three four', 2000, 1000)).toBe('one two three four');
    expect(voicedRegion(new Int16Array(1600), RATE)).toBeNull();
  });
});

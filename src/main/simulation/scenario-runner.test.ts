import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from './scenario-loader';
import { VirtualClock } from '../engine/base/virtual-clock';
import { leakMessages, runEndMs, runScenario } from './scenario-runner';
import { buildSimulatedWorld } from './simulated-world';

function scenario(json: Record<string, unknown>): Scenario {
  const r = parseScenario({
    name: 'inline',
    agent: { instructions: 'You are a helpful assistant.' },
    ...json,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const canonical = {
  options: { preemptiveGeneration: false },
  script: [
    { userSpeech: { startMs: 500, endMs: 2500, transcript: 'Hello, how are you?' } },
    { llm: { content: "I'm doing well, thank you!" } },
    { tts: { audioDurationMs: 2000 } },
  ],
  drainAfterMs: 3000,
};

describe('runEndMs (format §6)', () => {
  it('is the later of the last speech end + its stt delay and the last action, plus drainAfterMs', () => {
    expect(runEndMs(scenario({ drainAfterMs: 100 }))).toBe(100);
    expect(runEndMs(scenario({ ...canonical, actions: [{ atMs: 1000, clearUserTurn: {} }] }))).toBe(
      2700 + 3000,
    );
    expect(runEndMs(scenario({ ...canonical, actions: [{ atMs: 9000, clearUserTurn: {} }] }))).toBe(
      9000 + 3000,
    );
  });
});

describe('runScenario', () => {
  it('runs a canonical turn on the virtual clock, closes cleanly and passes its expectations', async () => {
    const out = await runScenario(
      scenario({
        ...canonical,
        expect: {
          agentStates: [
            'listening',
            { state: 'thinking', atMs: 3000 },
            { state: 'speaking', atMs: 3500 },
            { state: 'listening', atMs: 5500 },
          ],
          playbackFinished: [{ positionMs: 2000, interrupted: false, atMs: 5500 }],
          llmRequests: [{ key: 'Hello, how are you?', tools: [], toolChoice: null }],
          eventCounts: { close: 1 },
        },
      }),
    );
    expect(out.failures).toEqual([]);
    expect(out.record.originMs).toBe(0);
    // The run ends at 2700 + 3000, then drains and closes.
    expect(out.endedAtMs).toBeGreaterThanOrEqual(5700);
  });

  it('is deterministic: two runs emit the same event types at the same times', async () => {
    const shape = async () =>
      (await runScenario(scenario(canonical))).record.events.map((e) => `${e.t.toFixed(3)} ${e.type}`);
    const a = await shape();
    expect(a.length).toBeGreaterThan(20);
    expect(await shape()).toEqual(a);
  });

  it('reports what differs when an expectation does not hold', async () => {
    const out = await runScenario(
      scenario({ ...canonical, expect: { agentStates: ['listening', 'speaking'] } }),
    );
    expect(out.failures.map((f) => f.message)).toEqual([
      expect.stringMatching(/^agentStates\[1\]: expected \{"state":"speaking"\}, got "thinking"@3000/),
      expect.stringMatching(/^agentStates: expected 2 entries, got 4: /),
    ]);
  });

  it('runs same-instant actions in file order and records the LLM request they cause', async () => {
    const out = await runScenario(
      scenario({
        script: [{ llm: { input: 'greet the user', content: 'Hi!' } }, { tts: { audioDurationMs: 500 } }],
        actions: [
          { atMs: 1000, updateOptions: { minEndpointingDelayMs: 800 } },
          { atMs: 1000, generateReply: { instructions: 'greet the user' } },
        ],
        drainAfterMs: 2000,
        expect: {
          llmRequests: [{ key: 'greet the user' }],
          events: [
            { type: 'config_updated', atMs: 1000 },
            { type: 'speech_created', source: 'generate_reply', atMs: 1000 },
          ],
          agentStates: [
            'listening',
            { state: 'thinking', atMs: 1000 },
            { state: 'speaking', atMs: 1500 },
            { state: 'listening', atMs: 2000 },
          ],
        },
      }),
    );
    expect(out.failures).toEqual([]);
  });

  it('a say whose text has no scripted TTS plays nothing and the run still closes cleanly', async () => {
    const out = await runScenario(
      scenario({ actions: [{ atMs: 10, say: { text: 'no tts scripted' } }], drainAfterMs: 100 }),
    );
    expect(out.failures).toEqual([]);
    expect(out.record.playbackFinished).toEqual([]);
  });
});

describe('simulated world on the virtual clock', () => {
  it('t = 0 is the first audio frame after start, and the engine forwards the audio to the fake VAD and STT', async () => {
    const clock = new VirtualClock();
    const world = buildSimulatedWorld(scenario(canonical), clock);
    let started = false;
    void world.start().then(() => (started = true));
    await clock.runUntilDone(() => started, 1000);
    expect(world.timeline.originMs).toBe(clock.instantMs);
    await clock.runUntil(1000);
    expect(world.input.framesSent).toBe(101);
    expect(world.vad?.framesPushed).toBeGreaterThan(50);
    expect(world.stt?.framesPushed).toBeGreaterThan(50);
    let closed = false;
    void world.session.close().then(() => (closed = true));
    await clock.runUntilDone(() => closed, 60_000);
    world.stop();
    await clock.settle();
    expect(world.openFakeStreams()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });
});

describe('leak messages', () => {
  it('names every kind of leftover and nothing when clean', () => {
    expect(
      leakMessages({ pendingWork: [], openFakeStreams: [], outputBusy: false, pendingTimers: 0 }),
    ).toEqual([]);
    expect(
      leakMessages({
        pendingWork: ['session:forward_audio'],
        openFakeStreams: ['fake vad stream #1'],
        outputBusy: true,
        pendingTimers: 2,
      }),
    ).toEqual([
      'engine work still pending after close: session:forward_audio',
      'provider streams the engine never closed: fake vad stream #1',
      'the audio output is still playing or paused after close (no clearBuffer/resume)',
      '2 clock timer(s) still pending after close',
    ]);
  });
});

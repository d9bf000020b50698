import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from '../../simulation/scenario-loader';
import { runEndMs } from '../../simulation/scenario-runner';
import { ioRig } from './testing/io-rig';
import { openScenario } from './scenario-io';

function scenario(json: unknown): Scenario {
  const loaded = parseScenario(json, 'test.scenario.json');
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return loaded.scenario;
}

const ONE_TURN = {
  name: 'one turn',
  script: [
    { userSpeech: { startMs: 500, endMs: 1500, transcript: 'Hi there.' } },
    { llm: { content: 'Hello!' } },
    { tts: { audioDurationMs: 800 } },
  ],
  drainAfterMs: 2000,
};

describe('ScenarioIO', () => {
  it('plays the script from start, asks the session to finish when it is over, and leaves nothing after release', async () => {
    const r = ioRig();
    const s = scenario(ONE_TURN);
    const { io, session, agents, fallbacks } = openScenario(s, r.ctx);
    expect(fallbacks).toEqual([]);
    expect(io.audioInput).not.toBeNull();
    expect(io.audioOutput).not.toBeNull();
    await io.start(r.control);
    expect(io.pendingWork()).toContain('script end timer');
    const endMs = runEndMs(s);
    expect(endMs).toBeGreaterThan(3500);
    await r.clock.advance(endMs - 1);
    expect(r.finished.count).toBe(0);
    await r.clock.advance(1);
    expect(r.finished.count).toBe(1);
    // The scenario's engine emits into the session's one stream.
    session.updateOptions({ minEndpointingDelayMs: 700 });
    expect(r.events.at(-1)).toMatchObject({
      type: 'config_updated',
      field: 'minEndpointingDelayMs',
      value: 700,
    });
    expect(agents.start.id).toBe('default_agent');
    io.end();
    io.halt();
    await io.release();
    expect(io.pendingWork()).toEqual([]);
  });

  it('a stop before the script is over cancels the end timer and the rest of the script', async () => {
    const r = ioRig();
    const { io } = openScenario(scenario(ONE_TURN), r.ctx);
    await io.start(r.control);
    expect(io.pendingWork()).toEqual(expect.arrayContaining(['script end timer']));
    io.end();
    io.halt();
    await io.release();
    await r.clock.advance(10_000);
    expect(r.finished.count).toBe(0);
    expect(io.pendingWork()).toEqual([]);
  });
});

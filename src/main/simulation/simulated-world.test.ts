import { describe, expect, it } from 'vitest';
import { RealClock } from '../engine/base/clock';
import { parseScenario } from './scenario-loader';
import { buildSimulatedWorld } from './simulated-world';

describe('simulated world on the real clock (the studio demo path)', () => {
  it('plays a scripted say in real time and closes leaving no stream open', async () => {
    const r = parseScenario({
      name: 'live demo',
      agent: { instructions: 'demo' },
      script: [
        { tts: { input: 'Welcome to the studio.', audioDurationMs: 100, ttfbMs: 20, durationMs: 30 } },
      ],
      actions: [{ atMs: 10, say: { text: 'Welcome to the studio.' } }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const world = buildSimulatedWorld(r.scenario, new RealClock());
    const states: string[] = [];
    world.session.onEvent((ev) => {
      if (ev.type === 'agent_state_changed') states.push(ev.newState);
    });
    await world.start();
    const deadline = Date.now() + 5000;
    while (world.output.playbackFinished.length === 0 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 10));
    }
    await world.session.close();
    world.stop();
    world.output.dispose();
    expect(world.output.playbackFinished).toMatchObject([{ positionMs: 100, interrupted: false }]);
    expect(states).toEqual(['listening', 'speaking', 'listening']);
    expect(world.openFakeStreams()).toEqual([]);
    expect(world.session.pendingWork()).toEqual([]);
  });
});

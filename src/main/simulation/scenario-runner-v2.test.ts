/**
 * The runner's v2 rules that no shipped file can show on its own (docs/scenario-format.md §13.2,
 * §14.1, §15.3): an expectError that never comes, an unexpected failure naming its action, and a
 * start that fails (only the realtime branch makes the seed's start() raise, so here the session's
 * start is made to reject).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AgentSession } from '../engine/voice/agent-session';
import { parseScenario, type Scenario } from './scenario-loader';
import { runScenario } from './scenario-runner';

function v2(json: Record<string, unknown>): Scenario {
  const r = parseScenario({ name: 'inline', formatVersion: 2, drainAfterMs: 500, ...json });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const messages = (failures: { message: string }[]): string[] => failures.map((f) => f.message);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('expectError (§13.2)', () => {
  it('an action that was expected to fail but did not fails the run, naming its index', async () => {
    const out = await runScenario(
      v2({
        script: [{ tts: { input: 'Hello.', audioDurationMs: 100 } }],
        actions: [
          { atMs: 100, updateInstructions: 'Be brief.' },
          { atMs: 200, say: { text: 'Hello.' }, expectError: true },
        ],
      }),
    );
    expect(messages(out.failures)).toEqual([
      'actions: actions[1] (say at 200) was expected to fail (expectError) but did not',
    ]);
  });

  it('an unexpected failure fails the run with the engine message; the run goes on', async () => {
    const out = await runScenario(
      v2({
        components: { tts: false },
        actions: [
          { atMs: 100, say: { text: 'Hello.' } },
          { atMs: 200, updateInstructions: 'Be brief.' },
        ],
        expect: {
          chatContext: [
            { type: 'message', role: 'system', content: 'Be brief.' },
            { type: 'agent_config_update' },
            { type: 'agent_config_update', instructions: 'Be brief.' },
          ],
        },
      }),
    );
    expect(messages(out.failures)).toEqual([
      'actions: actions[0] (say at 100) threw trying to generate speech from text without a TTS model',
    ]);
  });

  it('an expected failure is a passing check', async () => {
    const out = await runScenario(
      v2({
        components: { tts: false },
        actions: [{ atMs: 100, say: { text: 'Hello.' }, expectError: true }],
      }),
    );
    expect(out.failures).toEqual([]);
  });
});

describe('startFails (§14.1) and a failed start (§15.3)', () => {
  const failingStart = (): void => {
    vi.spyOn(AgentSession.prototype, 'start').mockRejectedValue(new Error('cannot build the activity'));
  };
  const withAction = { actions: [{ atMs: 0, updateInstructions: 'never delivered' }] };

  it('a start that raises with startFails true passes, and nothing else runs', async () => {
    failingStart();
    const out = await runScenario(v2({ ...withAction, expect: { startFails: true } }));
    expect(out.failures).toEqual([]);
    expect(out.record.events).toEqual([]);
    expect(out.endedAtMs).toBe(0);
  });

  it('a start that raises without startFails fails the run with its message', async () => {
    failingStart();
    const out = await runScenario(v2(withAction));
    expect(messages(out.failures)).toEqual(['run: session.start() failed: Error: cannot build the activity']);
  });

  it('a start that succeeds with startFails true fails the check startFails', async () => {
    const out = await runScenario(v2({ expect: { startFails: true } }));
    expect(out.failures.map((f) => f.check)).toEqual(['startFails']);
    expect(messages(out.failures)).toEqual([
      'startFails: expected session.start() to fail (expect.startFails), but it started',
    ]);
  });
});

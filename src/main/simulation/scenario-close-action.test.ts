import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from './scenario-loader';
import { executeScenario } from './scenario-runner';

/** A typed turn answered with 5 s of speech, stopped (`close`) 2 s into it, while the user speaks. */
function stoppedMidReply(userFinalAtMs: number | null): Scenario {
  const r = parseScenario({
    name: 'stopped',
    agent: { instructions: 'x' },
    script: [
      { llm: { input: 'hello', content: 'A long answer.' } },
      { tts: { input: 'A long answer.', audioDurationMs: 5000 } },
      ...(userFinalAtMs === null
        ? []
        : [{ userSpeech: { startMs: 2500, endMs: userFinalAtMs, transcript: 'Thanks,', sttDelayMs: 0 } }]),
    ],
    actions: [
      { atMs: 100, userText: 'hello' },
      { atMs: 2000, close: {} },
    ],
    drainAfterMs: 10_000,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('scenario action close (the studio Stop)', () => {
  it('closes the session at its time, interrupting the reply (cause close); the harness does not drain', async () => {
    const run = await executeScenario(stoppedMidReply(null));
    expect(run.runFailures).toEqual([]);
    const o = run.record.originMs;
    const cut = run.record.events.find((e) => e.type === 'speech_lifecycle' && e.state === 'interrupted');
    expect(cut).toMatchObject({ cause: 'close' });
    expect(Math.round(cut!.t - o)).toBe(2000);
    // The close waits up to 2 s for the user's last words, then the session is closed: not 10 s later.
    const close = run.record.events.find((e) => e.type === 'close')!;
    expect(Math.round(close.t - o)).toBe(4000);
  });

  it("commits the user's words whose final transcript comes during the close", async () => {
    const run = await executeScenario(stoppedMidReply(3500));
    expect(run.runFailures).toEqual([]);
    const users = run.record.events.flatMap((e) =>
      e.type === 'conversation_item_added' && e.item.type === 'message' && e.item.role === 'user'
        ? [e.item.content]
        : [],
    );
    expect(users).toEqual(['hello', 'Thanks,']);
    const close = run.record.events.find((e) => e.type === 'close')!;
    expect(Math.round(close.t - run.record.originMs)).toBe(3500);
  });
});

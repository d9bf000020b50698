import { describe, expect, it } from 'vitest';
import { parseScenario, type Scenario } from './scenario-loader';
import { executeScenario, type ScenarioRun } from './scenario-runner';

/** Two typed turns 500 ms apart; each answer is 3 s of speech. */
function typedTwice(options: Record<string, unknown> = {}): Scenario {
  const r = parseScenario({
    name: 'typed twice',
    agent: { instructions: 'x' },
    options,
    script: [
      { llm: { input: 'first', content: 'First answer.' } },
      { tts: { input: 'First answer.', audioDurationMs: 3000 } },
      { llm: { input: 'second', content: 'Second answer.' } },
      { tts: { input: 'Second answer.', audioDurationMs: 3000 } },
    ],
    actions: [
      { atMs: 500, userText: 'first' },
      { atMs: 1000, userText: 'second' },
    ],
    drainAfterMs: 8000,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const assistant = (run: ScenarioRun) =>
  run.record.chatContext.flatMap((m) =>
    m.type === 'message' && m.role === 'assistant'
      ? [`${m.content}${m.interrupted ? ' (interrupted)' : ''}`]
      : [],
  );

describe('scenario action userText (a typed turn, as the studio sends it)', () => {
  it('interrupts the reply before it and is answered (textInputInterrupts, the default)', async () => {
    const run = await executeScenario(typedTwice());
    expect(run.runFailures).toEqual([]);
    const cut = run.record.events.filter((e) => e.type === 'speech_lifecycle' && e.state === 'interrupted');
    expect(cut.map((e) => (e.type === 'speech_lifecycle' ? e.cause : null))).toEqual(['text_input']);
    expect(assistant(run).at(-1)).toBe('Second answer.');
  });

  it('queues behind the reply before it with textInputInterrupts off', async () => {
    const run = await executeScenario(typedTwice({ textInputInterrupts: false }));
    expect(run.runFailures).toEqual([]);
    expect(assistant(run)).toEqual(['First answer.', 'Second answer.']);
  });

  it('an empty userText is refused, naming the action', () => {
    const r = parseScenario({
      name: 'x',
      agent: { instructions: 'x' },
      actions: [{ atMs: 0, userText: '' }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify(r.issues)).toMatch(/actions.*userText|userText/);
  });
});

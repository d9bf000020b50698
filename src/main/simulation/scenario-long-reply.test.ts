/**
 * Issue 8: a scenario whose scripted LLM reply is 1,000,000 characters used to never finish
 * (quadratic tokenizing and channel draining). It now completes in the unit suite: the reply is
 * cut at maxReplyChars with a warning, and the session closes cleanly.
 */
import { describe, expect, it } from 'vitest';
import { REPLY_CAP_SOURCE } from '../engine/voice/generation/reply-cap';
import { parseScenario, type Scenario } from './scenario-loader';
import { runScenario } from './scenario-runner';

const MILLION = 'Here is one more sentence of a very long reply. '.repeat(20_834).slice(0, 1_000_000);

function scenario(options: Record<string, unknown>): Scenario {
  const r = parseScenario({
    name: 'million-character reply',
    agent: { instructions: 'You are a helpful assistant.' },
    options: { preemptiveGeneration: false, ...options },
    script: [
      { userSpeech: { startMs: 500, endMs: 2500, transcript: 'Tell me everything.' } },
      { llm: { input: 'Tell me everything.', content: MILLION } },
      { userSpeech: { startMs: 8000, endMs: 9000, transcript: 'Thanks.' } },
      { llm: { input: 'Thanks.', content: 'You are welcome.' } },
    ],
    drainAfterMs: 3000,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

const assistant = (s: Awaited<ReturnType<typeof runScenario>>): string[] =>
  s.record.chatContext.flatMap((i) => (i.type === 'message' && i.role === 'assistant' ? [i.content] : []));

describe('a scenario with a 1,000,000-character llm.content', () => {
  it('completes: the reply is cut at the default maxReplyChars and the next turn is answered', async () => {
    expect(MILLION).toHaveLength(1_000_000);
    const out = await runScenario(scenario({}));
    expect(out.failures).toEqual([]);
    const warnings = out.record.events.filter((e) => e.type === 'warning' && e.source === REPLY_CAP_SOURCE);
    expect(warnings).toHaveLength(1);
    expect(assistant(out)).toEqual([MILLION.slice(0, 100_000), 'You are welcome.']);
  });

  it('takes more of the reply when the scenario raises maxReplyChars', async () => {
    const out = await runScenario(scenario({ maxReplyChars: 150_000 }));
    expect(out.failures).toEqual([]);
    const warnings = out.record.events.flatMap((e) =>
      e.type === 'warning' && e.source === REPLY_CAP_SOURCE ? [e.message] : [],
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cut after 150000');
    expect(assistant(out)).toEqual([MILLION.slice(0, 150_000), 'You are welcome.']);
  });
});

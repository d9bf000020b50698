/**
 * Budgets of a scenario run (issue 8.7): a valid file asking for days of virtual time fails at
 * once naming the cap and its flag; the wall-clock watchdog stops a long run (tested with a tiny
 * budget on a run that takes far longer, never by racing real time); the suite goes on.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../../cli/in-process';
import { main as scenariosCli } from '../../cli/scenarios';
import { DEFAULT_MAX_VIRTUAL_MS, parseLimitMs } from './run-limits';
import { parseScenario, type Scenario } from './scenario-loader';
import { runScenario } from './scenario-runner';
import { runSuite } from './scenario-suite';

const base = { name: 'budget', agent: { instructions: 'You are a helpful assistant.' } };
const turn = {
  script: [
    { userSpeech: { startMs: 500, endMs: 2500, transcript: 'Hello.' } },
    { llm: { content: 'Hi there!' } },
    { tts: { audioDurationMs: 1000 } },
  ],
};

function scenario(json: Record<string, unknown>): Scenario {
  const r = parseScenario({ ...base, ...json });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

describe('virtual-time cap', () => {
  it('drainAfterMs: 1e9 fails before running, naming the run end, the cap and the flag', async () => {
    const out = await runScenario(scenario({ ...turn, drainAfterMs: 1e9 }));
    expect(out.failures.map((f) => f.message)).toEqual([
      `budget: the script runs until ${2700 + 1e9} ms of virtual time (last user speech or action + drainAfterMs), ` +
        `over the cap of ${DEFAULT_MAX_VIRTUAL_MS} ms per scenario; raise it with --max-virtual-ms N`,
    ]);
    expect(out.record.events).toEqual([]);
  });

  it('a lower cap applies to ordinary files; a file within the cap runs and passes', async () => {
    const s = scenario({ ...turn, drainAfterMs: 3000, expect: { eventCounts: { error: 0 } } });
    const capped = await runScenario(s, { maxVirtualMs: 5000 });
    expect(capped.failures.map((f) => f.message).join('\n')).toMatch(/over the cap of 5000 ms per scenario/);
    const ok = await runScenario(s, { maxVirtualMs: 5700 });
    expect(ok.failures).toEqual([]);
  });
});

describe('wall-clock budget (a watchdog)', () => {
  it('stops a run that would take far longer than a 1 ms budget, naming the budget and the flag', async () => {
    // 500 s of virtual time is 50,000 audio frames: far more than a millisecond of work.
    const out = await runScenario(scenario({ ...turn, drainAfterMs: 500_000 }), { wallBudgetMs: 1 });
    const messages = out.failures.map((f) => f.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(
      /^budget: stopped after 1 ms of real time \(the wall-clock budget per scenario\), at \d+ ms of virtual time; raise it with --timeout-ms N$/,
    );
    expect(out.endedAtMs).toBeLessThan(500_000);
  });
});

describe('the suite goes on after a budget failure', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scenario-budgets-'));
    await writeFile(
      join(dir, 'a-long.scenario.json'),
      JSON.stringify({ ...base, name: 'long', ...turn, drainAfterMs: 1e9 }),
    );
    await writeFile(
      join(dir, 'b-short.scenario.json'),
      JSON.stringify({ ...base, name: 'short', ...turn, drainAfterMs: 1000 }),
    );
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a run over its cap fails and the next one runs', async () => {
    const suite = await runSuite([dir]);
    expect(suite.results.map((r) => [r.name, r.status])).toEqual([
      ['long', 'fail'],
      ['short', 'pass'],
    ]);
    expect(suite.results[0].failures[0]).toContain('--max-virtual-ms');
  });

  it('the CLI takes --max-virtual-ms and --timeout-ms, and refuses bad values', async () => {
    // In this process, output captured (src/cli/scenarios.test.ts also runs the real process).
    const cli = (args: string[]) => runInProcess(scenariosCli, args);
    const raised = await cli([dir, '--max-virtual-ms', '2e9', '--timeout-ms=1']);
    expect(raised.code).toBe(1);
    expect(raised.stdout).toMatch(
      /FAIL long\n {2}budget: stopped after 1 ms of real time .*raise it with --timeout-ms N\n/,
    );
    const bad = await cli([dir, '--timeout-ms', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout-ms expects a positive number of milliseconds; got "soon"');
  });
});

describe('parseLimitMs', () => {
  it('takes positive numbers of ms and explains anything else', () => {
    expect(parseLimitMs('--timeout-ms', '1500')).toBe(1500);
    expect(parseLimitMs('--timeout-ms', '2e9')).toBe(2e9);
    expect(parseLimitMs('--timeout-ms', undefined)).toBe('--timeout-ms needs a number of milliseconds');
    expect(parseLimitMs('--max-virtual-ms', '0')).toMatch(/expects a positive number/);
    expect(parseLimitMs('--max-virtual-ms', '-5')).toMatch(/expects a positive number/);
    expect(parseLimitMs('--max-virtual-ms', 'Infinity')).toMatch(/expects a positive number/);
  });
});

/**
 * A scenario named by `scenarioPath` goes through the same loader as the runner: what the runner
 * refuses, the studio refuses before starting, with the same JSON paths (issue 8.7).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../shared/config';
import { planSession, type PlanResult } from './session-plan';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'session-plan-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function plan(name: string, text: string): Promise<PlanResult> {
  const file = join(dir, `${name}.scenario.json`);
  await writeFile(file, text, 'utf8');
  const config = StudioConfigSchema.parse({ inputMode: 'simulated', scenarioPath: file });
  return planSession(config, { demoScenarioPath: null, demoConfig: null });
}

const refusal = (r: PlanResult) => (r.ok ? null : r.error);
const scenario = { name: 'live', agent: { instructions: 'hi' } };

describe('planSession with scenarioPath', () => {
  it('plays a file saved with a UTF-8 byte order mark', async () => {
    const r = await plan('bom', `\uFEFF${JSON.stringify(scenario)}`);
    expect(r.ok ? r.plan.kind : r.error.message).toBe('scenario');
  });

  it('refuses over-deep values naming the file, the JSON path and the limit', async () => {
    const deep = `{"name":"deep","description":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const error = refusal(await plan('deep', deep));
    expect(error).toMatchObject({ code: 'invalid_input', field: 'scenarioPath' });
    expect(error?.message).toMatch(
      /^scenario .*deep\.scenario\.json is not valid: \$\.description(\[0\]){63}: expected values nested at most 64 levels deep/,
    );
  });

  it('refuses a tool pattern the linear-time engine cannot run, naming its path', async () => {
    const tool = {
      name: 'lookup',
      parameters: { type: 'object', properties: { id: { type: 'string', pattern: '^(?=x)' } } },
    };
    const error = refusal(await plan('pattern', JSON.stringify({ ...scenario, agent: { tools: [tool] } })));
    expect(error?.message).toMatch(
      /is not valid: \$\.agent\.tools\[0\]\.parameters\.properties\.id\.pattern: expected a valid JSON Schema: .*linear-time regex engine/,
    );
  });

  it('names the first problems of a file with many and counts the rest', async () => {
    const extra = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 1]));
    const error = refusal(await plan('many', JSON.stringify({ ...scenario, ...extra })));
    expect(error?.message).toContain('$.k0: unknown key');
    expect(error?.message).not.toContain('$.k5:');
    expect(error?.message).toMatch(/; and 35 more \(npm run scenarios -- FILE lists all\)$/);
  });
});

describe('planSession with the embedded demo', () => {
  it('keeps the user’s price table when the demo config runs in place of a config without a caller', async () => {
    const demo = StudioConfigSchema.parse({
      inputMode: 'simulated',
      caller: { turns: [{ text: 'Hi there' }] },
    });
    const config = StudioConfigSchema.parse({
      inputMode: 'simulated',
      pricing: { scripted: { inputPerMTok: 1, outputPerMTok: 2 } },
    });
    const r = await planSession(config, { demoScenarioPath: null, demoConfig: demo });
    if (!r.ok || r.plan.kind !== 'call') throw new Error(`expected the demo call, got ${JSON.stringify(r)}`);
    expect(r.plan.config.caller).toEqual(demo.caller);
    expect(r.plan.config.pricing).toEqual({ scripted: { inputPerMTok: 1, outputPerMTok: 2 } });
  });
});

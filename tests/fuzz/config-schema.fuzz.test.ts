/**
 * The one config schema guards the editor, presets, scenario files and the CLI: any value is
 * either a config or a list of "path: message" lines, never a throw, and a config it accepts
 * survives a JSON round trip unchanged (what is saved is what loads).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIssues, StudioConfigSchema } from '../../src/shared/config';
import { anyJson, fuzzParams, mutationOf, withinBudget } from './fuzz-support';

const demo = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'resources', 'demo', 'demo-config.json'), 'utf8'),
) as unknown;

function check(value: unknown): void {
  let parsed: ReturnType<typeof StudioConfigSchema.safeParse>;
  try {
    parsed = StudioConfigSchema.safeParse(value);
  } catch (err) {
    expect.fail(`StudioConfigSchema threw instead of refusing: ${String(err)}`);
  }
  if (parsed.success) {
    const again = StudioConfigSchema.safeParse(JSON.parse(JSON.stringify(parsed.data)));
    expect(again.success).toBe(true);
    if (again.success) expect(again.data).toEqual(parsed.data);
    return;
  }
  const lines = formatIssues(parsed.error);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).toMatch(/^\S.*: \S/);
}

describe('config schema under arbitrary input', () => {
  it('any JSON value: a config or issues naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (v) => withinBudget('config parse', () => check(v))),
      fuzzParams(200),
    );
  });

  it('mutations of the demo config: a config or issues naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(mutationOf(demo), async (v) => withinBudget('config parse', () => check(v))),
      fuzzParams(400),
    );
  });
});

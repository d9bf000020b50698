/**
 * Inputs that used to hang or crash the loader (issue 8.7): a byte order mark, values nested
 * deep enough to overflow recursive code, regex patterns that only a backtracking engine runs.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAX_SCENARIO_DEPTH,
  depthIssue,
  loadScenarioFile,
  parseScenario,
  type LoadResult,
} from './scenario-loader';

const base = { name: 'x', agent: { instructions: 'hi' } };

function nested(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

function issues(r: LoadResult): string[] {
  if (r.ok) throw new Error('expected an invalid scenario');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scenario-limits-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('byte order mark', () => {
  it('a UTF-8 file starting with a BOM loads like the same file without it', async () => {
    const file = join(dir, 'bom.scenario.json');
    await writeFile(file, `\uFEFF${JSON.stringify(base)}`, 'utf8');
    const r = await loadScenarioFile(file);
    expect(r.ok ? r.scenario.name : issues(r)).toBe('x');
  });

  it('a BOM anywhere but the start is still a JSON error', async () => {
    const file = join(dir, 'inner-bom.scenario.json');
    await writeFile(file, `{\uFEFF"name": "x"}`, 'utf8');
    expect(issues(await loadScenarioFile(file))[0]).toMatch(/^\$: expected valid JSON/);
  });
});

describe('nesting depth', () => {
  it('an over-deep expectation value is refused at load time naming its JSON path', () => {
    const deep = nested(100_000);
    const out = issues(parseScenario({ ...base, expect: { events: [{ type: 'error', error: deep }] } }));
    expect(out).toHaveLength(1);
    const path = `$.expect.events[0].error${'.a'.repeat(MAX_SCENARIO_DEPTH - 4)}`;
    expect(out[0]).toBe(
      `${path}: expected values nested at most ${MAX_SCENARIO_DEPTH} levels deep; this one goes deeper`,
    );
  });

  it('over-deep tool-call arguments and arrays are refused too; a file within the limit loads', async () => {
    const deepArgs = {
      ...base,
      script: [{ llm: { input: 'hi', toolCalls: [{ name: 'f', arguments: { x: nested(200) } }] } }],
    };
    expect(issues(parseScenario(deepArgs))[0]).toMatch(
      /^\$\.script\[0\]\.llm\.toolCalls\[0\]\.arguments\.x\.a/,
    );
    let arr: unknown = [];
    for (let i = 0; i < 1000; i++) arr = [arr];
    expect(depthIssue({ a: arr })?.path).toMatch(/^\$\.a(\[0\]){63}$/);
    expect(depthIssue(nested(MAX_SCENARIO_DEPTH - 1))).toBeNull();
    // Built in code, not parsed: an array without Array.prototype is walked, not a TypeError.
    const bare = Object.setPrototypeOf([nested(100)], null) as unknown[];
    expect(depthIssue({ bare })?.path).toMatch(/^\$\.bare\[0\](\.a)+$/);

    const file = join(dir, 'deep.scenario.json');
    await writeFile(file, `{"name":"deep","description":${'['.repeat(500_000)}${']'.repeat(500_000)}}`);
    expect(issues(await loadScenarioFile(file))[0]).toMatch(
      /^\$\.description(\[0\]){63}: expected values nested/,
    );
  });
});

describe('tool schema patterns', () => {
  it('a pattern the linear-time engine cannot run makes the file invalid, naming the path', () => {
    const out = issues(
      parseScenario({
        ...base,
        agent: {
          tools: [
            {
              name: 'check',
              parameters: { type: 'object', properties: { code: { type: 'string', pattern: '^(?!x)' } } },
            },
          ],
        },
      }),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\$\.agent\.tools\[0\]\.parameters\.properties\.code\.pattern: expected a valid JSON Schema: .*not supported by the linear-time regex engine/,
    );
  });
});

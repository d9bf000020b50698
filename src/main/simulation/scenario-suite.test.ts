import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, runSuite } from './scenario-suite';

describe('runSuite', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names must be unique within a folder (not across folders); failures and passes are both reported', async () => {
    dir = await mkdtemp(join(tmpdir(), 'suite-'));
    await mkdir(join(dir, 'other'));
    const quiet = (name: string, expect: unknown = {}) => JSON.stringify({ name, drainAfterMs: 100, expect });
    await writeFile(join(dir, 'a.scenario.json'), quiet('same'));
    await writeFile(join(dir, 'b.scenario.json'), quiet('same'));
    await writeFile(join(dir, 'other', 'c.scenario.json'), quiet('same'));
    await writeFile(
      join(dir, 'other', 'd.scenario.json'),
      quiet('expects a reply', { llmRequests: [{ key: 'hi' }] }),
    );
    const seen: string[] = [];
    const suite = await runSuite([dir], { onResult: (r) => seen.push(r.status) });
    const byFile = Object.fromEntries(suite.results.map((r) => [r.file.slice(dir.length + 1), r]));
    expect(byFile['b.scenario.json'].status).toBe('invalid');
    expect(byFile['b.scenario.json'].issues[0]).toEqual({
      path: '$.name',
      message: 'expected a name unique in its folder; "same" is also used by a.scenario.json',
    });
    expect(byFile['a.scenario.json'].status).toBe('pass');
    expect(byFile['other/c.scenario.json'].status).toBe('pass');
    expect(byFile['other/d.scenario.json'].status).toBe('fail');
    expect(byFile['other/d.scenario.json'].failures[0]).toBe('llmRequests: expected 1 entries, got 0: []');
    expect(seen).toHaveLength(4);
    expect(exitCodeFor(suite)).toBe(2);
  });
});

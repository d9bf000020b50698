/**
 * Format v2 at the loader (docs/scenario-format.md §9): which version a file is read with, the
 * v2 keys refused in a v1 file with a message that says how to use them, v2's own unknown keys,
 * and the v1 defaults a v1 file gets in v2 terms.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenarioFiles, loadScenarioFile, parseScenario, type LoadResult } from './scenario-loader';

function issues(r: LoadResult): string[] {
  if (r.ok) throw new Error('expected an invalid scenario');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

const V2_KEY = 'a format v2 key in a format v1 file (add "formatVersion": 2 at the top to use it)';

describe('scenario format v2: loading', () => {
  it('a v1 file (no formatVersion, or 1) reads with every component and nothing else of v2', () => {
    for (const file of [{ name: 'a' }, { name: 'a', formatVersion: 1 }]) {
      const r = parseScenario(file);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(r.scenario.formatVersion).toBe(1);
      expect(r.scenario.components).toEqual({ vad: true, stt: true, tts: true });
      expect(r.scenario.agent.onExit).toBeUndefined();
    }
  });

  it('a v2 file reads its components (absent ones default to true), onExit, priority, expectError, startFails', () => {
    const r = parseScenario({
      name: 'a',
      formatVersion: 2,
      components: { vad: false },
      agent: { onExit: { say: 'bye' } },
      agents: { b: { onExit: { generateReply: { instructions: 'wave' } } } },
      actions: [
        { atMs: 1, say: { text: 'x', priority: 'high' }, expectError: true },
        { atMs: 2, generateReply: { priority: 'low' } },
      ],
      expect: { startFails: false },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const s = r.scenario;
    expect(s.formatVersion).toBe(2);
    expect(s.components).toEqual({ vad: false, stt: true, tts: true });
    expect(s.agent.onExit).toEqual({ say: 'bye' });
    expect(s.agents.b.onExit).toEqual({ generateReply: { instructions: 'wave' } });
    expect(s.actions[0]).toMatchObject({ say: { text: 'x', priority: 'high' }, expectError: true });
    expect(s.actions[1].generateReply?.priority).toBe('low');
    expect(s.expect.startFails).toBe(false);
  });

  it('every v2 key in a v1 file is refused at its path, saying how to use it; v1 unknown keys stay unknown', () => {
    const out = issues(
      parseScenario({
        name: 'a',
        components: { vad: false },
        agent: { onExit: { say: 'x' } },
        agents: { b: { onExit: { say: 'y' } } },
        actions: [
          { atMs: 1, say: { text: 'x', priority: 'high' }, expectError: true },
          { atMs: 2, generateReply: { priority: 'low' } },
        ],
        expect: { startFails: true, bogus: 1 },
      }),
    );
    expect(out).toEqual([
      `$.agent.onExit: ${V2_KEY}`,
      `$.agents.b.onExit: ${V2_KEY}`,
      `$.actions[0].say.priority: ${V2_KEY}`,
      `$.actions[0].expectError: ${V2_KEY}`,
      `$.actions[1].generateReply.priority: ${V2_KEY}`,
      `$.expect.startFails: ${V2_KEY}`,
      '$.expect.bogus: unknown key (not part of format v1)',
      `$.components: ${V2_KEY}`,
    ]);
  });

  it('"formatVersion": 1 written out is still v1: v2 keys are refused', () => {
    expect(issues(parseScenario({ name: 'a', formatVersion: 1, components: {} }))).toEqual([
      `$.components: ${V2_KEY}`,
    ]);
  });

  it('unknown keys in a v2 file are called unknown in v2', () => {
    const out = issues(
      parseScenario({
        name: 'a',
        formatVersion: 2,
        components: { vad: false, camera: true },
        agent: { onExit: { say: 'x', delayMs: 1 } },
        actions: [{ atMs: 1, interrupt: {}, expectErrors: true }],
        expect: { startFail: true },
      }),
    );
    expect(out).toContain('$.components.camera: unknown key (not part of format v2)');
    expect(out).toContain('$.agent.onExit.delayMs: unknown key (not part of format v2)');
    expect(out).toContain('$.actions[0].expectErrors: unknown key (not part of format v2)');
    expect(out).toContain('$.expect.startFail: unknown key (not part of format v2)');
  });

  it('a formatVersion other than 1 or 2 is refused at $.formatVersion', () => {
    expect(issues(parseScenario({ name: 'a', formatVersion: 3 }))).toEqual([
      '$.formatVersion: expected 1 or 2; got 3',
    ]);
    expect(issues(parseScenario({ name: 'a', formatVersion: '2' }))).toEqual([
      '$.formatVersion: expected 1 or 2; got "2"',
    ]);
  });

  it('wrong v2 values name the field and what was expected', () => {
    const out = issues(
      parseScenario({
        name: 'a',
        formatVersion: 2,
        components: { tts: 'no' },
        actions: [
          { atMs: 1, say: { text: 'x', priority: 'urgent' } },
          { atMs: 2, close: {}, expectError: 'yes' },
        ],
        expect: { startFails: 1 },
      }),
    );
    expect(out).toEqual([
      '$.actions[0].say.priority: Invalid option: expected one of "low"|"normal"|"high"',
      '$.actions[1].expectError: expected boolean, received string',
      '$.expect.startFails: expected boolean, received number',
      '$.components.tts: expected boolean, received string',
    ]);
  });

  it('the shipped v2 files are found where npm test and `npm run scenarios -- tests/scenarios` look, and are v2', async () => {
    const { files } = await findScenarioFiles(['tests/scenarios']);
    const v2 = files.filter((f) => f.includes(join('tests', 'scenarios', 'v2')));
    expect(v2.length).toBeGreaterThanOrEqual(7);
    for (const f of v2) {
      const r = await loadScenarioFile(f);
      expect(r.ok ? r.scenario.formatVersion : `${f}: ${JSON.stringify(r.issues)}`).toBe(2);
    }
  });

  it('a tts item in a session without TTS is refused (§9)', () => {
    const out = issues(
      parseScenario({
        name: 'a',
        formatVersion: 2,
        components: { tts: false },
        script: [{ tts: { input: 'hello', audioDurationMs: 100 } }],
      }),
    );
    expect(out).toEqual([
      '$.script[0].tts: expected no tts item in a session without TTS ($.components.tts is false)',
    ]);
  });
});

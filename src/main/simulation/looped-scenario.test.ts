/** loopedScenario repeats the turns after the greeting, shifting each repetition's user speech. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopedScenario } from './looped-scenario';

const raw = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'resources', 'demo', 'demo.scenario.json'), 'utf8'),
) as { script: { userSpeech?: { startMs: number; endMs: number } }[] };
const speechOf = (script: readonly object[]) =>
  script.flatMap((e) => ('userSpeech' in e && e.userSpeech ? [e.userSpeech as { startMs: number }] : []));

describe('loopedScenario', () => {
  it('keeps the greeting once and shifts each repetition by loopMs', () => {
    const s = loopedScenario(raw, { loops: 3, loopMs: 45_000, file: 'x.json' });
    const once = speechOf(raw.script).map((u) => u.startMs);
    expect(once.length).toBeGreaterThan(0);
    expect(s.script).toHaveLength(1 + 3 * (raw.script.length - 1));
    expect(speechOf(s.script).map((u) => u.startMs)).toEqual([
      ...once,
      ...once.map((t) => t + 45_000),
      ...once.map((t) => t + 90_000),
    ]);
  });

  it('names the file when the result does not load', () => {
    expect(() =>
      loopedScenario({ script: [{ nonsense: true }, {}] }, { loops: 1, loopMs: 1, file: 'bad.json' }),
    ).toThrow(/bad\.json/);
  });
});

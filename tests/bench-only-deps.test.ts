// Why: `npm run bench` compares with agents-js 1.9.0, whose packages (and @livekit/local-inference's
// models, licensed for use with LiveKit Agents only) are bench-only devDependencies. electron-vite
// bundles any devDependency the app imports (externalizeDepsPlugin keeps only `dependencies`
// external), so the proof that they never reach the app is: they are not app dependencies, no app
// source imports them or bench/, and — when a build exists — the built out/ never names them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const BENCH_ONLY =
  /@livekit\/(agents|agents-plugin-silero|local-inference)\b|bench-agents-js|bench\/agents-js/;

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

describe('bench-only packages stay out of the app', () => {
  it('lists the agents-js side only as a devDependency, never as an app dependency', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@voice-agent-studio/bench-agents-js']).toBe('file:bench/agents-js');
    expect(Object.keys(pkg.dependencies).filter((d) => BENCH_ONLY.test(d))).toEqual([]);
    const bench = JSON.parse(readFileSync(path.join(ROOT, 'bench/agents-js/package.json'), 'utf8'));
    expect(bench.dependencies['@livekit/agents']).toBe('1.9.0');
    // the app keeps its own rtc-node major; agents-js gets the 0.13 line it wants, nested
    expect(pkg.dependencies['@livekit/rtc-node']).toMatch(/^\^1\./);
    expect(bench.dependencies['@livekit/rtc-node']).toMatch(/^0\.13\./);
  });

  it('has no app source that imports them or anything under bench/', () => {
    const offenders = files(path.join(ROOT, 'src'), /\.(ts|tsx|mts|js|mjs)$/)
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return BENCH_ONLY.test(text) || /from\s+['"][./]*bench\//.test(text);
      });
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it.skipIf(!existsSync(path.join(ROOT, 'out')))('finds none of them in the built out/', () => {
    const offenders = files(path.join(ROOT, 'out'), /\.(js|cjs|mjs|html)$/).filter((f) =>
      BENCH_ONLY.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});

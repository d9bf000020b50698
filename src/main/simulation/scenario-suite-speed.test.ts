/**
 * Issue 3: the whole shipped scenario suite runs in seconds of real time, not in the sum of its
 * (virtual) durations, and every scenario passes with nothing left running after close.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSuite } from './scenario-suite';

const SCENARIOS = fileURLToPath(new URL('../../../tests/scenarios', import.meta.url));

describe('the shipped scenario suite', () => {
  it('passes, and runs many times faster than the conversations it plays', { timeout: 60_000 }, async () => {
    const started = performance.now();
    const suite = await runSuite([SCENARIOS]);
    const wallMs = performance.now() - started;
    expect(suite.missing).toEqual([]);
    expect(
      suite.results
        .filter((r) => r.status !== 'pass')
        .map((r) => `${r.name}: ${[...r.failures, ...r.issues.map((i) => i.message)].join('; ')}`),
    ).toEqual([]);
    expect(suite.results.length).toBeGreaterThanOrEqual(18);
    const virtualMs = suite.results.reduce((sum, r) => sum + (r.virtualMs ?? 0), 0);
    // Minutes of conversation; a generous bound so a loaded CI machine does not flake.
    expect(virtualMs).toBeGreaterThan(60_000);
    expect(wallMs).toBeLessThan(virtualMs / 10);
    expect(wallMs).toBeLessThan(20_000);
  });
});

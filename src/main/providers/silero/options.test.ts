import { describe, expect, it } from 'vitest';
import { effectiveDeactivationThreshold, mergeSileroOptions, parseSileroOptions } from './options';

describe('Silero options', () => {
  it('defaults follow upstream, in ms', () => {
    const o = parseSileroOptions();
    expect(o).toEqual({
      activationThreshold: 0.5,
      minSpeechDurationMs: 50,
      minSilenceDurationMs: 550,
      prefixPaddingMs: 500,
      maxBufferedSpeechMs: 60_000,
    });
    expect(effectiveDeactivationThreshold(o)).toBeCloseTo(0.35, 10);
  });

  it('derived deactivation follows activation and never drops below 0.01', () => {
    expect(effectiveDeactivationThreshold(parseSileroOptions({ activationThreshold: 0.8 }))).toBeCloseTo(
      0.65,
      10,
    );
    expect(effectiveDeactivationThreshold(parseSileroOptions({ activationThreshold: 0.1 }))).toBe(0.01);
    expect(
      effectiveDeactivationThreshold(
        parseSileroOptions({ activationThreshold: 0.8, deactivationThreshold: 0.2 }),
      ),
    ).toBe(0.2);
  });

  it('rejects bad values with every problem named, using the shared schema', () => {
    let message = '';
    try {
      parseSileroOptions({ activationThreshold: 1.5, minSilenceDurationMs: -1, maxBufferedSpeechMs: 0 });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid Silero VAD options:/);
    expect(message).toMatch(/silero\.activationThreshold: /);
    expect(message).toMatch(/silero\.minSilenceDurationMs: /);
    expect(message).toMatch(/silero\.maxBufferedSpeechMs: expected a positive number of ms, got 0/);
  });

  it('rejects unknown keys (a typo must not be silently ignored)', () => {
    expect(() => parseSileroOptions({ minSilenceMs: 300 } as never)).toThrow(/minSilenceMs/);
  });

  it('merges patches, validates the whole, and can return deactivation to derived', () => {
    const base = parseSileroOptions({ deactivationThreshold: 0.2 });
    const next = mergeSileroOptions(base, { minSilenceDurationMs: 300, activationThreshold: undefined });
    expect(next.minSilenceDurationMs).toBe(300);
    expect(next.activationThreshold).toBe(0.5);
    expect(next.deactivationThreshold).toBe(0.2);
    const derived = mergeSileroOptions(next, { deactivationThreshold: null, activationThreshold: 0.7 });
    expect(derived.deactivationThreshold).toBeUndefined();
    expect(effectiveDeactivationThreshold(derived)).toBeCloseTo(0.55, 10);
    expect(() => mergeSileroOptions(base, { prefixPaddingMs: Number.NaN })).toThrow(
      /silero\.prefixPaddingMs/,
    );
  });
});

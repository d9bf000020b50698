import { describe, expect, it } from 'vitest';
import { formatChars, formatCount, formatMs, formatRate, formatScore, formatUsd } from './number-format';

describe('number formatting', () => {
  it('formats durations as a developer reads them', () => {
    expect(formatMs(2224.3083900226757)).toBe('2,224 ms');
    expect(formatMs(812.4)).toBe('812 ms');
    expect(formatMs(3.44)).toBe('3.4 ms');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(9_999.6)).toBe('10.0 s');
    expect(formatMs(12_449)).toBe('12.4 s');
    expect(formatMs(1_200)).toBe('1,200 ms');
    expect(formatMs(125_000)).toBe('2 min 05 s');
    expect(formatMs(-250)).toBe('−250 ms');
  });

  it('says what a non-finite number is instead of hiding it', () => {
    expect(formatMs(Number.NaN)).toBe('NaN ms');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('groups counts and keeps small costs visible', () => {
    expect(formatCount(1234567.4)).toBe('1,234,567');
    expect(formatChars(1)).toBe('1 char');
    expect(formatChars(1_048_576)).toBe('1,048,576 chars');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(1.234)).toBe('$1.23');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(0.000015)).toBe('$0.000015');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatRate(42.456, 'tokens')).toBe('42.5 tokens/s');
    expect(formatScore(0.876)).toBe('0.88');
  });
});

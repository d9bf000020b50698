import { describe, expect, it } from 'vitest';
import { StudioConfigSchema, formatIssues } from './config';

describe('config pricing', () => {
  it('defaults to no prices and takes a price per model', () => {
    expect(StudioConfigSchema.parse({}).pricing).toEqual({});
    const cfg = StudioConfigSchema.parse({
      pricing: { 'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075 } },
    });
    expect(cfg.pricing['gpt-4o-mini']).toEqual({
      inputPerMTok: 0.15,
      outputPerMTok: 0.6,
      cachedInputPerMTok: 0.075,
    });
  });

  it('refuses a price that is not a number at its field', () => {
    const r = StudioConfigSchema.safeParse({
      pricing: { 'gpt-4o-mini': { inputPerMTok: '0.15', outputPerMTok: 0.6 } },
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const lines = formatIssues(r.error);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pricing\.gpt-4o-mini\.inputPerMTok: .*expected number/i);
  });

  it('refuses a negative price, a missing output price and an unknown field, each by name', () => {
    const r = StudioConfigSchema.safeParse({
      pricing: {
        a: { inputPerMTok: -1, outputPerMTok: 1 },
        b: { inputPerMTok: 1 },
        c: { inputPerMTok: 1, outputPerMTok: 1, perCall: 2 },
      },
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const text = formatIssues(r.error).join('\n');
    expect(text).toMatch(/^pricing\.a\.inputPerMTok: /m);
    expect(text).toMatch(/^pricing\.b\.outputPerMTok: /m);
    expect(text).toMatch(/^pricing\.c: .*perCall/m);
  });
});

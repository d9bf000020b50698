import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../../shared/config';
import { preemptiveHint } from './preemptive-hint';

describe('preemptive lane hint', () => {
  it('says why the lane stays empty when the config has preemptive generation off', () => {
    expect(preemptiveHint(StudioConfigSchema.parse({}))).toBe(
      'preemptive generation is off (options.preemptiveGeneration)',
    );
    expect(preemptiveHint(StudioConfigSchema.parse({ options: { preemptiveGeneration: true } }))).toBeNull();
  });

  it('says nothing when the config does not say (an old recording, nothing loaded)', () => {
    expect(preemptiveHint(null)).toBeNull();
    expect(preemptiveHint({ options: {} })).toBeNull();
    expect(preemptiveHint('garbage')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../../shared/config';
import { preemptiveHint, PreemptiveSeen } from './preemptive-hint';

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

  it('says nothing when the events shown hold preemptive generations, whatever the config', () => {
    const off = StudioConfigSchema.parse({});
    const seen = new PreemptiveSeen();
    expect(
      preemptiveHint(off, seen.update({ reset: true, events: [{ type: 'vad_inference' }] })),
    ).not.toBeNull();
    expect(
      preemptiveHint(off, seen.update({ reset: false, events: [{ type: 'preemptive_generation' }] })),
    ).toBeNull();
    expect(seen.update(null)).toBe(true);
    // A new source (another session, a replay) starts over.
    expect(preemptiveHint(off, seen.update({ reset: true, events: [] }))).not.toBeNull();
  });
});

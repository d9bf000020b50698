/**
 * The config slice's apply settling: what an apply sent leaves the draft once main has it, while
 * whatever the user did after the send (an edit, a provider pick, a loaded draft) stays.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../shared/config';
import { resetStudioStore, useStudioStore } from './studio-store';

const s = () => useStudioStore.getState();
const before = StudioConfigSchema.parse({});
const after = StudioConfigSchema.parse({
  providers: { llm: { provider: 'openai' } },
  options: { minEndpointingDelayMs: 800 },
});

describe('config slice: settling an apply', () => {
  beforeEach(() => {
    resetStudioStore();
    s().setStudioConfig(before);
  });

  it('drops the edits that were sent and keeps those made after the send', () => {
    const drafts = { 'providers.llm': { simulated: { provider: 'simulated' } } };
    s().setConfigEdits(
      { 'providers.llm.provider': 'openai', 'options.minEndpointingDelayMs': '800' },
      drafts,
    );
    const sent = s().configDraftSnapshot();
    s().setConfigEdits({
      'providers.llm.provider': 'simulated',
      'options.minEndpointingDelayMs': '800',
      'options.maxEndpointingDelayMs': '4000',
    });
    s().setStudioConfig(after);
    s().settleAppliedDraft(sent);
    expect(s().configEdits).toEqual({
      'providers.llm.provider': 'simulated',
      'options.maxEndpointingDelayMs': '4000',
    });
    expect(s().configDraftBase).toBe(after);
    expect(s().configVariantDrafts).toEqual(drafts);
  });

  it('clears the draft when nothing was edited after the send, a loaded one included', () => {
    s().loadConfigDraft(after, 'demo', 'demo');
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '800' });
    const sent = s().configDraftSnapshot();
    s().setStudioConfig(after);
    s().settleAppliedDraft(sent);
    expect(s()).toMatchObject({ configEdits: {}, configDraftSource: null, configDraftKind: null });
    expect(s().configDraftBase).toBe(after);
  });

  it('leaves alone a draft loaded or discarded after the send', () => {
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '800' });
    const sent = s().configDraftSnapshot();
    s().loadConfigDraft(before, 'p');
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '800' });
    s().setStudioConfig(after);
    s().settleAppliedDraft(sent);
    expect(s()).toMatchObject({
      configDraftSource: 'p',
      configEdits: { 'options.minEndpointingDelayMs': '800' },
    });
    expect(s().configDraftBase).toBe(before);
  });
});

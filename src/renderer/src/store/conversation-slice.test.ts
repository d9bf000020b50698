import { beforeEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../shared/config';
import { executed, message, toolEnd, toolStart } from '../testing/test-events';
import { resetStudioStore, useStudioStore } from './studio-store';

const s = () => useStudioStore.getState();

describe('conversation slice (chat and tool views)', () => {
  beforeEach(() => resetStudioStore());

  it('follow appended batches and start over when main replaces the events', () => {
    s().appendLive('s1', [message(1, 'u1', 'user', 'hi'), toolStart(2, 'c1', 'lookup')]);
    s().syncDerived();
    const first = s().chatModel.snapshot();
    expect(first.entries.map((e) => e.id)).toEqual(['u1']);
    s().syncDerived();
    expect(s().chatModel.snapshot()).toBe(first);
    s().appendLive('s1', [
      toolEnd(5, 'c1', 'lookup', 'found'),
      executed(6, [{ callId: 'c1', name: 'lookup', output: 'found' }]),
    ]);
    s().syncDerived();
    expect(
      s()
        .chatModel.snapshot()
        .entries.map((e) => e.id),
    ).toEqual(['u1', 'call:c1']);
    expect(s().toolCallsModel.snapshot().byId.get('c1')?.durationMs).toBe(3);
    s().resetFeed({ kind: 'live', sessionId: 's2' }, [message(1, 'x', 'user', 'new session')]);
    s().syncDerived();
    expect(
      s()
        .chatModel.snapshot()
        .entries.map((e) => e.id),
    ).toEqual(['x']);
    expect(s().toolCallsModel.snapshot().calls).toEqual([]);
  });
});

describe('config slice', () => {
  beforeEach(() => resetStudioStore());

  it('the draft follows main’s config, keeping the edits on top, unless it is a loaded preset', () => {
    const a = StudioConfigSchema.parse({});
    const b = StudioConfigSchema.parse({ inputMode: 'text' });
    s().setStudioConfig(a);
    expect(s().configDraftBase).toBe(a);
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '700' });
    s().setStudioConfig(b);
    expect(s().configDraftBase).toBe(b);
    expect(s().configEdits).toEqual({ 'options.minEndpointingDelayMs': '700' });
    s().resetConfigDraft();
    expect(s().configEdits).toEqual({});
    s().loadConfigDraft(a, 'preset');
    s().setStudioConfig(b);
    expect(s().configDraftBase).toBe(a);
    expect(s().configDraftSource).toBe('preset');
    s().resetConfigDraft();
    expect(s().configDraftBase).toBe(b);
  });

  it('numbers apply outcomes and clears a server error on the next edit', () => {
    s().setLastApply({ applied: ['options.minEndpointingDelayMs'], requiresRestart: [] });
    s().setLastApply({ applied: [], requiresRestart: [] });
    expect(s().lastApply?.seq).toBe(2);
    s().setConfigServerError({ field: 'options.x', message: 'bad' });
    s().setConfigEdits({});
    expect(s().configServerError).toBeNull();
  });
});

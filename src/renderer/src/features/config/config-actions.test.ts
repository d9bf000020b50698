import { beforeEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../../shared/config';
import type { StudioStatus } from '../../../../shared/studio-api';
import { FakeStudioClient } from '../../testing/fake-studio-client';
import { createStudioActions } from '../../bridge/studio-actions';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { createConfigActions } from './config-actions';

const status: StudioStatus = {
  phase: 'idle',
  sessionId: null,
  startedAt: null,
  agentState: 'initializing',
  userState: 'listening',
  currentAgent: null,
  lastError: null,
  transport: 'websocket',
};

function setup() {
  let config = StudioConfigSchema.parse({});
  const client = new FakeStudioClient();
  const demoConfig = StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 700 } });
  client.handle('getState', () => ({ ok: true, value: { status, config, events: [], demoConfig } }));
  client.handle('updateConfig', ({ config: c }) => {
    const parsed = StudioConfigSchema.safeParse(c);
    if (!parsed.success)
      return {
        ok: false,
        error: {
          code: 'invalid_input',
          message: 'options.minEndpointingDelayMs: too small',
          field: 'options.minEndpointingDelayMs',
        },
      };
    config = parsed.data;
    return { ok: true, value: { applied: ['options.minEndpointingDelayMs'], requiresRestart: [] } };
  });
  client.handle('listPresets', () => ({
    ok: true,
    value: { presets: [{ name: 'p', savedAt: null, problem: null }] },
  }));
  client.handle('loadPreset', ({ name }) => ({
    ok: true,
    value: { name, config: StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 900 } }) },
  }));
  client.handle('savePreset', ({ name }) => ({
    ok: true,
    value: { preset: { name, savedAt: 'now', problem: null } },
  }));
  const actions = createStudioActions({ client, store: useStudioStore });
  return {
    client,
    cfg: createConfigActions({ client, actions, store: useStudioStore }),
    current: () => config,
  };
}

const s = () => useStudioStore.getState();

describe('config actions', () => {
  beforeEach(() => resetStudioStore());

  it('applies a config, records what was applied, re-reads main and clears the draft', async () => {
    const { cfg, current } = setup();
    await cfg.refresh();
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '800' });
    const next = StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 800 } });
    expect(await cfg.apply(next)).toBe(true);
    expect(current().options.minEndpointingDelayMs).toBe(800);
    expect(s().lastApply).toMatchObject({ applied: ['options.minEndpointingDelayMs'], requiresRestart: [] });
    expect(s().studioConfig?.options.minEndpointingDelayMs).toBe(800);
    expect(s().configEdits).toEqual({});
    expect(s().configDraftBase).toBe(s().studioConfig);
  });

  it('keeps the draft and names the field when main refuses', async () => {
    const { cfg } = setup();
    await cfg.refresh();
    s().setConfigEdits({ x: '1' });
    expect(
      await cfg.apply({ ...StudioConfigSchema.parse({}), options: { minEndpointingDelayMs: -5 } } as never),
    ).toBe(false);
    expect(s().configServerError).toEqual({
      field: 'options.minEndpointingDelayMs',
      message: 'options.minEndpointingDelayMs: too small',
    });
    expect(s().configEdits).toEqual({ x: '1' });
    expect(s().errors[0]).toMatchObject({ source: 'updateConfig', code: 'invalid_input' });
  });

  it('changes only the input mode on top of main’s config', async () => {
    const { cfg, current } = setup();
    await cfg.refresh();
    expect(await cfg.setInputMode('text')).toBe(true);
    expect(current().inputMode).toBe('text');
    expect(s().studioConfig?.inputMode).toBe('text');
  });

  it('loads a preset as a draft to review, and lists presets without touching the outcome line', async () => {
    const { cfg } = setup();
    await cfg.refresh();
    await cfg.listPresets();
    expect(s().presets?.map((p) => p.name)).toEqual(['p']);
    expect(s().lastOutcome).toBeNull();
    expect(await cfg.loadPreset('p')).toBe(true);
    expect(s().configDraftSource).toBe('p');
    expect(s().configDraftBase?.options.minEndpointingDelayMs).toBe(900);
    expect(s().studioConfig?.options.minEndpointingDelayMs).toBe(500);
  });

  it('resets to the defaults or to main’s demo as a draft to review, forgetting provider drafts', async () => {
    const { cfg } = setup();
    expect(cfg.resetToDemo()).toBe(false);
    expect(s().errors[0]).toMatchObject({ source: 'resetToDemo', code: 'not_available' });
    await cfg.refresh();
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '800' }, { 'providers.llm': { openai: {} } });
    expect(cfg.resetToDemo()).toBe(true);
    expect(s()).toMatchObject({ configDraftSource: 'demo', configDraftKind: 'demo', configEdits: {} });
    expect(s().configVariantDrafts).toEqual({});
    expect(s().configDraftBase?.options.minEndpointingDelayMs).toBe(700);
    expect(cfg.resetToDefaults()).toBe(true);
    expect(s().configDraftKind).toBe('defaults');
    expect(s().configDraftBase).toEqual(StudioConfigSchema.parse({}));
    // Nothing was applied: main's config is untouched until Apply.
    expect(s().studioConfig?.options.minEndpointingDelayMs).toBe(500);
  });

  it('a studio without a demo says so', async () => {
    const { cfg, client } = setup();
    client.handle('getState', () => ({
      ok: true,
      value: { status, config: StudioConfigSchema.parse({}), events: [], demoConfig: null },
    }));
    await cfg.refresh();
    expect(cfg.resetToDemo()).toBe(false);
    expect(s().errors[0].message).toMatch(/no demo config/);
  });

  it('an apply keeps the providers switched away from restorable', async () => {
    const { cfg } = setup();
    await cfg.refresh();
    s().setConfigEdits(
      { 'providers.llm.provider': 'openai' },
      { 'providers.llm': { simulated: { provider: 'simulated' } } },
    );
    expect(await cfg.apply(StudioConfigSchema.parse({}))).toBe(true);
    expect(s().configEdits).toEqual({});
    expect(s().configVariantDrafts).toEqual({ 'providers.llm': { simulated: { provider: 'simulated' } } });
    s().resetConfigDraft();
    expect(s().configVariantDrafts).toEqual({});
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
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

  // Main answers the apply, then the re-read of its config is still on the wire when the user
  // edits again (a slow machine): that edit must survive the apply settling.
  it('keeps an edit the user made while the apply was settling', async () => {
    const { cfg, client } = setup();
    await cfg.refresh();
    const answered = { config: StudioConfigSchema.parse({}) };
    let release: () => void = () => undefined;
    const getStateHeld = new Promise<void>((resolve) => (release = resolve));
    client.handle('getState', async () => {
      await getStateHeld;
      return { ok: true, value: { status, config: answered.config, events: [], demoConfig: null } };
    });
    client.handle('updateConfig', ({ config: c }) => {
      answered.config = StudioConfigSchema.parse(c);
      return { ok: true, value: { applied: ['providers.llm'], requiresRestart: [] } };
    });
    const simulated = { 'providers.llm': { simulated: { provider: 'simulated', ttftMs: 300 } } };
    s().setConfigEdits(
      { 'providers.llm.provider': 'openai', 'options.minEndpointingDelayMs': '800' },
      simulated,
    );
    const sent = StudioConfigSchema.parse({
      providers: { llm: { provider: 'openai' } },
      options: { minEndpointingDelayMs: 800 },
    });
    const applying = cfg.apply(sent);
    await vi.waitFor(() => expect(s().lastApply?.applied).toEqual(['providers.llm']));
    // The user switches back to the simulated LLM before main's config has been re-read.
    s().setConfigEdits(
      { 'options.minEndpointingDelayMs': '800', 'providers.llm.provider': 'simulated' },
      simulated,
    );
    release();
    expect(await applying).toBe(true);
    expect(s().studioConfig?.providers.llm).toMatchObject({ provider: 'openai' });
    // What was applied is main's now; the later pick stays on top of it, its provider draft too.
    expect(s().configEdits).toEqual({ 'providers.llm.provider': 'simulated' });
    expect(s().configDraftBase).toBe(s().studioConfig);
    expect(s().configVariantDrafts).toEqual(simulated);
  });

  it('keeps a draft the user loaded while the apply was settling', async () => {
    const { cfg, client } = setup();
    await cfg.refresh();
    let release: () => void = () => undefined;
    const getStateHeld = new Promise<void>((resolve) => (release = resolve));
    const demoConfig = StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 700 } });
    client.handle('getState', async () => {
      await getStateHeld;
      return { ok: true, value: { status, config: StudioConfigSchema.parse({}), events: [], demoConfig } };
    });
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '800' });
    const applying = cfg.apply(StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 800 } }));
    await vi.waitFor(() => expect(s().lastApply).not.toBeNull());
    expect(cfg.resetToDefaults()).toBe(true);
    s().setConfigEdits({ 'options.minEndpointingDelayMs': '600' });
    release();
    expect(await applying).toBe(true);
    expect(s()).toMatchObject({
      configDraftSource: 'defaults',
      configDraftKind: 'defaults',
      configEdits: { 'options.minEndpointingDelayMs': '600' },
    });
    expect(s().configDraftBase).toEqual(StudioConfigSchema.parse({}));
  });
});

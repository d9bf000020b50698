/**
 * The config editor's and preset bar's verbs. User actions go through `run` (error banner,
 * outcome line, in-flight state like every other button); background reads (main's config, the
 * preset list) call the client directly so they never overwrite the outcome of what the user did.
 */
import type { StoreApi } from 'zustand';
import { StudioConfigSchema, type InputMode, type StudioConfig } from '../../../../shared/config';
import type { StudioClient } from '../../../../shared/studio-api';
import type { StudioActions } from '../../bridge/studio-actions';
import type { StudioStore } from '../../store/studio-store';

export interface ConfigActions {
  /** Fetches main's config (getState) into the store. */
  refresh(): Promise<boolean>;
  /**
   * Sends a config the form validated; on success main's config is re-read and what was sent
   * leaves the draft. Edits the user made meanwhile stay (config-slice.ts settleAppliedDraft).
   */
  apply(config: StudioConfig): Promise<boolean>;
  /** Changes only the input mode, on top of main's config (the session controls own it). */
  setInputMode(mode: InputMode): Promise<boolean>;
  listPresets(): Promise<boolean>;
  savePreset(name: string, config: StudioConfig): Promise<boolean>;
  /** Loads a preset into the editor as a draft to review and apply; nothing is applied yet. */
  loadPreset(name: string): Promise<boolean>;
  /** The schema's defaults as a draft to review and apply (the input mode stays the session controls'). */
  resetToDefaults(): boolean;
  /** The embedded demo's config as a draft; refused, saying why, when main has none. */
  resetToDemo(): boolean;
  deletePreset(name: string): Promise<boolean>;
}

export interface ConfigActionDeps {
  client: StudioClient;
  actions: Pick<StudioActions, 'run'>;
  store: StoreApi<StudioStore>;
}

export function createConfigActions({ client, actions, store }: ConfigActionDeps): ConfigActions {
  const state = () => store.getState();

  const refresh = async (): Promise<boolean> => {
    const r = await client.invoke('getState', {});
    if (!r.ok) {
      state().pushError({ source: 'getState', ...r.error });
      return false;
    }
    state().setStudioConfig(r.value.config);
    // An older main does not send it: undefined stays "unknown", null means "none here".
    if (r.value.demoConfig !== undefined) state().setDemoConfig(r.value.demoConfig);
    return true;
  };

  const listPresets = async (): Promise<boolean> => {
    const r = await client.invoke('listPresets', {});
    if (!r.ok) {
      state().pushError({ source: 'listPresets', ...r.error });
      return false;
    }
    state().setPresets(r.value.presets);
    return true;
  };

  const updateConfig = async (config: StudioConfig): Promise<boolean> => {
    const r = await actions.run('updateConfig', { config });
    if (!r.ok) {
      if (r.error.code === 'invalid_input')
        state().setConfigServerError({ field: r.error.field ?? null, message: r.error.message });
      return false;
    }
    state().setLastApply(r.value);
    await refresh();
    return true;
  };

  return {
    refresh,
    listPresets,
    apply: async (config) => {
      // Taken now: the answer and the re-read take round trips, and the user may edit meanwhile.
      const sent = state().configDraftSnapshot();
      const applied = await updateConfig(config);
      // The providers switched away from stay restorable after the switch is applied.
      if (applied) state().settleAppliedDraft(sent);
      return applied;
    },
    setInputMode: async (mode) => {
      const current = state().studioConfig;
      if (!current) return false;
      return updateConfig({ ...current, inputMode: mode });
    },
    savePreset: async (name, config) => {
      const r = await actions.run('savePreset', { name, config });
      await listPresets();
      return r.ok;
    },
    loadPreset: async (name) => {
      const r = await actions.run('loadPreset', { name });
      if (!r.ok) return false;
      state().loadConfigDraft(r.value.config, r.value.name);
      return true;
    },
    resetToDefaults: () => {
      state().loadConfigDraft(StudioConfigSchema.parse({}), 'defaults', 'defaults');
      return true;
    },
    resetToDemo: () => {
      const demo = state().demoConfig;
      if (!demo) {
        state().pushError({
          source: 'resetToDemo',
          code: 'not_available',
          message:
            demo === null
              ? 'this installation has no demo config (resources/demo/demo-config.json is missing or invalid; see the log)'
              : 'the studio’s state has not been loaded yet',
        });
        return false;
      }
      state().loadConfigDraft(structuredClone(demo), 'demo', 'demo');
      return true;
    },
    deletePreset: async (name) => {
      const r = await actions.run('deletePreset', { name });
      await listPresets();
      return r.ok;
    },
  };
}

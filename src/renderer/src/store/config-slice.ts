/**
 * The config editor's data: main's config as last fetched, the editor's unsaved edits on top of
 * a draft base (main's config, or a loaded preset), and what the last apply changed. The edits
 * live in the store, not the component, so they survive the panel being collapsed or re-mounted.
 */
import type { StateCreator } from 'zustand';
import type { StudioConfig } from '../../../shared/config';
import type { FieldEdits } from '../features/config/config-form';
import type { StudioStore } from './studio-store';

export interface ApplyOutcome {
  /** Increments per apply, so two equal outcomes are told apart. */
  seq: number;
  applied: string[];
  requiresRestart: string[];
}

/** An error main reported for a field after an apply or save the form thought valid. */
export interface ServerFieldError {
  field: string | null;
  message: string;
}

export interface ConfigSlice {
  /** Main's config; null until fetched. */
  studioConfig: StudioConfig | null;
  /** What the edits apply to: main's config, or a preset loaded for review. */
  configDraftBase: StudioConfig | null;
  /** Name of the preset the draft came from, if any. */
  configDraftSource: string | null;
  configEdits: FieldEdits;
  lastApply: ApplyOutcome | null;
  configServerError: ServerFieldError | null;
  /** Takes main's config; the draft follows it unless it is a loaded preset. */
  setStudioConfig(config: StudioConfig): void;
  setConfigEdits(edits: FieldEdits): void;
  /** Starts a draft from a config (a loaded preset), discarding edits. */
  loadConfigDraft(config: StudioConfig, source: string | null): void;
  /** Drops the draft and edits, back to main's config. */
  resetConfigDraft(): void;
  setLastApply(outcome: Omit<ApplyOutcome, 'seq'>): void;
  setConfigServerError(error: ServerFieldError | null): void;
}

export const initialConfigState = {
  studioConfig: null as StudioConfig | null,
  configDraftBase: null as StudioConfig | null,
  configDraftSource: null as string | null,
  configEdits: {} as FieldEdits,
  lastApply: null as ApplyOutcome | null,
  configServerError: null as ServerFieldError | null,
};

export const createConfigSlice: StateCreator<StudioStore, [], [], ConfigSlice> = (set) => ({
  ...initialConfigState,
  // Edits are per-field texts, so they stay on top of main's newest config: applying them must
  // not send back a stale copy of everything else (a started scenario replaces tools and options).
  setStudioConfig: (config) =>
    set((s) => ({
      studioConfig: config,
      configDraftBase: s.configDraftSource === null ? config : s.configDraftBase,
    })),
  setConfigEdits: (configEdits) => set({ configEdits, configServerError: null }),
  loadConfigDraft: (config, source) =>
    set({ configDraftBase: config, configDraftSource: source, configEdits: {}, configServerError: null }),
  resetConfigDraft: () =>
    set((s) => ({
      configDraftBase: s.studioConfig,
      configDraftSource: null,
      configEdits: {},
      configServerError: null,
    })),
  setLastApply: (outcome) => set((s) => ({ lastApply: { ...outcome, seq: (s.lastApply?.seq ?? 0) + 1 } })),
  setConfigServerError: (configServerError) => set({ configServerError }),
});

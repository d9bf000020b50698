/**
 * The config editor's data: main's config as last fetched, the editor's unsaved edits on top of
 * a draft base (main's config, or a loaded preset), and what the last apply changed. The edits
 * live in the store, not the component, so they survive the panel being collapsed or re-mounted.
 */
import type { StateCreator } from 'zustand';
import type { StudioConfig } from '../../../shared/config';
import type { FieldEdits, VariantDrafts } from '../features/config/config-form';
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

/** Where a draft came from: a preset, the schema's defaults, or the embedded demo. */
export type DraftKind = 'preset' | 'defaults' | 'demo';

export interface ConfigSlice {
  /** Main's config; null until fetched. */
  studioConfig: StudioConfig | null;
  /** The embedded demo's config as main sent it (null: this installation has none; undefined: not fetched). */
  demoConfig: StudioConfig | null | undefined;
  /** What the edits apply to: main's config, or a preset loaded for review. */
  configDraftBase: StudioConfig | null;
  /** Name of the preset the draft came from (or `defaults`, `demo`), if any. */
  configDraftSource: string | null;
  configDraftKind: DraftKind | null;
  configEdits: FieldEdits;
  /** What each provider held when switched away from, so switching back restores it. */
  configVariantDrafts: VariantDrafts;
  lastApply: ApplyOutcome | null;
  configServerError: ServerFieldError | null;
  /** Takes main's config; the draft follows it unless it is a loaded preset. */
  setStudioConfig(config: StudioConfig): void;
  setDemoConfig(config: StudioConfig | null): void;
  /** New edits; with `drafts` when a provider was switched (config-form.ts switchVariant). */
  setConfigEdits(edits: FieldEdits, drafts?: VariantDrafts): void;
  /** Starts a draft from a whole config (a preset, the defaults, the demo), discarding edits and provider drafts. */
  loadConfigDraft(config: StudioConfig, source: string | null, kind?: DraftKind): void;
  /**
   * Drops the draft and edits, back to main's config. `keepVariantDrafts` (after an apply): the
   * providers switched away from stay restorable.
   */
  resetConfigDraft(options?: { keepVariantDrafts?: boolean }): void;
  setLastApply(outcome: Omit<ApplyOutcome, 'seq'>): void;
  setConfigServerError(error: ServerFieldError | null): void;
}

export const initialConfigState = {
  studioConfig: null as StudioConfig | null,
  configDraftBase: null as StudioConfig | null,
  demoConfig: undefined as StudioConfig | null | undefined,
  configDraftSource: null as string | null,
  configDraftKind: null as DraftKind | null,
  configEdits: {} as FieldEdits,
  configVariantDrafts: {} as VariantDrafts,
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
  setDemoConfig: (demoConfig) => set({ demoConfig }),
  setConfigEdits: (configEdits, drafts) =>
    set((s) => ({
      configEdits,
      configVariantDrafts: drafts ?? s.configVariantDrafts,
      configServerError: null,
    })),
  loadConfigDraft: (config, source, kind = 'preset') =>
    set({
      configDraftBase: config,
      configDraftSource: source,
      configDraftKind: source === null ? null : kind,
      configEdits: {},
      configVariantDrafts: {},
      configServerError: null,
    }),
  resetConfigDraft: (options = {}) =>
    set((s) => ({
      configDraftBase: s.studioConfig,
      configDraftSource: null,
      configDraftKind: null,
      configEdits: {},
      configVariantDrafts: options.keepVariantDrafts ? s.configVariantDrafts : {},
      configServerError: null,
    })),
  setLastApply: (outcome) => set((s) => ({ lastApply: { ...outcome, seq: (s.lastApply?.seq ?? 0) + 1 } })),
  setConfigServerError: (configServerError) => set({ configServerError }),
});

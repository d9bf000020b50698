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

/**
 * The draft as an apply sent it (configDraftSnapshot). While the apply is answered and main's
 * config re-read, the user may edit again or load another draft; settleAppliedDraft uses this to
 * drop only what was sent.
 */
export interface SentDraft {
  edits: FieldEdits;
  /** configDraftGeneration when sent: a draft loaded or discarded since is the user's newer choice. */
  generation: number;
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
  /** Counts drafts started (loaded, reset or settled): tells an apply whether its draft is still the one shown. */
  configDraftGeneration: number;
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
  /** The draft as it is now, for an apply about to send it. */
  configDraftSnapshot(): SentDraft;
  /**
   * After an apply succeeded and main's config was re-read: the draft restarts from main's config,
   * keeping every edit the user made after `sent` (a field changed since, a provider picked since)
   * and the provider drafts. A draft loaded or discarded since `sent` is left alone.
   */
  settleAppliedDraft(sent: SentDraft): void;
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
  configDraftGeneration: 0,
  lastApply: null as ApplyOutcome | null,
  configServerError: null as ServerFieldError | null,
};

export const createConfigSlice: StateCreator<StudioStore, [], [], ConfigSlice> = (set, get) => ({
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
    set((s) => ({
      configDraftGeneration: s.configDraftGeneration + 1,
      configDraftBase: config,
      configDraftSource: source,
      configDraftKind: source === null ? null : kind,
      configEdits: {},
      configVariantDrafts: {},
      configServerError: null,
    })),
  resetConfigDraft: (options = {}) =>
    set((s) => ({
      configDraftGeneration: s.configDraftGeneration + 1,
      configDraftBase: s.studioConfig,
      configDraftSource: null,
      configDraftKind: null,
      configEdits: {},
      configVariantDrafts: options.keepVariantDrafts ? s.configVariantDrafts : {},
      configServerError: null,
    })),
  configDraftSnapshot: () => ({ edits: get().configEdits, generation: get().configDraftGeneration }),
  settleAppliedDraft: (sent) =>
    set((s) => {
      if (s.configDraftGeneration !== sent.generation) return {};
      // An edit still holding the text that was sent is main's value now; any other is newer.
      const newer = Object.entries(s.configEdits).filter(([path, text]) => sent.edits[path] !== text);
      return {
        configDraftGeneration: s.configDraftGeneration + 1,
        configDraftBase: s.studioConfig,
        configDraftSource: null,
        configDraftKind: null,
        configEdits: Object.fromEntries(newer),
        configServerError: null,
      };
    }),
  setLastApply: (outcome) => set((s) => ({ lastApply: { ...outcome, seq: (s.lastApply?.seq ?? 0) + 1 } })),
  setConfigServerError: (configServerError) => set({ configServerError }),
});

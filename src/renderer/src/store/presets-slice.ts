/** The saved presets as main last listed them, for the config editor's preset bar. */
import type { StateCreator } from 'zustand';
import type { PresetInfo } from '../../../shared/studio-api';
import type { StudioStore } from './studio-store';

export interface PresetsSlice {
  /** Null until listed once. */
  presets: PresetInfo[] | null;
  setPresets(presets: PresetInfo[]): void;
}

export const initialPresetsState = {
  presets: null as PresetInfo[] | null,
};

export const createPresetsSlice: StateCreator<StudioStore, [], [], PresetsSlice> = (set) => ({
  ...initialPresetsState,
  setPresets: (presets) => set({ presets }),
});

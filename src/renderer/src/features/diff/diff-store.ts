/**
 * Which two runs the diff view compares and what main answered. It is the diff feature's own
 * small store (not a slice of the studio store): nothing else reads it, and a diff stays open
 * while live sessions and replays come and go underneath.
 */
import { create } from 'zustand';
import type { RecordingDiffInfo } from '../../../../shared/recording-diff';
import type { StudioActions } from '../../bridge/studio-actions';

export type DiffState =
  | { phase: 'closed' }
  | { phase: 'loading'; a: string; b: string }
  /** `notes`: what the re-run that made B could not follow or reproduce (empty for any other pair). */
  | { phase: 'open'; a: string; b: string; info: RecordingDiffInfo; notes: string[] }
  | { phase: 'failed'; a: string; b: string; message: string }
  /** A re-run in progress; its diff with the source opens when it ends. */
  | { phase: 'rerunning'; source: string };

interface DiffStore {
  state: DiffState;
  set(state: DiffState): void;
}

export const useDiffStore = create<DiffStore>()((set) => ({
  state: { phase: 'closed' },
  set: (state) => set({ state }),
}));

/** Loads the diff of A and B; a failure stays in the view (and, through `run`, in the error banner). */
export async function openDiff(
  actions: Pick<StudioActions, 'run'>,
  a: string,
  b: string,
  notes: string[] = [],
): Promise<boolean> {
  const store = useDiffStore.getState();
  store.set({ phase: 'loading', a, b });
  const r = await actions.run('diffRecordings', { a, b });
  // A newer request (or a close) replaced this one while it was in flight.
  const now = useDiffStore.getState().state;
  if (now.phase !== 'loading' || now.a !== a || now.b !== b) return false;
  store.set(
    r.ok
      ? { phase: 'open', a, b, info: r.value, notes }
      : { phase: 'failed', a, b, message: r.error.message },
  );
  return r.ok;
}

/**
 * "Re-run with current config": re-runs the recording with main's config and opens the diff of
 * the source (A) and the re-run (B). Answers the new recording's id, or null when it failed.
 */
export async function rerunAndDiff(
  actions: Pick<StudioActions, 'run'>,
  source: string,
): Promise<string | null> {
  useDiffStore.getState().set({ phase: 'rerunning', source });
  const r = await actions.run('rerunRecording', { id: source });
  if (!r.ok) {
    useDiffStore.getState().set({ phase: 'failed', a: source, b: '(re-run)', message: r.error.message });
    return null;
  }
  await openDiff(actions, source, r.value.id, r.value.notes);
  return r.value.id;
}

export function closeDiff(): void {
  useDiffStore.getState().set({ phase: 'closed' });
}

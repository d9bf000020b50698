/**
 * "Compare any two recordings" in the recordings browser: the user picks two rows and the diff
 * view opens with the older one as A (the baseline) and the newer as B. Picks are summaries, not
 * row positions, so a search that hides a picked row keeps it picked; a deleted recording leaves
 * the picks. At most two are picked: a third pick is refused, the row's box disabled.
 */
import type { RecordingSummary } from '../../../../shared/recording';

export const MAX_PICKS = 2;

export type PickedRecording = Readonly<Pick<RecordingSummary, 'id' | 'title' | 'startedAt'>>;

/** Picks or unpicks a recording; a third pick leaves the picks as they are. */
export function togglePick(picked: readonly PickedRecording[], rec: PickedRecording): PickedRecording[] {
  if (picked.some((p) => p.id === rec.id)) return picked.filter((p) => p.id !== rec.id);
  if (picked.length >= MAX_PICKS) return [...picked];
  return [...picked, { id: rec.id, title: rec.title, startedAt: rec.startedAt }];
}

/** Whether a row's box can change: always to unpick, to pick only while fewer than two are. */
export function canToggle(picked: readonly PickedRecording[], id: string): boolean {
  return picked.length < MAX_PICKS || picked.some((p) => p.id === id);
}

/** Picks without a recording that was deleted. */
export function withoutDeleted(picked: readonly PickedRecording[], deletedId: string): PickedRecording[] {
  return picked.filter((p) => p.id !== deletedId);
}

/**
 * The pair to compare, older first: A is the baseline. By start time; equal (or unreadable)
 * start times by id, which starts with the start time to the second, so the order is still one
 * answer. Null unless exactly two are picked.
 */
export function comparePair(picked: readonly PickedRecording[]): { a: string; b: string } | null {
  if (picked.length !== MAX_PICKS) return null;
  const [x, y] = picked;
  const tx = Date.parse(x.startedAt);
  const ty = Date.parse(y.startedAt);
  const xFirst = tx !== ty && !Number.isNaN(tx) && !Number.isNaN(ty) ? tx < ty : x.id < y.id;
  return xFirst ? { a: x.id, b: y.id } : { a: y.id, b: x.id };
}

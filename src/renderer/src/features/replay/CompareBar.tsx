/**
 * The recordings browser's "compare" bar: which two recordings are picked (the older one is A)
 * and the button that opens the diff view for them.
 */
import { useStudio } from '../../bridge/studio-context';
import { openDiff } from '../diff/diff-store';
import { comparePair, type PickedRecording } from './compare-selection';

export function CompareBar({ picked, onClear }: { picked: readonly PickedRecording[]; onClear(): void }) {
  const { actions } = useStudio();
  const pair = comparePair(picked);
  const name = (id: string) => {
    const p = picked.find((r) => r.id === id);
    return p?.title || id;
  };
  return (
    <div className="recordings-compare" data-testid="recordings-compare" data-picked={picked.length}>
      <span className="muted" data-testid="compare-status">
        {pair ? (
          <>
            A <span title={pair.a}>{name(pair.a)}</span> · B <span title={pair.b}>{name(pair.b)}</span>
          </>
        ) : picked.length === 1 ? (
          'Pick one more recording to compare'
        ) : (
          'Pick two recordings to compare'
        )}
      </span>
      <button
        type="button"
        data-testid="compare-button"
        disabled={pair === null}
        title={
          pair ? 'Open the diff of the two picked runs, the older one as A' : 'Pick exactly two recordings'
        }
        onClick={() => {
          if (pair) void openDiff(actions, pair.a, pair.b);
        }}
      >
        Compare
      </button>
      {picked.length > 0 ? (
        <button type="button" className="link" data-testid="compare-clear" onClick={onClear}>
          Clear
        </button>
      ) : null}
    </div>
  );
}

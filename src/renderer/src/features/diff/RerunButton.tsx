/**
 * "Re-run with current config": plays the recording's caller again against main's current config
 * (the one the config editor applied) and opens the diff of the recording (A) and the re-run (B).
 * With simulated providers the re-run takes the virtual clock and finishes in moments; with real
 * providers it runs in real time.
 */
import { useStudio } from '../../bridge/studio-context';
import { rerunAndDiff, useDiffStore } from './diff-store';

export function RerunButton({ recordingId }: { recordingId: string | null }) {
  const { actions } = useStudio();
  const busy = useDiffStore((s) => s.state.phase === 'rerunning' || s.state.phase === 'loading');
  return (
    <button
      type="button"
      data-testid="rerun-button"
      disabled={recordingId === null || busy}
      title="Play this recording's caller again with the current config, then compare the two runs"
      onClick={() => {
        if (recordingId !== null) void rerunAndDiff(actions, recordingId);
      }}
    >
      Re-run with current config
    </button>
  );
}

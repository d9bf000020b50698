/** The Preemptive lane's note when the session shown has preemptive generation off. */
import { useSyncExternalStore } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { replaySession } from '../replay/replay-instance';
import { preemptiveHint } from './preemptive-hint';
import './preemptive-hint.css';

export function PreemptiveHint() {
  const replaying = useStudioStore((s) => s.feedSource.kind === 'replay');
  const liveConfig = useStudioStore((s) => s.studioConfig);
  const replay = useSyncExternalStore(replaySession.view.subscribe, replaySession.view.get);
  const hint = preemptiveHint(replaying ? (replay?.info?.config ?? null) : liveConfig);
  if (hint === null) return null;
  return (
    <span
      className="tl-lane-hint muted"
      data-testid="lane-hint-preemptive"
      title="Turn options.preemptiveGeneration on in the config editor to see preemptive generations here"
    >
      {hint}
    </span>
  );
}

/** The Preemptive lane's note when the session shown has preemptive generation off. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { FeedReader } from '../../store/event-feed';
import { useStudioStore } from '../../store/studio-store';
import { replaySession } from '../replay/replay-instance';
import { preemptiveHint, PreemptiveSeen } from './preemptive-hint';
import './preemptive-hint.css';

export function PreemptiveHint() {
  const replaying = useStudioStore((s) => s.feedSource.kind === 'replay');
  const liveConfig = useStudioStore((s) => s.studioConfig);
  const replay = useSyncExternalStore(replaySession.view.subscribe, replaySession.view.get);
  const hasGenerations = useFeedHasPreemptiveGenerations();
  const hint = preemptiveHint(replaying ? (replay?.info?.config ?? null) : liveConfig, hasGenerations);
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

/** Reads the feed once per batch (feedVersion) outside React; re-renders only when the answer changes. */
function useFeedHasPreemptiveGenerations(): boolean {
  const [has, setHas] = useState(false);
  useEffect(() => {
    const reader = new FeedReader();
    const seen = new PreemptiveSeen();
    const check = (): void => setHas(seen.update(reader.read(useStudioStore.getState().feed)));
    check();
    return useStudioStore.subscribe((s, prev) => {
      if (s.feedVersion !== prev.feedVersion || s.feed !== prev.feed) check();
    });
  }, []);
  return has;
}

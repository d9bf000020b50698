/**
 * The session phase for components: the header's (the recording's own while one is replayed)
 * and the live one the session controls act on. Selected as primitives, so a render happens only
 * when what is shown changes.
 */
import { useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudioStore } from '../../store/studio-store';
import { replaySession } from '../replay/replay-instance';
import { livePhase, replayPhase, type PhaseView } from './session-phase';

export function useLivePhase(): PhaseView {
  const inputs = useStudioStore(
    useShallow((s) => ({
      phase: s.status?.phase ?? null,
      startedAt: s.status?.startedAt ?? null,
      endedAt: s.status?.endedAt ?? null,
      endReason: s.status?.endReason ?? null,
      lastError: s.status?.lastError ?? null,
      connection: s.connection.state,
    })),
  );
  const { phase, connection, ...rest } = inputs;
  return livePhase({ status: phase === null ? null : { phase, ...rest }, connection });
}

export function useHeaderPhase(): PhaseView {
  const live = useLivePhase();
  const replaying = useStudioStore((s) => s.feedSource.kind === 'replay');
  const closeReason = useStudioStore((s) => s.sessionView.closeReason);
  const view = useSyncExternalStore(replaySession.view.subscribe, replaySession.view.get);
  if (!replaying) return live;
  const summary = view?.info?.summary ?? null;
  return replayPhase({
    closeReason,
    summary: summary ? { endReason: summary.endReason, durationMs: summary.durationMs } : null,
  });
}

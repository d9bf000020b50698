/**
 * The header's notice that this session's live audio gets no transcript: the simulated STT only
 * knows what the simulated caller says, never what a real microphone (or room) heard. Shown for
 * the whole live session, and for a replayed recording of one, from the session's own warning
 * (code simulated_stt_live_audio), so live and replay read the same; it says how to get a real STT.
 */
import { useChatContext } from '../chat/use-conversation';
import { useStudioStore } from '../../store/studio-store';
import { noTranscriptNotice } from './no-transcript';

export function NoTranscriptNotice() {
  const { noTranscriptReason } = useChatContext();
  const shown = useStudioStore(
    (s) => s.feedSource.kind === 'replay' || s.status?.phase === 'running' || s.status?.phase === 'stopping',
  );
  if (noTranscriptReason === null || !shown) return null;
  return (
    <div className="fallback-notes" role="status">
      <span className="fallback-note" data-testid="stt-notice" title={noTranscriptReason}>
        {noTranscriptNotice(noTranscriptReason)}
      </span>
    </div>
  );
}

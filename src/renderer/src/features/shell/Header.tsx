/**
 * App name, connection, and the session at a glance: phase (idle, starting, running, stopping,
 * ended with its reason, disconnected — session-phase.ts), agent state, user state, elapsed.
 */
import { ConnectionStatus } from '../connection/ConnectionStatus';
import { useStudioStore } from '../../store/studio-store';
import { selectAgentState, selectUserState } from '../../store/feed-slice';
import type { ProviderFallbackInfo } from '../../../../shared/studio-api';
import { ElapsedTime } from './ElapsedTime';
import { useHeaderPhase } from './use-phase-view';
import { fallbackLabel, fallbackLabels } from './fallback-labels';
import { NoTranscriptNotice } from './NoTranscriptNotice';

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <span className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId} data-value={value}>
        {value}
      </span>
    </span>
  );
}

/** The session's phase as the header knows it: `data-value` the phase, `data-reason` why it ended. */
function PhaseStat() {
  const view = useHeaderPhase();
  return (
    <span className="stat" title={view.title}>
      <span className="stat-label">{view.replay ? 'Recording' : 'Session'}</span>
      <span
        className={`stat-value phase-${view.phase}`}
        data-testid="session-phase"
        data-value={view.phase}
        data-reason={view.reason ?? undefined}
        data-replay={String(view.replay)}
      >
        {view.label}
      </span>
    </span>
  );
}

/** The parts of the running session on a fallback, each with its cause; nothing when none. */
export function FallbackNotes({ fallbacks }: { fallbacks: readonly ProviderFallbackInfo[] }) {
  if (fallbacks.length === 0) return null;
  return (
    <div className="fallback-notes" role="status">
      {fallbacks.map((f) => (
        <span
          key={`${f.slot}-${f.setting}`}
          className="fallback-note"
          data-testid="provider-fallback"
          data-slot={f.slot}
          title={`${f.setting} could not be used: ${f.cause}. See the warning in the event log.`}
        >
          {fallbackLabel(f)}
        </span>
      ))}
    </div>
  );
}

const NONE: ProviderFallbackInfo[] = [];

export function Header() {
  const agentState = useStudioStore((s) => selectAgentState(s) ?? 'unknown');
  const userState = useStudioStore((s) => selectUserState(s) ?? 'unknown');
  // Only while a session runs: the labels say what this session uses instead.
  const fallbacks = useStudioStore((s) =>
    fallbackLabels(s.status).length > 0 ? s.status!.fallbacks! : NONE,
  );
  return (
    <header className="app-header" data-testid="app-header">
      <h1 className="app-name">Voice Agent Studio</h1>
      <ConnectionStatus />
      <div className="stats">
        <PhaseStat />
        <Stat label="Agent" value={agentState} testId="agent-state" />
        <Stat label="User" value={userState} testId="user-state" />
        <ElapsedTime />
      </div>
      <FallbackNotes fallbacks={fallbacks} />
      <NoTranscriptNotice />
    </header>
  );
}

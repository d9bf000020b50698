/** App name, connection, and the session at a glance: phase, agent state, user state, elapsed. */
import { ConnectionStatus } from '../connection/ConnectionStatus';
import { useStudioStore } from '../../store/studio-store';
import { ElapsedTime } from './ElapsedTime';

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

export function Header() {
  const phase = useStudioStore((s) => s.status?.phase ?? 'unknown');
  const agentState = useStudioStore((s) => s.status?.agentState ?? 'unknown');
  const userState = useStudioStore((s) => s.status?.userState ?? 'unknown');
  return (
    <header className="app-header" data-testid="app-header">
      <h1 className="app-name">Voice Agent Studio</h1>
      <ConnectionStatus />
      <div className="stats">
        <Stat label="Session" value={phase} testId="session-phase" />
        <Stat label="Agent" value={agentState} testId="agent-state" />
        <Stat label="User" value={userState} testId="user-state" />
        <ElapsedTime />
      </div>
    </header>
  );
}

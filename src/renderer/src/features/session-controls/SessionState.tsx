/**
 * The session at a glance, in the controls panel: current agent, agent and user state (as
 * `data-state` for tests and styling) and elapsed time. The elapsed clock ticks in its own
 * component so only it re-renders each second.
 */
import { useEffect, useState } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { selectAgentState, selectCurrentAgent, selectUserState } from '../../store/feed-slice';
import { formatElapsed } from '../shell/ElapsedTime';

function Elapsed() {
  const startedAt = useStudioStore((s) => s.status?.startedAt ?? null);
  const active = useStudioStore((s) => s.status?.phase === 'running' || s.status?.phase === 'stopping');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null || !active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [startedAt, active]);
  const text = startedAt !== null && active ? formatElapsed(Math.max(0, now - startedAt)) : '--:--';
  return (
    <span className="state-value mono" data-testid="session-elapsed">
      {text}
    </span>
  );
}

export function SessionState() {
  const phase = useStudioStore((s) => s.status?.phase ?? 'unknown');
  const agentState = useStudioStore((s) => selectAgentState(s) ?? 'unknown');
  const userState = useStudioStore((s) => selectUserState(s) ?? 'unknown');
  const agent = useStudioStore(selectCurrentAgent);
  return (
    <dl className="session-state">
      <div>
        <dt>Session</dt>
        <dd className="state-pill" data-testid="session-phase-pill" data-state={phase}>
          {phase}
        </dd>
      </div>
      <div>
        <dt>Agent</dt>
        <dd
          className="state-value mono"
          data-testid="session-current-agent"
          title="The agent currently handling the conversation"
        >
          {agent ?? '—'}
        </dd>
      </div>
      <div>
        <dt>Agent state</dt>
        <dd className="state-pill" data-testid="session-agent-state" data-state={agentState}>
          {agentState}
        </dd>
      </div>
      <div>
        <dt>User state</dt>
        <dd className="state-pill" data-testid="session-user-state" data-state={userState}>
          {userState}
        </dd>
      </div>
      <div>
        <dt>Elapsed</dt>
        <dd>
          <Elapsed />
        </dd>
      </div>
    </dl>
  );
}

/**
 * The session at a glance, in the controls panel: current agent, agent and user state (as
 * `data-state` for tests and styling) and elapsed time, as the header shows them (session-phase.ts).
 * The elapsed clock ticks in its own component so only it re-renders each second.
 */
import { useStudioStore } from '../../store/studio-store';
import { selectAgentState, selectCurrentAgent, selectUserState } from '../../store/feed-slice';
import { useElapsedText } from '../shell/ElapsedTime';
import { useHeaderPhase } from '../shell/use-phase-view';

function Elapsed() {
  const view = useHeaderPhase();
  const text = useElapsedText(view.elapsed);
  return (
    <span className="state-value mono" data-testid="session-elapsed">
      {text}
    </span>
  );
}

export function SessionState() {
  const view = useHeaderPhase();
  const agentState = useStudioStore((s) => selectAgentState(s) ?? 'unknown');
  const userState = useStudioStore((s) => selectUserState(s) ?? 'unknown');
  const agent = useStudioStore(selectCurrentAgent);
  return (
    <dl className="session-state">
      <div>
        <dt>Session</dt>
        <dd
          className="state-pill"
          data-testid="session-phase-pill"
          data-state={view.phase}
          data-reason={view.reason ?? undefined}
          title={view.title}
        >
          {view.label}
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

/**
 * One tool call in detail — arguments, output or error, duration — opened from the timeline's
 * tool lane or the chat context through the selection slice, or picked from the list of calls.
 */
import { useStudioStore } from '../../store/studio-store';
import { useToolCalls } from '../chat/use-conversation';
import { formatEventTime } from '../event-log/event-summary';
import type { ToolCallRecord } from './tool-calls';
import { durationLabel, prettyJson, STATUS_LABEL } from './tool-format';
import './tools.css';

function Detail({ call }: { call: ToolCallRecord }) {
  return (
    <div
      className="tool-detail"
      data-testid="tool-call-detail"
      data-call-id={call.callId}
      data-state={call.status}
    >
      <div className="tool-detail-head">
        <strong className="mono" data-testid="tool-name">
          {call.name}
        </strong>
        <span
          className={`badge badge-${call.status === 'error' ? 'danger' : call.status === 'ok' ? 'ok' : 'warn'}`}
        >
          {STATUS_LABEL[call.status]}
        </span>
      </div>
      <dl className="tool-facts">
        <dt>Duration</dt>
        <dd className="mono" data-testid="tool-duration">
          {durationLabel(call)}
        </dd>
        <dt>Started</dt>
        <dd className="mono">{call.startedAt !== null ? formatEventTime(call.startedAt) : '—'}</dd>
        <dt>Call id</dt>
        <dd className="mono">{call.callId}</dd>
        <dt>Speech</dt>
        <dd className="mono">{call.speechId ?? '—'}</dd>
      </dl>
      <h3>Arguments</h3>
      <pre className="tool-pre" data-testid="tool-arguments">
        {call.arguments ? prettyJson(call.arguments) : '(none)'}
      </pre>
      <h3>{call.isError ? 'Error' : 'Output'}</h3>
      <pre
        className={`tool-pre${call.isError ? ' tool-pre-error' : ''}`}
        data-testid="tool-output"
        data-error={String(call.isError)}
      >
        {call.output !== null
          ? prettyJson(call.output)
          : call.status === 'running'
            ? 'Still running.'
            : 'The tool returned no output.'}
      </pre>
    </div>
  );
}

export function ToolInspector() {
  const { calls, byId } = useToolCalls();
  const selectedId = useStudioStore((s) => s.selectedToolCallId);
  const selectTool = useStudioStore((s) => s.selectTool);
  const selected = selectedId ? byId.get(selectedId) : undefined;

  return (
    <section className="panel" data-testid="tool-inspector" aria-labelledby="tool-inspector-title">
      <div className="panel-title-row">
        <h2 id="tool-inspector-title">Tool inspector</h2>
        <span className="muted">{calls.length} calls</span>
      </div>
      {calls.length === 0 ? (
        <p className="muted" data-testid="tool-empty">
          No tool calls yet. They appear here as the agent calls its tools; click one on the timeline to open
          it.
        </p>
      ) : (
        <ul className="tool-list" data-testid="tool-call-list">
          {calls.map((c) => (
            <li key={c.callId}>
              <button
                type="button"
                className="tool-list-item"
                data-testid="tool-call-item"
                data-call-id={c.callId}
                data-state={c.status}
                aria-pressed={c.callId === selectedId}
                onClick={() => selectTool(c.callId)}
              >
                <span className="mono">{c.name}</span>
                <span className="muted mono">{durationLabel(c)}</span>
                <span className={c.status === 'error' ? 'tool-error-text' : 'muted'}>
                  {STATUS_LABEL[c.status]}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {selected ? <Detail call={selected} /> : null}
      {selectedId && !selected ? (
        <p className="muted" data-testid="tool-missing">
          Tool call {selectedId} is not in the live event buffer.
        </p>
      ) : null}
    </section>
  );
}

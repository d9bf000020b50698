/**
 * The picked event's raw JSON, under the event log: what a row or a timeline mark stands for,
 * copyable, with a way on to the request or tool inspector when the event belongs to one.
 */
import type { EngineEvent } from '../../../../shared/engine-events';
import { useStudioStore } from '../../store/studio-store';
import { formatEventTime, summarizeEvent } from '../event-log/event-summary';
import { requestOf } from './inspect-actions';
import { JsonView, RenderGuard } from './InspectorParts';
import { isKnownEvent } from './json-view';

function Header({ ev, onOpenTool }: { ev: EngineEvent; onOpenTool?: () => void }) {
  const inspectRequest = useStudioStore((s) => s.inspectRequest);
  const selectTool = useStudioStore((s) => s.selectTool);
  const request = requestOf(ev);
  return (
    <div className="event-inspector-head">
      <span className="mono">{formatEventTime(ev.t)}</span> <strong className="mono">{ev.type}</strong>{' '}
      <span className="muted">{summarizeEvent(ev)}</span>
      {request ? (
        <button type="button" data-testid="open-request-inspector" onClick={() => inspectRequest(request)}>
          Open {request.kind.toUpperCase()} request
        </button>
      ) : null}
      {ev.type === 'tool_execution' ? (
        <button
          type="button"
          data-testid="open-tool-inspector"
          onClick={() => {
            selectTool(ev.callId);
            onOpenTool?.();
          }}
        >
          Open in Tools
        </button>
      ) : null}
    </div>
  );
}

export function EventInspector({ onOpenTool }: { onOpenTool?: () => void }) {
  const ev = useStudioStore((s) => s.inspectedEvent);
  const close = useStudioStore((s) => s.inspectEvent);
  if (!ev) return null;
  return (
    <section className="event-inspector" data-testid="event-inspector" aria-label="Event JSON">
      <div className="event-inspector-bar">
        <h3>Event</h3>
        <button
          type="button"
          aria-label="Close the event inspector"
          data-testid="event-inspector-close"
          onClick={() => close(null)}
        >
          ×
        </button>
      </div>
      <RenderGuard value={ev} known={isKnownEvent(ev)}>
        <Header ev={ev} onOpenTool={onOpenTool} />
        <JsonView value={ev} />
      </RenderGuard>
    </section>
  );
}

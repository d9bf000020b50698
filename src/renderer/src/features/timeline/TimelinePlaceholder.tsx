/**
 * The center pane's future home. It says what will be here and shows nothing invented; the zoom
 * readout is real (the View menu already drives it) so the menu visibly does something.
 */
import { useStudioStore } from '../../store/studio-store';

export function TimelinePlaceholder() {
  const zoom = useStudioStore((s) => s.timelineZoom);
  return (
    <section
      className="panel placeholder"
      data-testid="timeline-placeholder"
      aria-labelledby="timeline-title"
    >
      <div className="panel-title-row">
        <h2 id="timeline-title">Timeline</h2>
        <span
          className="muted mono"
          data-testid="timeline-zoom"
          data-zoom={zoom}
          title="Timeline zoom (View menu)"
        >
          zoom {Math.round(zoom * 100)}%
        </span>
      </div>
      <p className="placeholder-lead">Timeline lands with the engine.</p>
      <p className="muted">
        User and agent state lanes, the speech queue, interruptions, tool calls and per-turn latency will be
        drawn here from the engine’s events as they arrive.
      </p>
    </section>
  );
}

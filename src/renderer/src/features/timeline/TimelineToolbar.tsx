/** Zoom, fit and follow-live controls with a readout of the visible window. */
import { useSyncExternalStore } from 'react';
import { useStudioStore } from '../../store/studio-store';
import type { TimelineController } from './view/timeline-controller';
import { formatDuration, wheelZoomFactor } from './view/timeline-viewport';

const ZOOM_STEP = wheelZoomFactor(-100);

export function TimelineToolbar({ controller }: { controller: TimelineController }) {
  const summary = useSyncExternalStore(controller.summary.subscribe, controller.summary.get);
  const follow = useStudioStore((s) => s.timelineFollowLive);
  return (
    <div className="panel-title-row timeline-toolbar">
      <h2 id="timeline-title">Timeline</h2>
      <div className="button-row timeline-buttons">
        <button
          type="button"
          data-testid="timeline-zoom-out"
          title="Zoom out (-)"
          onClick={() => controller.zoomBy(1 / ZOOM_STEP)}
        >
          −
        </button>
        <button
          type="button"
          data-testid="timeline-zoom-in"
          title="Zoom in (+)"
          onClick={() => controller.zoomBy(ZOOM_STEP)}
        >
          +
        </button>
        <button
          type="button"
          data-testid="timeline-zoom-reset"
          title="Default zoom (0)"
          onClick={() => controller.resetZoom()}
        >
          20 s
        </button>
        <button
          type="button"
          data-testid="timeline-fit"
          title="Show the whole session (Home)"
          onClick={() => controller.fit()}
        >
          Fit
        </button>
        <button
          type="button"
          data-testid="timeline-follow"
          aria-pressed={follow}
          data-state={follow ? 'on' : 'off'}
          className={follow ? 'primary' : undefined}
          title="Keep the newest events in view (f)"
          onClick={() => controller.setFollow(!follow)}
        >
          Follow live
        </button>
        <span
          className="muted mono"
          data-testid="timeline-zoom"
          data-window-ms={Math.round(summary.windowMs)}
          title="Visible window (wheel, +/- or the View menu zoom)"
        >
          {formatDuration(summary.windowMs)} in view
        </span>
      </div>
    </div>
  );
}

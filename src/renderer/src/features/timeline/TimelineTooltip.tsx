/** The hover details: what lies under the time cursor in the lane under the pointer. */
import { useSyncExternalStore } from 'react';
import type { TimelineController } from './view/timeline-controller';
import { formatTime } from './view/timeline-viewport';

const LABEL_WIDTH = 110;
const TIP_WIDTH = 320;

export function TimelineTooltip({ controller }: { controller: TimelineController }) {
  const hover = useSyncExternalStore(controller.hover.subscribe, controller.hover.get);
  if (!hover?.details) return null;
  const { details, x, y } = hover;
  // Flip to the left of the cursor near the right border.
  const left =
    x + LABEL_WIDTH + 14 + TIP_WIDTH > LABEL_WIDTH + controller.view.widthPx
      ? x + LABEL_WIDTH - TIP_WIDTH - 14
      : x + LABEL_WIDTH + 14;
  // In the lower half it opens upwards, so the body's clipping never hides it.
  const below = y < controller.laneHeight / 2;
  const style = below ? { left, top: y + 12 } : { left, top: y - 12, transform: 'translateY(-100%)' };
  return (
    <div
      className="timeline-tooltip"
      data-testid="timeline-tooltip"
      data-lane={details.lane}
      role="tooltip"
      style={style}
    >
      <div className="timeline-tooltip-title">{details.title}</div>
      {details.lines.map((line, i) => (
        <div key={i} className="timeline-tooltip-line">
          {line}
        </div>
      ))}
      <div className="timeline-tooltip-time muted mono">cursor {formatTime(details.t, 1)}</div>
    </div>
  );
}

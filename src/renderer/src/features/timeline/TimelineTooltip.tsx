/**
 * The hover details: what lies under the time cursor in the lane under the pointer. Rendered
 * into the document body with fixed coordinates, so neither the timeline's clipping nor the
 * window's edge can cut it: it is measured, then placed beside the pointer where it fits.
 */
import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { TimelineController } from './view/timeline-controller';
import { formatTime, SESSION_START_MS } from './view/timeline-viewport';
import { placeTooltip } from './view/tooltip-placement';

export function TimelineTooltip({ controller }: { controller: TimelineController }) {
  const hover = useSyncExternalStore(controller.hover.subscribe, controller.hover.get);
  const ref = useRef<HTMLDivElement>(null);
  const plot = hover?.details ? controller.plotRect() : null;
  const pointerX = plot && hover ? plot.left + hover.x : null;
  const pointerY = plot && hover ? plot.top + hover.y : null;

  // After each render, before paint: measure the tooltip as rendered and move it where it fits.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || pointerX === null || pointerY === null) return;
    const { left, top } = placeTooltip(
      { x: pointerX, y: pointerY },
      { width: el.offsetWidth, height: el.offsetHeight },
      { width: document.documentElement.clientWidth, height: document.documentElement.clientHeight },
    );
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    el.style.visibility = 'visible';
  });

  if (!hover?.details || pointerX === null) return null;
  const { details } = hover;
  return createPortal(
    <div
      ref={ref}
      className="timeline-tooltip"
      data-testid="timeline-tooltip"
      data-lane={details.lane}
      role="tooltip"
      // Measured first (hidden), then shown where it fits (the layout effect above).
      style={{ left: 0, top: 0, visibility: 'hidden' }}
    >
      <div className="timeline-tooltip-title">{details.title}</div>
      {details.lines.map((line, i) => (
        <div key={i} className="timeline-tooltip-line">
          {line}
        </div>
      ))}
      <div className="timeline-tooltip-time muted mono">
        cursor {formatTime(Math.max(SESSION_START_MS, details.t), 1)}
      </div>
    </div>,
    document.body,
  );
}

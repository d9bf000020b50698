/**
 * The timeline panel. React renders the chrome — toolbar, lane labels, tooltip — once; the
 * canvas, overlays and lane attributes are driven by TimelineController from the event stream,
 * so a batch of events or a pan re-renders no component except the tooltip and the readout.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { installTestHooks } from './test-hooks';
import { getTimeline } from './timeline-instance';
import { PreemptiveHint } from './PreemptiveHint';
import { TimelineTooltip } from './TimelineTooltip';
import { TimelineToolbar } from './TimelineToolbar';
import { type LaneId, layoutLanes } from './view/lane-layout';
import { TimelineController } from './view/timeline-controller';
import './timeline.css';

/** Lanes whose elements host an accessible overlay of their items. */
const OVERLAY_LANES: Partial<Record<LaneId, 'speech' | 'tools' | 'interruptions'>> = {
  'speech-queue': 'speech',
  tools: 'tools',
  interruptions: 'interruptions',
};

function EmptyNotice() {
  const timeline = getTimeline();
  const hasEvents = useSyncExternalStore(
    useStudioStore.subscribe,
    () => useStudioStore.getState().feed.size > 0,
  );
  if (hasEvents || timeline.model.eventCount > 0) return null;
  return (
    <p className="timeline-empty muted" data-testid="timeline-placeholder">
      Timeline lands with the engine’s first events: start a session and every lane fills in as it runs.
    </p>
  );
}

export function Timeline() {
  const timeline = getTimeline();
  const layout = useMemo(() => layoutLanes(), []);
  const [controller] = useState(
    () => new TimelineController(timeline.model, timeline.sync, useStudioStore, layout),
  );
  const bodyRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const laneRefs = useRef<Partial<Record<LaneId, HTMLElement>>>({});
  const overlayRefs = useRef<Partial<Record<'speech' | 'tools' | 'interruptions', HTMLElement>>>({});

  useEffect(() => {
    const body = bodyRef.current;
    const canvas = canvasRef.current;
    const { speech, tools, interruptions } = overlayRefs.current;
    if (!body || !canvas || !speech || !tools || !interruptions) return;
    const unmount = controller.mount({
      body,
      canvas,
      lanes: laneRefs.current,
      overlays: { speech, tools, interruptions },
    });
    const uninstall = installTestHooks(window, timeline, () => controller);
    return () => {
      uninstall();
      unmount();
    };
  }, [controller, timeline]);

  return (
    <section className="panel timeline" data-testid="timeline" aria-labelledby="timeline-title">
      <TimelineToolbar controller={controller} />
      <EmptyNotice />
      <div
        className="timeline-body"
        ref={bodyRef}
        style={{ height: layout.height }}
        tabIndex={0}
        aria-label="Timeline lanes: wheel or +/- to zoom, drag or arrows to pan, f to follow live, Home to fit"
      >
        <canvas className="timeline-canvas" ref={canvasRef} aria-hidden="true" />
        {layout.boxes.map((box) => {
          const overlay = OVERLAY_LANES[box.id];
          return (
            <div
              key={box.id}
              className="tl-lane"
              data-testid={`lane-${box.id}`}
              data-count="0"
              role="group"
              aria-label={box.label}
              style={{ top: box.top, height: box.height }}
              ref={(el) => {
                if (el) laneRefs.current[box.id] = el;
              }}
            >
              <div className="tl-lane-label" title={box.hint}>
                {box.label}
              </div>
              <div
                className="tl-lane-plot"
                role={overlay === 'tools' ? undefined : 'list'}
                aria-label={overlay ? `${box.label} items in view` : undefined}
                ref={(el) => {
                  if (el && overlay) overlayRefs.current[overlay] = el;
                }}
              >
                {box.id === 'preemptive' ? <PreemptiveHint /> : null}
              </div>
            </div>
          );
        })}
        <TimelineTooltip controller={controller} />
      </div>
    </section>
  );
}

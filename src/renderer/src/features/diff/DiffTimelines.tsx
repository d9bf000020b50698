/**
 * Two runs on one time axis, A above B: each run gets its own timeline model and the timeline's
 * own lane painter (drawTimeline), and both share one viewport in time since each run's start,
 * so the same moment of the conversation sits at the same x in both. Wheel zooms and drag pans
 * both at once; Fit shows the longer run whole.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DiffRun } from '../../../../shared/recording-diff';
import { drawTimeline } from '../timeline/draw/draw-timeline';
import { TimelineModel } from '../timeline/model/timeline-model';
import { layoutLanes, type LaneLayout } from '../timeline/view/lane-layout';
import * as vp from '../timeline/view/timeline-viewport';
import '../timeline/timeline.css';

const DRAG_THRESHOLD_PX = 3;

function modelOf(run: DiffRun): TimelineModel {
  const model = new TimelineModel();
  model.ingest(run.events);
  return model;
}

const durationOf = (run: DiffRun) => Math.max(0, run.endT - run.startT);

function paint(
  canvas: HTMLCanvasElement,
  model: TimelineModel,
  run: DiffRun,
  rel: vp.Viewport,
  layout: LaneLayout,
) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(rel.widthPx * dpr);
  const h = Math.round(layout.height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.width = `${rel.widthPx}px`;
    canvas.style.height = `${layout.height}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  // The shared view counts from each run's start; this run's lanes are drawn in its own clock.
  const view = { ...rel, startMs: rel.startMs + run.startT };
  const margin = 40 * view.msPerPx;
  drawTimeline({
    ctx,
    model,
    view,
    layout,
    from: view.startMs - margin,
    to: vp.endMs(view) + margin,
    liveEdgeMs: run.endT,
    cursorX: null,
    selectedToolId: null,
  });
}

function RunLanes({
  label,
  run,
  layout,
  canvasRef,
  plotRef,
}: {
  label: 'A' | 'B';
  run: DiffRun;
  layout: LaneLayout;
  canvasRef: (el: HTMLCanvasElement | null) => void;
  plotRef?: (el: HTMLDivElement | null) => void;
}) {
  const cut = run.eventCount > run.events.length;
  return (
    <div className="diff-run" data-testid={`diff-lanes-${label.toLowerCase()}`} data-recording-id={run.id}>
      <div className="diff-run-title">
        <strong>{label}</strong> <span className="mono">{run.id}</span>{' '}
        <span className="muted">{run.title}</span>
        {cut && (
          <span className="muted" data-testid="diff-lanes-cut">
            {' '}
            — lanes show the first {run.events.length.toLocaleString()} of {run.eventCount.toLocaleString()}{' '}
            events
          </span>
        )}
      </div>
      <div className="timeline-body" style={{ height: layout.height }} data-event-count={run.events.length}>
        <canvas className="timeline-canvas" ref={canvasRef} aria-hidden="true" />
        {layout.boxes.map((box, i) => (
          <div key={box.id} className="tl-lane" style={{ top: box.top, height: box.height }}>
            <div className="tl-lane-label" title={box.hint}>
              {box.label}
            </div>
            <div className="tl-lane-plot" ref={i === 0 ? plotRef : undefined} />
          </div>
        ))}
      </div>
    </div>
  );
}

export function DiffTimelines({ a, b }: { a: DiffRun; b: DiffRun }) {
  const layout = useMemo(() => layoutLanes(), []);
  const modelA = useMemo(() => modelOf(a), [a]);
  const modelB = useMemo(() => modelOf(b), [b]);
  const span = Math.max(durationOf(a), durationOf(b), 1_000);
  const [view, setView] = useState<vp.Viewport | null>(null);
  const canvases = useRef<{ a: HTMLCanvasElement | null; b: HTMLCanvasElement | null }>({ a: null, b: null });
  const plot = useRef<HTMLDivElement | null>(null);
  const drag = useRef<{ x: number; start: vp.Viewport; moved: boolean } | null>(null);

  const fit = useCallback(() => {
    const width = Math.max(1, Math.floor(plot.current?.clientWidth ?? 800));
    setView(vp.fitRange(vp.defaultViewport(width), 0, span));
  }, [span]);

  // Fit on open and when the pair changes; follow the plot's width as the pane resizes.
  useEffect(() => {
    fit();
    const el = plot.current;
    if (!el) return;
    const resize = new ResizeObserver(() =>
      setView((v) => (v ? vp.resize(v, Math.max(1, Math.floor(el.clientWidth))) : v)),
    );
    resize.observe(el);
    return () => resize.disconnect();
  }, [fit]);

  useEffect(() => {
    if (!view) return;
    const frame = requestAnimationFrame(() => {
      if (canvases.current.a) paint(canvases.current.a, modelA, a, view, layout);
      if (canvases.current.b) paint(canvases.current.b, modelB, b, view, layout);
    });
    return () => cancelAnimationFrame(frame);
  }, [view, modelA, modelB, a, b, layout]);

  const plotX = (e: { clientX: number }) =>
    e.clientX - (canvases.current.a?.getBoundingClientRect().left ?? 0);

  return (
    <div
      className="diff-timelines"
      data-testid="diff-timelines"
      onWheel={(e) => {
        if (!view) return;
        if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) setView(vp.panBy(view, -e.deltaX));
        else setView(vp.zoomAt(view, vp.wheelZoomFactor(e.deltaY), plotX(e)));
      }}
      onPointerDown={(e) => {
        if (view && e.button === 0) drag.current = { x: e.clientX, start: view, moved: false };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        const dx = e.clientX - d.x;
        if (!d.moved && Math.abs(dx) < DRAG_THRESHOLD_PX) return;
        d.moved = true;
        setView(vp.panBy(d.start, dx));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerLeave={() => (drag.current = null)}
    >
      <div className="button-row diff-timeline-buttons">
        <span className="muted">Time since each run’s start; wheel zooms, drag pans both.</span>
        <button type="button" data-testid="diff-fit" onClick={fit}>
          Fit
        </button>
      </div>
      <RunLanes
        label="A"
        run={a}
        layout={layout}
        canvasRef={(el) => (canvases.current.a = el)}
        plotRef={(el) => (plot.current = el)}
      />
      <RunLanes label="B" run={b} layout={layout} canvasRef={(el) => (canvases.current.b = el)} />
    </div>
  );
}

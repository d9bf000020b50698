/**
 * Runs the timeline outside React: owns the viewport, paints the canvas on animation frames
 * when something changed (a live session it follows: at follow-pacer.ts's pace), keeps the
 * accessible overlays and lane attributes in step, turns wheel, drag, click and keys into zoom,
 * pan and selection. React mounts it once and renders only the toolbar and the tooltip.
 */
import type { StoreApi } from 'zustand';
import type { StudioStore } from '../../../store/studio-store';
import { drawTimeline } from '../draw/draw-timeline';
import type { ModelSync } from '../model/model-sync';
import type { TimelineModel } from '../model/timeline-model';
import { syncOverlay } from './dom-overlay';
import { NewSessionWatch } from './follow-policy';
import { FollowPacer } from './follow-pacer';
import { FrameStats } from './frame-stats';
import { hoverDetails, toolAt, type HoverDetails } from './hit-test';
import { type LaneId, type LaneLayout, laneAtY } from './lane-layout';
import { writeLaneAttributes } from './lane-attributes';
import { Observable } from './observable';
import { playheadClock, subscribePlayhead } from '../../replay/replay-instance';
import { interruptionItems, speechItems, toolItems } from './overlay-items';
import { paintRangeSelection, viewForRange } from './range-selection';
import * as vp from './timeline-viewport';
import { drawCursor, pickMarkAt, revealTime } from './timeline-cursor';

export interface TimelineDom {
  /** Receives pointer, wheel and key events. */
  body: HTMLElement;
  canvas: HTMLCanvasElement;
  lanes: Partial<Record<LaneId, HTMLElement>>;
  overlays: { speech: HTMLElement; tools: HTMLElement; interruptions: HTMLElement };
}

export interface HoverState {
  details: HoverDetails | null;
  /** Pointer position inside the body, px. */
  x: number;
  y: number;
}

/** What the toolbar shows; it changes on zoom, not on every frame of a pan or of following. */
export interface ViewSummary {
  windowMs: number;
  follow: boolean;
}

/** Live extrapolation never runs further than this past the newest event. */
const MAX_EXTRAPOLATION_MS = 3_000;
const DRAG_THRESHOLD_PX = 3;
const KEY_PAN_FRACTION = 0.15;
/** How often the invisible overlays follow a moving view. */
const OVERLAY_INTERVAL_MS = 100;

export class TimelineController {
  readonly hover = new Observable<HoverState | null>(null);
  readonly summary = new Observable<ViewSummary>(
    { windowMs: vp.DEFAULT_WINDOW_MS, follow: true },
    (a, b) => a.follow === b.follow && Math.abs(a.windowMs - b.windowMs) < 1,
  );
  readonly stats = new FrameStats();
  view: vp.Viewport = vp.defaultViewport(800);

  private dom: TimelineDom | null = null;
  private frame = 0;
  private readonly pacer = new FollowPacer();
  private drawnVersion = -1;
  private dirty = true;
  private pointer: { x: number; y: number } | null = null;
  private drag: { startX: number; startView: vp.Viewport; moved: boolean } | null = null;
  private suppressClick = false;
  private sized = false;
  private overlayKey = '';
  private overlayDataKey = '';
  private overlayAt = 0;
  private overlayTimer: ReturnType<typeof setTimeout> | null = null;
  private summaryAt = 0;
  private fitOnNextPaint = false;

  constructor(
    private readonly model: TimelineModel,
    private readonly sync: ModelSync,
    private readonly store: StoreApi<StudioStore>,
    private readonly layout: LaneLayout,
  ) {}

  mount(dom: TimelineDom): () => void {
    this.dom = dom;
    const offs: (() => void)[] = [];
    const on = <K extends keyof HTMLElementEventMap>(
      el: HTMLElement,
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
      opts?: AddEventListenerOptions,
    ) => {
      el.addEventListener(type, fn, opts);
      offs.push(() => el.removeEventListener(type, fn, opts));
    };
    on(dom.body, 'wheel', (e) => this.onWheel(e), { passive: false });
    on(dom.body, 'pointerdown', (e) => this.onPointerDown(e));
    on(dom.body, 'pointermove', (e) => this.onPointerMove(e));
    on(dom.body, 'pointerup', (e) => this.onPointerUp(e));
    on(dom.body, 'pointercancel', () => (this.drag = null));
    on(dom.body, 'pointerleave', () => this.setPointer(null));
    on(dom.body, 'click', (e) => this.onClick(e));
    on(dom.body, 'keydown', (e) => this.onKey(e));

    const resize = new ResizeObserver(() => this.invalidate());
    resize.observe(dom.canvas.parentElement ?? dom.canvas);
    offs.push(() => resize.disconnect());

    offs.push(
      this.store.subscribe((s, prev) => {
        if (s.timelineZoom !== prev.timelineZoom) this.onMenuZoom(prev.timelineZoom, s.timelineZoom);
        if (s.studioConfig !== prev.studioConfig) this.readConfiguredThreshold();
        if (s.timelineCursorMs !== prev.timelineCursorMs) this.revealCursor(s.timelineCursorMs);
        if (s.timelineSelection !== prev.timelineSelection) this.showSelection();
        if (
          s.feedVersion !== prev.feedVersion ||
          s.timelineFollowLive !== prev.timelineFollowLive ||
          s.selectedToolCallId !== prev.selectedToolCallId ||
          s.status?.phase !== prev.status?.phase
        )
          this.invalidate();
      }),
    );
    // A replay's playhead: drawn as the cursor, kept in view while it plays.
    offs.push(subscribePlayhead(() => this.invalidate()));
    const sessions = new NewSessionWatch(this.store.getState().feedSource);
    offs.push(
      this.store.subscribe((s, prev) => {
        if (s.feedSource === prev.feedSource) return;
        // A recording opened: show it from its start rather than following a live edge.
        if (s.feedSource.kind === 'replay') this.fitOnNextPaint = true;
        // A new live session: the view jumps to it and follows, wherever the last one was left.
        else if (sessions.isNewSession(s.feedSource)) this.setFollow(true);
      }),
    );
    this.readConfiguredThreshold();
    this.invalidate();
    return () => {
      for (const off of offs) off();
      if (this.frame !== 0) cancelAnimationFrame(this.frame);
      this.pacer.cancel();
      if (this.overlayTimer !== null) clearTimeout(this.overlayTimer);
      this.frame = 0;
      this.overlayTimer = null;
      this.dom = null;
    };
  }

  /** Schedules a paint on the next animation frame (at most one pending). */
  invalidate(): void {
    this.dirty = true;
    if (this.frame === 0 && this.dom) this.frame = requestAnimationFrame(() => this.paint());
  }

  /** The plot's (canvas's) box in window coordinates: hover positions are relative to it. */
  plotRect(): DOMRect | null {
    return this.dom?.canvas.getBoundingClientRect() ?? null;
  }

  /** Moves the view to the selected range (and stops following so it stays there). */
  private showSelection(): void {
    const range = this.store.getState().timelineSelection;
    if (range && this.sized) this.view = viewForRange(this.view, range);
    if (range) this.store.getState().setTimelineFollowLive(false);
    this.invalidate();
  }

  /** Height of the axis plus all lanes, px. */
  get laneHeight(): number {
    return this.layout.height;
  }

  get following(): boolean {
    return this.store.getState().timelineFollowLive;
  }

  setFollow(follow: boolean): void {
    this.store.getState().setTimelineFollowLive(follow);
    this.invalidate();
  }

  /** Zooms around the live edge when following, else around the pointer or the center. */
  zoomBy(factor: number, anchorPx?: number): void {
    const anchor = anchorPx ?? (this.following ? vp.xAt(this.view, this.liveEdge()) : this.view.widthPx / 2);
    this.view = vp.zoomAt(this.view, factor, anchor);
    this.invalidate();
  }

  resetZoom(): void {
    const centerT = vp.timeAt(this.view, this.view.widthPx / 2);
    const scale = vp.DEFAULT_WINDOW_MS / this.view.widthPx;
    this.view = { ...this.view, msPerPx: scale, startMs: centerT - (this.view.widthPx / 2) * scale };
    this.invalidate();
  }

  /** Shows the whole session; stops following so the view stays put. */
  fit(): void {
    const from = this.model.startT ?? 0;
    this.view = vp.fitRange(this.view, from, Math.max(this.liveEdge(), from + 1_000));
    this.setFollow(false);
  }

  panBy(dxPx: number): void {
    this.view = vp.panBy(this.view, dxPx);
    if (this.following) this.store.getState().setTimelineFollowLive(false);
    this.invalidate();
  }

  /** The newest session time: the last event, extrapolated while a live session runs. */
  liveEdge(): number {
    const end = this.model.endT ?? 0;
    const running =
      this.store.getState().status?.phase === 'running' &&
      this.store.getState().feedSource.kind === 'live' &&
      !this.model.closed;
    if (!running || this.model.endT === null) return end;
    return end + Math.min(MAX_EXTRAPOLATION_MS, Math.max(0, performance.now() - this.sync.lastIngestAt()));
  }

  private paint(): void {
    this.frame = 0;
    this.pacer.cancel();
    const dom = this.dom;
    if (!dom) return;
    const started = performance.now();
    const { canvas } = dom;
    // The plot column's width: the lane rows' plot cells share it with the canvas.
    const cssWidth = Math.max(1, Math.floor(dom.overlays.speech.clientWidth));
    const cssHeight = this.layout.height;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(cssWidth * dpr) || canvas.height !== Math.round(cssHeight * dpr)) {
      canvas.width = Math.round(cssWidth * dpr);
      canvas.height = Math.round(cssHeight * dpr);
      canvas.style.width = `${cssWidth}px`;
      canvas.style.height = `${cssHeight}px`;
    }
    if (!this.sized) {
      // The first real width sets the default window; later resizes keep the scale.
      this.view = { ...vp.defaultViewport(cssWidth), startMs: this.view.startMs };
      this.sized = true;
    } else if (cssWidth !== this.view.widthPx) this.view = vp.resize(this.view, cssWidth);

    const live = this.liveEdge();
    const playhead = playheadClock();
    if (this.fitOnNextPaint && playhead) {
      this.fitOnNextPaint = false;
      this.view = vp.fitRange(
        this.view,
        playhead.startMs,
        Math.max(playhead.endMs, playhead.startMs + 1_000),
      );
      this.store.getState().setTimelineFollowLive(false);
    }
    const playheadMs = playhead?.position() ?? null;
    // While it plays, the playhead pages the view along when it runs off the right edge.
    if (playhead?.playing && playheadMs !== null && playheadMs > vp.endMs(this.view))
      this.view = { ...this.view, startMs: playheadMs - this.view.widthPx * this.view.msPerPx * 0.1 };
    const follow = this.following;
    if (follow) this.view = vp.followLive(this.view, live);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { selectedToolCallId } = this.store.getState();
    const margin = 40 * this.view.msPerPx;
    drawTimeline({
      ctx,
      model: this.model,
      view: this.view,
      layout: this.layout,
      from: this.view.startMs - margin,
      to: vp.endMs(this.view) + margin,
      liveEdgeMs: live,
      cursorX: this.pointer?.x ?? null,
      selectedToolId: selectedToolCallId,
    });
    if (playheadMs !== null) {
      const x = vp.xAt(this.view, playheadMs);
      ctx.fillStyle = '#ff5a5a';
      ctx.fillRect(Math.round(x) - 1, 0, 2, cssHeight);
      dom.body.dataset.playheadMs = String(Math.round(playheadMs));
      // Where the line is drawn, px from the plot's left edge: tests put lane items against it.
      dom.body.dataset.playheadX = x.toFixed(1);
    } else {
      delete dom.body.dataset.playheadMs;
      delete dom.body.dataset.playheadX;
    }
    // Live, the cursor marks the event last picked (a replay's playhead is its cursor).
    const cursorMs = playheadMs === null ? this.store.getState().timelineCursorMs : null;
    drawCursor(ctx, this.view, cursorMs, cssHeight, dom.body);
    paintRangeSelection(ctx, this.view, this.store.getState().timelineSelection, cssHeight, dom.body);
    this.syncOverlays(dom, live, selectedToolCallId);
    if (this.drawnVersion !== this.model.version) {
      writeLaneAttributes(dom.lanes, this.model);
      dom.body.dataset.eventCount = String(this.model.eventCount);
      this.drawnVersion = this.model.version;
    }
    if (this.pointer)
      this.hover.set({ ...this.pointer, details: this.detailsAt(this.pointer.x, this.pointer.y, live) });
    this.updateSummary({ windowMs: this.view.widthPx * this.view.msPerPx, follow });
    this.dirty = false;
    this.stats.record(performance.now() - started);
    // A live session moves on between batches: keep painting while following it (~30 fps).
    if (follow && this.store.getState().status?.phase === 'running' && !this.model.closed)
      this.pacer.schedule(this.view.msPerPx, dpr, () => this.invalidate());
    if (playhead?.playing) this.invalidate();
  }

  /** The toolbar readout follows a continuous zoom at the overlays' pace, not every frame. */
  private updateSummary(next: ViewSummary): void {
    const now = performance.now();
    if (next.follow === this.summary.get().follow && now - this.summaryAt < OVERLAY_INTERVAL_MS) {
      this.scheduleTrailing();
      return;
    }
    this.summary.set(next);
    this.summaryAt = now;
  }

  /** One more paint after the throttle interval, so throttled DOM lands where the view rests. */
  private scheduleTrailing(): void {
    this.overlayTimer ??= setTimeout(() => {
      this.overlayTimer = null;
      this.invalidate();
    }, OVERLAY_INTERVAL_MS);
  }

  /**
   * The accessible overlays follow the view at most every OVERLAY_INTERVAL_MS while it moves
   * (they are invisible, so a lag of a few frames shows nowhere) and at once when data or the
   * selection changes; a trailing update always lands where the view came to rest.
   */
  private syncOverlays(dom: TimelineDom, live: number, selected: string | null): void {
    const v = this.view;
    const key = `${v.startMs}|${v.msPerPx}|${v.widthPx}`;
    const dataKey = `${this.model.version}|${selected}`;
    if (key === this.overlayKey && dataKey === this.overlayDataKey) return;
    const now = performance.now();
    if (dataKey === this.overlayDataKey && now - this.overlayAt < OVERLAY_INTERVAL_MS) {
      this.scheduleTrailing();
      return;
    }
    const { byId } = this.layout;
    syncOverlay(dom.overlays.speech, speechItems(this.model, v, byId['speech-queue'], live), 'speech-bar');
    syncOverlay(dom.overlays.tools, toolItems(this.model, v, byId.tools, live, selected), 'tool-call');
    syncOverlay(
      dom.overlays.interruptions,
      interruptionItems(this.model, v, byId.interruptions, live),
      'interruption-mark',
    );
    this.overlayKey = key;
    this.overlayDataKey = dataKey;
    this.overlayAt = now;
  }

  /** The VAD lane's threshold line follows the studio's config until the session says otherwise. */
  private readConfiguredThreshold(): void {
    const vad = this.store.getState().studioConfig?.providers.vad;
    const next = vad && 'activationThreshold' in vad ? vad.activationThreshold : null;
    if (next === this.model.configuredVadThreshold) return;
    this.model.configuredVadThreshold = next;
    this.drawnVersion = -1;
    this.invalidate();
  }

  private detailsAt(x: number, y: number, live: number): HoverDetails | null {
    return x < 0 ? null : hoverDetails(this.model, this.layout, this.view, x, y, live);
  }

  /** Pointer position relative to the plot (canvas) origin. */
  private local(e: MouseEvent): { x: number; y: number } {
    const rect = this.dom!.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private setPointer(p: { x: number; y: number } | null): void {
    this.pointer = p && p.x >= 0 && p.x <= this.view.widthPx ? p : null;
    if (!this.pointer) this.hover.set(null);
    this.invalidate();
  }

  private onWheel(e: WheelEvent): void {
    const p = this.local(e);
    if (p.x < 0) return;
    e.preventDefault();
    if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.panBy(-e.deltaX);
    else
      this.zoomBy(
        vp.wheelZoomFactor(e.deltaMode === 1 ? e.deltaY * 40 : e.deltaY),
        this.following ? undefined : p.x,
      );
  }

  private onPointerDown(e: PointerEvent): void {
    const p = this.local(e);
    if (e.button !== 0 || p.x < 0) return;
    this.drag = { startX: p.x, startView: this.view, moved: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const p = this.local(e);
    const drag = this.drag;
    if (drag) {
      const dx = p.x - drag.startX;
      if (!drag.moved && Math.abs(dx) >= DRAG_THRESHOLD_PX) {
        drag.moved = true;
        this.dom?.body.setPointerCapture(e.pointerId);
        this.store.getState().setTimelineFollowLive(false);
      }
      if (drag.moved) this.view = vp.panBy(drag.startView, dx);
    }
    this.setPointer(p);
  }

  private onPointerUp(e: PointerEvent): void {
    if (this.drag?.moved) {
      this.suppressClick = true;
      if (this.dom?.body.hasPointerCapture(e.pointerId)) this.dom.body.releasePointerCapture(e.pointerId);
    }
    this.drag = null;
  }

  private onClick(e: MouseEvent): void {
    if (this.suppressClick) {
      this.suppressClick = false;
      return;
    }
    const target = (e.target as HTMLElement | null)?.closest<HTMLElement>('[data-call-id]');
    // During a replay a click on any lane moves the playhead there (and still picks a tool call).
    const clicked = this.local(e);
    const playhead = playheadClock();
    if (playhead && clicked.x >= 0 && clicked.x <= this.view.widthPx)
      playhead.seek(vp.timeAt(this.view, clicked.x));
    // Any mark opens its event (an LLM/TTS bar its request) and moves the cursor to it.
    const events = this.store.getState().feed.toArray();
    pickMarkAt(this.model, this.layout, this.view, clicked.x, clicked.y, events);
    if (target?.dataset.callId) {
      this.store.getState().selectTool(target.dataset.callId);
      return;
    }
    const p = this.local(e);
    if (p.x < 0 || laneAtY(this.layout, p.y)?.id !== 'tools') return;
    const tool = toolAt(this.model, this.view, p.x);
    if (tool) this.store.getState().selectTool(tool.callId);
  }

  /** A cursor moved out of view (an event picked in the log) brings the view to it. */
  private revealCursor(t: number | null): void {
    if (t === null || playheadClock()) return;
    const next = revealTime(this.view, t);
    if (next !== this.view) {
      this.view = next;
      this.store.getState().setTimelineFollowLive(false);
    }
    this.invalidate();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const handled = (() => {
      switch (e.key) {
        case '+':
        case '=':
          this.zoomBy(vp.wheelZoomFactor(-100));
          return true;
        case '-':
          this.zoomBy(vp.wheelZoomFactor(100));
          return true;
        case '0':
          this.resetZoom();
          return true;
        case 'f':
          this.setFollow(!this.following);
          return true;
        case 'Home':
          this.fit();
          return true;
        case 'ArrowLeft':
          this.panBy(this.view.widthPx * KEY_PAN_FRACTION);
          return true;
        case 'ArrowRight':
          this.panBy(-this.view.widthPx * KEY_PAN_FRACTION);
          return true;
        default:
          return false;
      }
    })();
    if (handled) e.preventDefault();
  }

  private onMenuZoom(prev: number, next: number): void {
    if (next === 1 && prev !== 1) this.resetZoom();
    else {
      const anchor = this.following ? vp.xAt(this.view, this.liveEdge()) : this.view.widthPx / 2;
      this.view = vp.applyZoomFactorChange(this.view, prev, next, anchor);
      this.invalidate();
    }
  }
}

/**
 * Zoom, pan, follow and tick math of the timeline, in plain numbers so it is testable and the
 * draw loop can call it per frame without React. A viewport maps session ms to CSS pixels of the
 * plot area: x = (t - startMs) / msPerPx.
 */

export interface Viewport {
  startMs: number;
  msPerPx: number;
  widthPx: number;
}

/** What a fresh timeline shows across its width. */
export const DEFAULT_WINDOW_MS = 20_000;
/** Zoom limits: 0.1 ms a pixel (single VAD frames apart) to a minute a pixel (hours in view). */
export const MIN_MS_PER_PX = 0.1;
export const MAX_MS_PER_PX = 60_000;
/** The live edge sits this far from the right border, so the newest marks are not clipped. */
export const FOLLOW_MARGIN = 0.08;

const clampScale = (msPerPx: number) => Math.min(MAX_MS_PER_PX, Math.max(MIN_MS_PER_PX, msPerPx));

export function defaultViewport(widthPx: number): Viewport {
  const w = Math.max(1, widthPx);
  return { startMs: 0, msPerPx: DEFAULT_WINDOW_MS / w, widthPx: w };
}

export const endMs = (v: Viewport) => v.startMs + v.widthPx * v.msPerPx;
export const timeAt = (v: Viewport, x: number) => v.startMs + x * v.msPerPx;
export const xAt = (v: Viewport, t: number) => (t - v.startMs) / v.msPerPx;

/** Zooms by `factor` (>1 zooms in) keeping the time under `anchorPx` where it is. */
export function zoomAt(v: Viewport, factor: number, anchorPx: number): Viewport {
  if (!(factor > 0)) return v;
  const msPerPx = clampScale(v.msPerPx / factor);
  const anchorT = timeAt(v, anchorPx);
  return { ...v, msPerPx, startMs: anchorT - anchorPx * msPerPx };
}

/** Pans by a drag of `dxPx` (dragging right shows earlier time). */
export function panBy(v: Viewport, dxPx: number): Viewport {
  return { ...v, startMs: v.startMs - dxPx * v.msPerPx };
}

/** Session time 0: the clock every session's events count from. Nothing happens before it. */
export const SESSION_START_MS = 0;

/**
 * Places the live edge near the right border at the current scale; while the session is shorter
 * than the window, the view starts at the session's start and the live edge moves across it.
 */
export function followLive(v: Viewport, liveEdgeMs: number, sessionStartMs = SESSION_START_MS): Viewport {
  const startMs = liveEdgeMs - v.widthPx * v.msPerPx * (1 - FOLLOW_MARGIN);
  return { ...v, startMs: Math.max(Math.min(sessionStartMs, liveEdgeMs), startMs) };
}

/** Shows [fromMs, toMs] whole, with a little room either side. */
export function fitRange(v: Viewport, fromMs: number, toMs: number): Viewport {
  const span = Math.max(toMs - fromMs, 1_000);
  const pad = span * 0.02;
  const msPerPx = clampScale((span + 2 * pad) / v.widthPx);
  return { ...v, msPerPx, startMs: fromMs - pad };
}

/** A new plot width keeps the left edge and the scale (the window grows or shrinks). */
export function resize(v: Viewport, widthPx: number): Viewport {
  return { ...v, widthPx: Math.max(1, widthPx) };
}

/**
 * The menu's zoom lives in the store as a factor (1 = default); a change of it from `prev` to
 * `next` zooms the viewport by their ratio around `anchorPx`.
 */
export function applyZoomFactorChange(v: Viewport, prev: number, next: number, anchorPx: number): Viewport {
  if (!(prev > 0) || !(next > 0) || prev === next) return v;
  return zoomAt(v, next / prev, anchorPx);
}

/** Wheel delta (pixels) to a zoom factor: smooth for trackpads, ~1.25 per mouse notch. */
export function wheelZoomFactor(deltaY: number): number {
  return Math.exp(-deltaY * 0.0022);
}

const NICE = [1, 2, 5];

/** The smallest 1/2/5×10^k step in ms giving at least `minPx` between ticks. */
export function tickStep(msPerPx: number, minPx = 90): number {
  const target = msPerPx * minPx;
  let pow = Math.pow(10, Math.floor(Math.log10(Math.max(target, 1e-3))));
  for (;;) {
    for (const n of NICE) if (n * pow >= target) return n * pow;
    pow *= 10;
  }
}

/** Tick times inside the viewport for a given step. */
export function ticks(v: Viewport, stepMs = tickStep(v.msPerPx)): number[] {
  const out: number[] = [];
  const first = Math.ceil(v.startMs / stepMs) * stepMs;
  const last = endMs(v);
  for (let t = first; t <= last && out.length < 500; t += stepMs) out.push(Math.round(t / stepMs) * stepMs);
  return out;
}

/** Tick times of the axis: those inside the viewport from the session's start on (none negative). */
export function axisTicks(
  v: Viewport,
  stepMs = tickStep(v.msPerPx),
  sessionStartMs = SESSION_START_MS,
): number[] {
  const from = Math.max(v.startMs, sessionStartMs);
  if (from > endMs(v)) return [];
  return ticks({ ...v, startMs: from, widthPx: (endMs(v) - from) / v.msPerPx }, stepMs);
}

/** A tick or cursor label: as precise as the step needs ("1:05", "12.5 s", "3.250 s"). */
export function formatTime(ms: number, stepMs = 1): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (stepMs >= 60_000 || abs >= 600_000) {
    const totalS = Math.round(abs / 1000);
    return `${sign}${Math.floor(totalS / 60)}:${String(totalS % 60).padStart(2, '0')}`;
  }
  const decimals = stepMs >= 1000 ? 0 : stepMs >= 100 ? 1 : stepMs >= 10 ? 2 : 3;
  return `${sign}${(abs / 1000).toFixed(decimals)} s`;
}

/** A duration for tooltips and labels: "850 ms", "2.35 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return formatTime(ms, 60_000);
}

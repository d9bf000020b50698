/**
 * How often the timeline repaints only because a live session moves on — nothing new arrived,
 * nobody touched the view, the live edge just advanced: about 30 times a second, and no more
 * often than the edge moves one device pixel (a zoomed-out view needs far fewer). New events,
 * zoom, pan, hover and selection still paint on the next animation frame, as before.
 *
 * Why: each repaint is a whole frame of the page (canvas draw, style, paint, commit,
 * compositing), ~5–7 ms of CPU on a machine that renders in software. Following at the display's
 * 60 Hz cost the renderer ~40 % of a core for as long as a session ran, beside the engine the
 * studio is there to watch. At the default 20 s window the edge moves about one pixel per 60 Hz
 * frame, so steps of two pixels at 30 fps read as the same motion.
 */

/** The shortest interval between two follow-only paints (~30 fps). */
export const FOLLOW_FRAME_MS = 33;
/** The longest: even a view zoomed out to hours shows its live edge move within this. */
export const FOLLOW_MAX_INTERVAL_MS = 250;
/**
 * The timer asks for the frame this much early (half a 60 Hz frame), so the paint lands on the
 * frame that is due rather than on the one after it.
 */
const EARLY_MS = 8;

export interface PacerTimers {
  setTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
  clearTimeout(id: ReturnType<typeof setTimeout>): void;
}

/** The interval between follow-only paints for a view of `msPerPx` on a `dpr` display. */
export function followIntervalMs(msPerPx: number, dpr: number): number {
  const perDevicePixelMs = msPerPx / Math.max(1, dpr);
  return Math.min(FOLLOW_MAX_INTERVAL_MS, Math.max(FOLLOW_FRAME_MS, perDevicePixelMs));
}

/** One pending follow paint at most; any paint cancels it and the paint schedules the next. */
export class FollowPacer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly timers: PacerTimers = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id),
    },
  ) {}

  /** Called at the end of a paint while following a running session: `request` paints next. */
  schedule(msPerPx: number, dpr: number, request: () => void): void {
    this.cancel();
    const delay = Math.max(0, followIntervalMs(msPerPx, dpr) - EARLY_MS);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      request();
    }, delay);
  }

  /** Called when a paint starts (whatever caused it) and when the timeline unmounts. */
  cancel(): void {
    if (this.timer === null) return;
    this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  get pending(): boolean {
    return this.timer !== null;
  }
}

/**
 * Where the timeline's text labels may go in one frame. Painters ask for room left to right;
 * a label never overlaps one already placed on its row, never leaves the plot, and is cut with
 * an ellipsis to the room it has (or left out when fewer than three glyphs fit — the tooltip
 * names every mark anyway). Pure: widths come from a `measure` function, so it is testable
 * without a canvas.
 */

/** Space between a label's box edge and its text, px. */
export const LABEL_PAD_PX = 3;
/** Free space kept between two labels on one row, px. */
export const LABEL_GAP_PX = 6;
const MIN_GLYPHS = 3;
/** A flipped label ends this far left of its mark. */
export const FLIP_CLEARANCE_PX = 8;

export interface LabelRequest {
  text: string;
  /** Left edge of the label's box, plot px (may be off the plot's left edge). */
  x: number;
  /** Width of the box the label may use from `x`. */
  width: number;
  /** Labels collide only with labels on the same row (a lane's text line: its y, rounded). */
  row: number;
  /**
   * The x of the point mark this label names (for labels not inside a span): when the label
   * does not fit to the right, it goes to the left of the mark instead, ending
   * `FLIP_CLEARANCE_PX` before it (clear of the mark's glyph).
   */
  markX?: number;
}

export interface PlacedLabel {
  /** The text drawn: the request's, or cut to fit with a trailing ellipsis. */
  text: string;
  /** Where the text starts, plot px. */
  x: number;
  width: number;
}

/** `text` cut to at most `room` px with a trailing ellipsis, or null when under 3 glyphs fit. */
export function truncateToWidth(text: string, room: number, measure: (s: string) => number): string | null {
  if (text === '' || room <= 0) return null;
  if (measure(text) <= room) return text;
  // The longest prefix whose "prefix…" fits: binary search over the prefix length.
  let lo = 0;
  let hi = text.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`) <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1 >= MIN_GLYPHS ? `${text.slice(0, lo).trimEnd()}…` : null;
}

export class LabelSpace {
  /** Per row, the placed labels' [start, end) spans in px, sorted by start. */
  private readonly rows = new Map<number, [number, number][]>();

  constructor(
    /** The plot's width, px: labels stay within [0, widthPx]. */
    private readonly widthPx: number,
    private readonly measure: (s: string) => number,
  ) {}

  /** Finds room for a label, records it and returns where to draw it, or null if there is none. */
  place(req: LabelRequest): PlacedLabel | null {
    const right = this.fit(req.text, req.x + LABEL_PAD_PX, req.x + req.width - LABEL_PAD_PX, req.row);
    if (right) return right;
    if (req.markX === undefined) return null;
    // To the left of the mark: the label ends just before it.
    const end = Math.min(req.markX - FLIP_CLEARANCE_PX, this.widthPx);
    const start = Math.max(0, end - Math.min(this.measure(req.text), req.width - 2 * LABEL_PAD_PX));
    return this.fit(req.text, start, end, req.row);
  }

  /** Places `text` starting at or after `from` and ending by `to`, clear of the row's labels. */
  private fit(text: string, from: number, to: number, row: number): PlacedLabel | null {
    const spans = this.rows.get(row) ?? [];
    let start = Math.max(from, 0);
    let end = Math.min(to, this.widthPx);
    // Labels are placed left to right in the common case: the blocking spans are few.
    for (const [s, e] of spans) {
      if (e + LABEL_GAP_PX <= start || s - LABEL_GAP_PX >= end) continue;
      if (s - LABEL_GAP_PX > start) end = Math.min(end, s - LABEL_GAP_PX);
      else start = Math.max(start, e + LABEL_GAP_PX);
    }
    // A label pushed away from its own box start would name the wrong mark: only a small nudge.
    if (start > Math.max(from, 0) + LABEL_GAP_PX) return null;
    const drawn = truncateToWidth(text, end - start, this.measure);
    if (drawn === null) return null;
    const width = this.measure(drawn);
    spans.push([start, start + width]);
    spans.sort((a, b) => a[0] - b[0]);
    this.rows.set(row, spans);
    return { text: drawn, x: start, width };
  }
}

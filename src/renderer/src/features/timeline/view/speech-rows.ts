/**
 * Where the speech-queue lane puts its rows and labels; the painter, the hover and the DOM
 * overlay all place speeches through here, so what is drawn is what is pointed at.
 *
 * The model gives every speech a row no other open speech shares. The lane shows at least
 * SPEECH_ROWS rows; when more speeches overlap in view the rows get thinner, down to
 * MIN_ROW_PX, and past that the last row holds every deeper speech (an overflow row, drawn
 * faint, labelled with how many it holds instead of one label per speech). Labels stay inside
 * the visible part of their bar, and at most one label per stretch of a row, so they never
 * overlap; thin rows get a smaller font, and rows too thin for any font get none.
 */
import { SPEECH_ROWS } from '../model/speech-lanes';
import type { TimelineModel } from '../model/timeline-model';
import type { LaneBox } from './lane-layout';

/** Thinnest row before deeper speeches go to the overflow row. */
export const MIN_ROW_PX = 9;
/** Largest label font; rows shrink it to rowH - 3, and under MIN_FONT_PX there is no label. */
export const MAX_FONT_PX = 11;
export const MIN_FONT_PX = 7;
/** Average glyph width per px of font size (the 11px font is about 6.2 px a glyph). */
const GLYPH_PER_FONT_PX = 6.2 / 11;
const PAD_PX = 2;

export interface SpeechRowView {
  /** Rows drawn in the lane. */
  rows: number;
  rowH: number;
  /** Top of row 0, plot px. */
  top: number;
  /** Rows the speeches in view need; more than `rows` when the last row is an overflow row. */
  needed: number;
  overflow: boolean;
  /** Label font size, px; 0 when the rows are too thin for labels. */
  fontPx: number;
}

/** The rows of `box` for speeches whose deepest row in view is `maxRow` (-1: none in view). */
export function speechRowView(box: LaneBox, maxRow: number): SpeechRowView {
  const inner = box.height - 2 * PAD_PX;
  const needed = Math.max(SPEECH_ROWS, maxRow + 1);
  const fit = Math.max(1, Math.floor(inner / MIN_ROW_PX));
  const rows = Math.min(needed, fit);
  const rowH = inner / rows;
  const font = Math.min(MAX_FONT_PX, Math.floor(rowH - 3));
  return {
    rows,
    rowH,
    top: box.top + PAD_PX,
    needed,
    overflow: needed > fit,
    fontPx: font >= MIN_FONT_PX ? font : 0,
  };
}

/** The row view for what the model holds between `from` and `to`. */
export function speechRowViewIn(model: TimelineModel, box: LaneBox, from: number, to: number): SpeechRowView {
  let maxRow = -1;
  model.speech.speeches.query(from, to, (bar) => {
    if (bar.row > maxRow) maxRow = bar.row;
  });
  return speechRowView(box, maxRow);
}

/** The row a speech of model row `row` is drawn in. */
export function displayRow(v: SpeechRowView, row: number): number {
  return Math.min(row, v.rows - 1);
}

/** True for the overflow row, which holds several overlapping speeches. */
export function isOverflowRow(v: SpeechRowView, shownRow: number): boolean {
  return v.overflow && shownRow === v.rows - 1;
}

/** The vertical band of a speech of model row `row`, plot px. */
export function speechBand(v: SpeechRowView, row: number): { y: number; h: number } {
  return { y: v.top + displayRow(v, row) * v.rowH, h: v.rowH };
}

/** The shown row under plot y (clamped to the lane's rows). */
export function shownRowAt(v: SpeechRowView, y: number): number {
  return Math.max(0, Math.min(v.rows - 1, Math.floor((y - v.top) / v.rowH)));
}

export interface PlacedBar {
  row: number;
  /** Plot x and width of the bar, px (may start left of the plot). */
  x: number;
  w: number;
  text: string;
}

export interface PlacedLabel {
  text: string;
  /** Left edge, baseline middle y, and the width the text may take, px. */
  x: number;
  y: number;
  w: number;
  fontPx: number;
}

/** Width `text` takes at `fontPx`, px. */
export function textWidth(text: string, fontPx: number): number {
  return text.length * GLYPH_PER_FONT_PX * fontPx;
}

/** `text` cut with an ellipsis to fit `width` px at `fontPx`; '' when under 3 glyphs fit. */
export function fitLabel(text: string, width: number, fontPx: number): string {
  const fit = Math.floor(width / (GLYPH_PER_FONT_PX * fontPx));
  if (fit < 3 || text === '') return '';
  return text.length > fit ? `${text.slice(0, fit - 1)}…` : text;
}

/**
 * Labels for the bars in view, taken left to right: each inside the visible
 * part of its bar, none starting before the previous label of its row has ended, and the
 * overflow row one "+N overlapping" label per run of bars instead of one per bar.
 */
export function placeSpeechLabels(
  bars: readonly PlacedBar[],
  v: SpeechRowView,
  widthPx: number,
): PlacedLabel[] {
  if (v.fontPx === 0) return [];
  const out: PlacedLabel[] = [];
  const rowEnd = new Map<number, number>();
  const inset = 3;
  const label = (row: number, text: string, left: number, right: number): void => {
    const x = Math.max(left, 0, rowEnd.get(row) ?? -Infinity) + inset;
    const fitted = fitLabel(text, Math.min(right, widthPx) - x - inset, v.fontPx);
    if (fitted === '') return;
    const w = textWidth(fitted, v.fontPx);
    out.push({ text: fitted, x, y: v.top + row * v.rowH + v.rowH / 2 + 0.5, w, fontPx: v.fontPx });
    rowEnd.set(row, x + w + inset);
  };
  let overflowRun: { left: number; right: number; n: number; text: string } | null = null;
  const flushOverflow = (): void => {
    if (overflowRun?.n === 1) label(v.rows - 1, overflowRun.text, overflowRun.left, overflowRun.right);
    else if (overflowRun) label(v.rows - 1, `+${overflowRun.n} overlapping`, overflowRun.left, Infinity);
    overflowRun = null;
  };
  for (const bar of [...bars].sort((p, q) => p.x - q.x)) {
    const row = displayRow(v, bar.row);
    if (isOverflowRow(v, row)) {
      if (overflowRun && bar.x <= overflowRun.right) {
        overflowRun.right = Math.max(overflowRun.right, bar.x + bar.w);
        overflowRun.n += 1;
      } else {
        flushOverflow();
        overflowRun = { left: bar.x, right: bar.x + bar.w, n: 1, text: bar.text };
      }
      continue;
    }
    label(row, bar.text, bar.x, bar.x + bar.w);
  }
  flushOverflow();
  return out;
}

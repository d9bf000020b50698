/**
 * The accessible layer over the canvas: one element per visible speech, tool call and
 * interruption, carrying the ids and states tests and screen readers read (`data-speech-id`,
 * `data-state`, …). Only what is in view gets an element, capped, so a long session costs the
 * DOM no more than a short one.
 */
import type { TimelineModel } from '../model/timeline-model';
import type { SpeechBar } from '../model/timeline-types';
import { speechLabel } from '../draw/draw-activity';
import type { LaneBox } from './lane-layout';
import { displayRow, speechBand, speechRowViewIn } from './speech-rows';
import { endMs, formatDuration, type Viewport } from './timeline-viewport';

export type OverlayKind = 'speech' | 'tool' | 'interruption';

export interface OverlayItem {
  key: string;
  kind: OverlayKind;
  /** Position inside the lane's row element, px. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Accessible name (aria-label and title). */
  label: string;
  /** data-* attributes, without the prefix: {speechId: 'x'} becomes data-speech-id="x". */
  data: Record<string, string>;
}

/** Elements per kind at most; beyond it the canvas still draws everything. */
export const MAX_OVERLAY_ITEMS = 200;
/**
 * Zoomed out, items thinner than this and closer than this to the previous element of their row
 * get none: nobody can point at them, and hundreds of moving elements would cost every frame.
 */
export const MIN_OVERLAY_GAP_PX = 4;

/** Decides per row whether an item is far enough from the last one kept to get an element. */
function thinner(): (row: number, left: number, naturalWidth: number) => boolean {
  const lastLeft = new Map<number, number>();
  return (row, left, naturalWidth) => {
    const prev = lastLeft.get(row);
    if (naturalWidth < MIN_OVERLAY_GAP_PX && prev !== undefined && left - prev < MIN_OVERLAY_GAP_PX)
      return false;
    lastLeft.set(row, left);
    return true;
  };
}

function clampX(view: Viewport, t: number): number {
  return Math.max(-4, Math.min(view.widthPx + 4, (t - view.startMs) / view.msPerPx));
}

function horizontal(
  view: Viewport,
  start: number,
  end: number,
  minW: number,
): { left: number; width: number } {
  const left = clampX(view, start);
  return { left, width: Math.max(minW, clampX(view, end) - left) };
}

function speechText(bar: SpeechBar): string {
  const cause = bar.interruptCause ? ` (${bar.interruptCause})` : '';
  const cut =
    bar.truncatedAtMs !== null
      ? `; the model's message truncated at ${Math.round(bar.truncatedAtMs)} ms of audio`
      : '';
  return `Speech ${bar.id}: ${speechLabel(bar)} — ${bar.state}${cause}${cut}`;
}

export function speechItems(
  model: TimelineModel,
  view: Viewport,
  box: LaneBox,
  liveEdgeMs: number,
): OverlayItem[] {
  const out: OverlayItem[] = [];
  const keep = thinner();
  const rows = speechRowViewIn(model, box, view.startMs, endMs(view));
  model.speech.speeches.query(view.startMs, endMs(view), (bar) => {
    if (out.length >= MAX_OVERLAY_ITEMS) return;
    const pos = horizontal(view, bar.start, bar.end ?? liveEdgeMs, 3);
    if (!keep(bar.row, pos.left, ((bar.end ?? liveEdgeMs) - bar.start) / view.msPerPx)) return;
    const band = speechBand(rows, bar.row);
    out.push({
      key: bar.id,
      kind: 'speech',
      ...pos,
      top: band.y - box.top + 1,
      height: band.h - 2,
      label: speechText(bar),
      data: {
        speechId: bar.id,
        state: bar.state,
        source: bar.source ?? 'unknown',
        priority: bar.priority === null ? '' : String(bar.priority),
        row: String(displayRow(rows, bar.row)),
        phases: bar.phases.map((p) => p.state).join(' '),
        ...(bar.interruptCause ? { cause: bar.interruptCause } : {}),
        ...(bar.truncatedAtMs !== null ? { truncatedMs: String(Math.round(bar.truncatedAtMs)) } : {}),
      },
    });
  });
  return out;
}

export function toolItems(
  model: TimelineModel,
  view: Viewport,
  box: LaneBox,
  liveEdgeMs: number,
  selectedCallId: string | null,
): OverlayItem[] {
  const out: OverlayItem[] = [];
  const keep = thinner();
  model.tools.query(view.startMs, endMs(view), (tool) => {
    if (out.length >= MAX_OVERLAY_ITEMS) return;
    const pos = horizontal(view, tool.start, tool.end ?? liveEdgeMs, 8);
    // The selected call always keeps its element: the inspector points back at it.
    const natural = ((tool.end ?? liveEdgeMs) - tool.start) / view.msPerPx;
    if (!keep(0, pos.left, natural) && tool.callId !== selectedCallId) return;
    const state = tool.end === null ? 'running' : tool.isError ? 'error' : 'ok';
    const duration = tool.end === null ? 'running' : formatDuration(tool.end - tool.start);
    out.push({
      key: tool.callId,
      kind: 'tool',
      ...pos,
      top: 3,
      height: box.height - 6,
      label: `Tool ${tool.name} (${duration}, ${state}) — inspect`,
      data: { callId: tool.callId, name: tool.name, state, selected: String(tool.callId === selectedCallId) },
    });
  });
  return out;
}

export function interruptionItems(
  model: TimelineModel,
  view: Viewport,
  box: LaneBox,
  liveEdgeMs: number,
): OverlayItem[] {
  const out: OverlayItem[] = [];
  const keep = thinner();
  for (const m of model.speech.interruptions.within(view.startMs - 120_000, endMs(view))) {
    if (out.length >= MAX_OVERLAY_ITEMS) break;
    const end = m.paused ? (m.resolvedAt ?? liveEdgeMs) : m.t;
    if (end < view.startMs) continue;
    if (!keep(0, (m.t - view.startMs) / view.msPerPx, (end - m.t) / view.msPerPx)) continue;
    const falseInterruption = m.outcome === 'resumed' || m.outcome === 'not_resumed';
    out.push({
      key: `${m.t}:${m.speechId ?? ''}`,
      kind: 'interruption',
      ...horizontal(view, m.t - 6 * view.msPerPx, end, 12),
      top: 2,
      height: box.height - 4,
      label: `${falseInterruption ? 'False interruption' : 'Interruption'} (${m.cause}): ${m.outcome.replace('_', ' ')}`,
      data: { state: m.outcome, cause: m.cause, speechId: m.speechId ?? '' },
    });
  }
  return out;
}

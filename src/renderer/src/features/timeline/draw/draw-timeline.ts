/**
 * Paints one frame of the whole timeline: background and grid, every lane over the visible
 * window only, the live edge and the cursor. Its cost follows the number of visible items and
 * the canvas width, not the session's length.
 */
import type { LaneId } from '../view/lane-layout';
import { axisTicks, formatTime, SESSION_START_MS, tickStep } from '../view/timeline-viewport';
import { drawInterruptions, drawPreemptive, drawRequests, drawSpeechQueue, drawTools } from './draw-activity';
import { beginLabels, type DrawFrame } from './draw-frame';
import { drawAgent, drawMarkers, drawTranscript, drawUser, drawVad } from './draw-signals';
import { COLORS } from './palette';

const PAINTERS: Record<LaneId, (f: DrawFrame, box: DrawFrame['layout']['boxes'][number]) => void> = {
  user: drawUser,
  vad: drawVad,
  transcript: drawTranscript,
  agent: drawAgent,
  'speech-queue': drawSpeechQueue,
  'llm-tts': drawRequests,
  tools: drawTools,
  interruptions: drawInterruptions,
  preemptive: drawPreemptive,
  markers: drawMarkers,
};

export function drawTimeline(f: DrawFrame): void {
  const { ctx, view, layout } = f;
  const width = view.widthPx;
  ctx.clearRect(0, 0, width, layout.height);
  ctx.fillStyle = COLORS.bg;
  ctx.fillRect(0, 0, width, layout.height);
  beginLabels(ctx, width);
  layout.boxes.forEach((box, i) => {
    if (i % 2 === 1) {
      ctx.fillStyle = COLORS.laneAlt;
      ctx.fillRect(0, box.top, width, box.height);
    }
    ctx.fillStyle = COLORS.border;
    ctx.fillRect(0, box.top + box.height - 1, width, 1);
  });

  // Grid and axis labels.
  const step = tickStep(view.msPerPx);
  ctx.font = '10px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const axisTop = layout.boxes[0]?.top ?? 0;
  // Before the session's clock starts there is nothing: shaded, and no (negative) tick labels.
  const startX = (SESSION_START_MS - view.startMs) / view.msPerPx;
  if (startX > 0) {
    ctx.fillStyle = COLORS.beforeSession;
    ctx.fillRect(0, axisTop, Math.min(width, startX), layout.height - axisTop);
  }
  for (const t of axisTicks(view, step)) {
    const x = Math.round((t - view.startMs) / view.msPerPx) + 0.5;
    ctx.fillStyle = COLORS.grid;
    ctx.fillRect(x - 0.5, axisTop, 1, layout.height - axisTop);
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(formatTime(t, step), x + 3, axisTop / 2);
  }

  for (const box of layout.boxes) {
    ctx.save();
    // Every lane is clipped to its row, but the markers lane: its config and handoff lines run
    // up through all the lanes above it (its labels are kept inside the plot by LabelSpace).
    if (box.id !== 'markers') {
      ctx.beginPath();
      ctx.rect(0, box.top, width, box.height);
      ctx.clip();
    }
    PAINTERS[box.id](f, box);
    ctx.restore();
  }

  // The session's end: a solid line through every lane, plain at any zoom (its label is on the
  // markers lane, left of the line when the right has no room).
  const end = f.model.closed ? f.model.markers.items.findLast((m) => m.kind === 'close') : undefined;
  const endX = end ? (end.t - view.startMs) / view.msPerPx : -1;
  if (endX >= 0 && endX <= width) {
    ctx.fillStyle = COLORS.end;
    ctx.fillRect(Math.round(endX) - 1, axisTop, 2, layout.height - axisTop);
  }

  const liveX = (f.liveEdgeMs - view.startMs) / view.msPerPx;
  if (liveX >= 0 && liveX <= width && !end) {
    ctx.fillStyle = COLORS.live;
    ctx.fillRect(Math.round(liveX), axisTop, 1, layout.height - axisTop);
  }

  if (f.cursorX !== null) {
    const x = Math.round(f.cursorX) + 0.5;
    ctx.strokeStyle = COLORS.cursor;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, layout.height);
    ctx.stroke();
    const label = formatTime(Math.max(SESSION_START_MS, view.startMs + f.cursorX * view.msPerPx), step / 10);
    const w = label.length * 6 + 8;
    const lx = Math.min(Math.max(0, x - w / 2), width - w);
    ctx.fillStyle = COLORS.accent;
    ctx.fillRect(lx, 2, w, axisTop - 4);
    ctx.fillStyle = '#fff';
    ctx.fillText(label, lx + 4, axisTop / 2);
  }
}

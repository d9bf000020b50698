/**
 * Paints one frame of the whole timeline: background and grid, every lane over the visible
 * window only, the live edge and the cursor. Its cost follows the number of visible items and
 * the canvas width, not the session's length.
 */
import type { LaneId } from '../view/lane-layout';
import { formatTime, tickStep, ticks } from '../view/timeline-viewport';
import { drawInterruptions, drawPreemptive, drawRequests, drawSpeechQueue, drawTools } from './draw-activity';
import type { DrawFrame } from './draw-frame';
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
  for (const t of ticks(view, step)) {
    const x = Math.round((t - view.startMs) / view.msPerPx) + 0.5;
    ctx.fillStyle = COLORS.grid;
    ctx.fillRect(x - 0.5, axisTop, 1, layout.height - axisTop);
    ctx.fillStyle = COLORS.muted;
    ctx.fillText(formatTime(t, step), x + 3, axisTop / 2);
  }

  for (const box of layout.boxes) {
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, box.top, width, box.height);
    ctx.clip();
    PAINTERS[box.id](f, box);
    ctx.restore();
  }

  const liveX = (f.liveEdgeMs - view.startMs) / view.msPerPx;
  if (liveX >= 0 && liveX <= width) {
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
    const label = formatTime(view.startMs + f.cursorX * view.msPerPx, step / 10);
    const w = label.length * 6 + 8;
    const lx = Math.min(Math.max(0, x - w / 2), width - w);
    ctx.fillStyle = COLORS.accent;
    ctx.fillRect(lx, 2, w, axisTop - 4);
    ctx.fillStyle = '#fff';
    ctx.fillText(label, lx + 4, axisTop / 2);
  }
}

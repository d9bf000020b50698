/**
 * The timeline's lanes, top to bottom, and where each sits in the plot. One canvas draws all
 * lanes (one context, one resize, one cursor line across them); the lane rows in the DOM use the
 * same layout for their labels, test ids and the accessible overlays.
 */
import { SPEECH_ROWS } from '../model/speech-lanes';

export type LaneId =
  | 'user'
  | 'vad'
  | 'transcript'
  | 'agent'
  | 'speech-queue'
  | 'llm-tts'
  | 'tools'
  | 'interruptions'
  | 'preemptive'
  | 'markers';

export interface LaneSpec {
  id: LaneId;
  label: string;
  /** One line for the label's tooltip: what the lane shows. */
  hint: string;
  height: number;
  /** Sub-rows drawn inside the lane (speech rows, LLM vs TTS). */
  rows: number;
}

export const AXIS_HEIGHT = 22;

export const LANES: readonly LaneSpec[] = [
  { id: 'user', label: 'User', hint: 'User state: speaking, listening, away', height: 22, rows: 1 },
  {
    id: 'vad',
    label: 'VAD',
    hint: 'VAD speech probability, with the activation threshold dashed',
    height: 44,
    rows: 1,
  },
  {
    id: 'transcript',
    label: 'Transcript',
    hint: 'Interim (short) and final (tall) transcripts; end-of-turn decisions with the delay waited',
    height: 40,
    rows: 1,
  },
  {
    id: 'agent',
    label: 'Agent',
    hint: 'Agent state: initializing, listening, thinking, speaking',
    height: 22,
    rows: 1,
  },
  {
    id: 'speech-queue',
    label: 'Speech queue',
    hint:
      'Every speech handle from created to done (scheduled, authorized, playing, paused, interrupted), ' +
      'labelled with its source and priority (p5 = normal); overlapping speeches stack in rows',
    height: SPEECH_ROWS * 16 + 4,
    rows: SPEECH_ROWS,
  },
  {
    id: 'llm-tts',
    label: 'LLM / TTS',
    hint: 'LLM and TTS requests; ◆ first token / first byte',
    height: 38,
    rows: 2,
  },
  { id: 'tools', label: 'Tools', hint: 'Tool calls; click one to inspect it', height: 26, rows: 1 },
  {
    id: 'interruptions',
    label: 'Interruptions',
    hint: 'Interruptions and false interruptions (resumed or not), with their cause',
    height: 28,
    rows: 1,
  },
  {
    id: 'preemptive',
    label: 'Preemptive',
    hint: 'Preemptive generations: used or discarded, and why',
    height: 22,
    rows: 1,
  },
  {
    id: 'markers',
    label: 'Config',
    hint: 'Config changes, handoffs, provider switches, errors',
    height: 24,
    rows: 1,
  },
];

export interface LaneBox extends LaneSpec {
  /** Top of the lane in plot pixels (below the time axis). */
  top: number;
}

export interface LaneLayout {
  boxes: LaneBox[];
  byId: Record<LaneId, LaneBox>;
  /** Axis plus all lanes. */
  height: number;
}

export function layoutLanes(lanes: readonly LaneSpec[] = LANES, axisHeight = AXIS_HEIGHT): LaneLayout {
  const boxes: LaneBox[] = [];
  let top = axisHeight;
  for (const lane of lanes) {
    boxes.push({ ...lane, top });
    top += lane.height;
  }
  const byId = Object.fromEntries(boxes.map((b) => [b.id, b])) as Record<LaneId, LaneBox>;
  return { boxes, byId, height: top };
}

/** The lane under a plot y, or null over the axis or below the lanes. */
export function laneAtY(layout: LaneLayout, y: number): LaneBox | null {
  for (const box of layout.boxes) if (y >= box.top && y < box.top + box.height) return box;
  return null;
}

/** The vertical band of sub-row `row` inside a lane, with `pad` px kept free around the rows. */
export function rowBand(box: LaneBox, row: number, pad = 2): { y: number; h: number } {
  const inner = box.height - 2 * pad;
  const h = inner / box.rows;
  return { y: box.top + pad + row * h, h };
}

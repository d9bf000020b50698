/**
 * Writes each lane's summary onto its element — how many items it holds, the current state —
 * so tests and assistive tech can read a lane that is otherwise pixels on a canvas.
 */
import type { TimelineModel } from '../model/timeline-model';
import type { LaneId } from './lane-layout';

export interface LaneSummary {
  count: number;
  state?: string;
  extra?: Record<string, string>;
}

export function laneSummaries(model: TimelineModel): Record<LaneId, LaneSummary> {
  const interrupted = model.speech.speeches.items.filter((s) => s.state === 'interrupted').length;
  return {
    user: { count: model.user.size, state: model.currentUserState() ?? 'unknown' },
    vad: { count: model.vad.size, extra: { threshold: String(model.vadThreshold) } },
    transcript: {
      count: model.transcripts.size,
      extra: {
        finals: String(model.transcripts.items.filter((m) => m.final).length),
        eots: String(model.endOfTurns.size),
      },
    },
    agent: { count: model.agent.size, state: model.currentAgentState() ?? 'unknown' },
    'speech-queue': {
      count: model.speech.speeches.size,
      extra: { interrupted: String(interrupted), rows: String(model.speech.rowCount) },
    },
    'llm-tts': {
      count: model.llm.size + model.tts.size,
      extra: {
        llm: String(model.llm.size),
        tts: String(model.tts.size),
        retries: String(model.retries.items.filter((r) => r.kind !== 'stt').length),
      },
    },
    tools: { count: model.tools.size },
    interruptions: { count: model.speech.interruptions.size },
    preemptive: { count: model.speech.preemptive.size },
    markers: { count: model.markers.size },
  };
}

export function writeLaneAttributes(lanes: Partial<Record<LaneId, HTMLElement>>, model: TimelineModel): void {
  const summaries = laneSummaries(model);
  for (const [id, el] of Object.entries(lanes) as [LaneId, HTMLElement | undefined][]) {
    if (!el) continue;
    const s = summaries[id];
    el.dataset.count = String(s.count);
    if (s.state !== undefined) el.dataset.state = s.state;
    for (const [k, v] of Object.entries(s.extra ?? {})) el.dataset[k] = v;
  }
}

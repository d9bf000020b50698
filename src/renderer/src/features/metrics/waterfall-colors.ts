/** One color per latency part, shared by the waterfall and the session charts. */
import type { SegmentKind } from '../../../../shared/turn-timeline';
import type { WaterfallKey } from './turn-latency';

export const PART_COLORS: Record<WaterfallKey, string> = {
  eou: '#3ccf8e',
  transcription: 'rgba(60,207,142,0.45)',
  on_user_turn_completed: '#c792ea',
  llm_ttft: '#9b7bff',
  tts_ttfb: '#2fc4c4',
  other: '#8b95a5',
  overlap: 'rgba(242,184,75,0.65)',
  e2e: '#4f8cff',
};

/** One color per segment of the latency timeline (the same hues as the parts above). */
export const SEGMENT_COLORS: Record<SegmentKind, string> = {
  eot_decision: PART_COLORS.eou,
  transcription: '#1d7a53',
  turn_settle: '#e07a5f',
  event_loop: 'rgba(224,122,95,0.45)',
  on_user_turn_completed: PART_COLORS.on_user_turn_completed,
  llm_ttft: PART_COLORS.llm_ttft,
  llm_stream: 'rgba(155,123,255,0.45)',
  tool: '#f2b84b',
  queue_wait: '#ef6f91',
  sentence_wait: 'rgba(47,196,196,0.45)',
  tts_ttfb: PART_COLORS.tts_ttfb,
  playout: '#7fb3ff',
  paused: '#ff9f43',
  rt_turn_detection: PART_COLORS.eou,
  rt_request: 'rgba(155,123,255,0.45)',
  rt_first_audio: PART_COLORS.llm_ttft,
  gap: 'repeating-linear-gradient(135deg, #8b95a5 0 4px, transparent 4px 8px)',
};

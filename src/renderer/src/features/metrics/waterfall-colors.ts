/** One color per latency part, shared by the waterfall and the session charts. */
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

/**
 * Tells a realtime (speech-to-speech) model apart from a text LLM: the activity branches on it
 * everywhere the seed does `isinstance(self.llm, llm.RealtimeModel)`.
 */
import { RealtimeModel } from '../../llm/realtime';

export function isRealtimeModel(v: unknown): v is RealtimeModel {
  return v instanceof RealtimeModel;
}

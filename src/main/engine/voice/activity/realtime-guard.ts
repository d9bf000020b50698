/**
 * Tells a realtime (speech-to-speech) model apart from a text LLM. The activity branches on it
 * everywhere the seed does `isinstance(self.llm, llm.RealtimeModel)`.
 */
export interface RealtimeCapabilitiesView {
  turnDetection: boolean;
  userTranscription: boolean;
  autoToolReplyGeneration: boolean;
  audioOutput: boolean;
  messageTruncation: boolean;
}

export interface RealtimeModelView {
  readonly capabilities: RealtimeCapabilitiesView;
  session(): unknown;
}

export function isRealtimeModel(v: unknown): v is RealtimeModelView {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as RealtimeModelView).session === 'function' &&
    typeof (v as RealtimeModelView).capabilities === 'object' &&
    typeof (v as { chat?: unknown }).chat !== 'function'
  );
}

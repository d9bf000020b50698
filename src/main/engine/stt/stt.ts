import type { AudioFrame } from '../audio/frame';

export type SpeechEventType =
  | 'start_of_speech'
  | 'interim_transcript'
  | 'preflight_transcript'
  | 'final_transcript'
  | 'recognition_usage'
  | 'end_of_speech';

export interface SpeechData {
  text: string;
  language: string | null;
  startTimeMs: number;
  endTimeMs: number;
  confidence: number;
  speakerId?: string | null;
}

/** Mirror of livekit.agents.stt.SpeechEvent. */
export interface SpeechEvent {
  type: SpeechEventType;
  requestId: string;
  alternatives: SpeechData[];
  /** For recognition_usage: audio duration recognized. */
  audioDurationMs?: number;
}

export interface STTCapabilities {
  streaming: boolean;
  interimResults: boolean;
}

export interface STTStream extends AsyncIterable<SpeechEvent> {
  pushFrame(frame: AudioFrame): void;
  flush(): void;
  endInput(): void;
  close(): Promise<void>;
}

export interface STT {
  readonly label: string;
  readonly capabilities: STTCapabilities;
  /** Streaming recognition (wrap a non-streaming STT with a VAD to get one). */
  stream(options?: { language?: string }): STTStream;
}

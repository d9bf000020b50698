import type { AudioFrame } from '../audio/frame';

export type VADEventType = 'start_of_speech' | 'inference_done' | 'end_of_speech';

/** Mirror of livekit.agents.vad.VADEvent, in ms. */
export interface VADEvent {
  type: VADEventType;
  /** Clock time of the event (ms). */
  timestamp: number;
  samplesIndex: number;
  speechDurationMs: number;
  silenceDurationMs: number;
  probability: number;
  inferenceDurationMs: number;
  /** Whether the VAD currently considers the user speaking. */
  speaking: boolean;
  rawAccumulatedSilenceMs: number;
  rawAccumulatedSpeechMs: number;
  frames: AudioFrame[];
}

export interface VADStream extends AsyncIterable<VADEvent> {
  pushFrame(frame: AudioFrame): void;
  flush(): void;
  endInput(): void;
  close(): Promise<void>;
}

export interface VAD {
  readonly label: string;
  /** Activation threshold, for drawing on the timeline. */
  readonly activationThreshold?: number;
  stream(): VADStream;
}

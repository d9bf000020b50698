import type { AudioFrame } from '../audio/frame';

export interface SynthesizedAudio {
  frame: AudioFrame;
  requestId: string;
  segmentId: string;
  isFinal: boolean;
  /** Text this audio covers, when the provider knows it. */
  deltaText?: string;
}

export interface TTSCapabilities {
  streaming: boolean;
  alignedTranscript: boolean;
}

/** Streaming synthesis: push text, end input, read audio. */
export interface SynthesizeStream extends AsyncIterable<SynthesizedAudio> {
  readonly requestId: string;
  pushText(text: string): void;
  flush(): void;
  endInput(): void;
  close(): Promise<void>;
}

export interface TTS {
  readonly label: string;
  readonly sampleRate: number;
  readonly numChannels: number;
  readonly capabilities: TTSCapabilities;
  /** The voice it speaks with, when it names one (for the studio's request inspector). */
  readonly voiceName?: string;
  stream(options?: { signal?: AbortSignal }): SynthesizeStream;
}

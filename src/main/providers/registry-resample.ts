/**
 * A fallback chain must play one audio format (the output is set up for the first voice), but
 * the voices worth chaining differ: OpenAI speaks 24 kHz, espeak-ng 22.05 kHz (16 kHz for some
 * voices). The registry therefore wraps a voice of another rate in this adapter rather than
 * refusing the most useful chain, cloud first and local when offline. The resampling itself is
 * the engine's one LinearResampler.
 */
import {
  type AudioFrame,
  Channel,
  LinearResampler,
  makeFrame,
  type SynthesizedAudio,
  type SynthesizeStream,
  type TTS,
  type TTSCapabilities,
} from '../engine';

export class ResampledTTS implements TTS {
  readonly label: string;
  readonly numChannels = 1;
  readonly capabilities: TTSCapabilities;

  constructor(
    readonly inner: TTS,
    readonly sampleRate: number,
  ) {
    if (inner.numChannels !== 1) throw new Error(`${inner.label}: only mono voices can be resampled`);
    this.label = inner.label;
    this.capabilities = inner.capabilities;
  }

  stream(options?: { signal?: AbortSignal }): SynthesizeStream {
    return new ResampledStream(this.inner.stream(options), this.sampleRate);
  }
}

class ResampledStream implements SynthesizeStream {
  private readonly out = new Channel<SynthesizedAudio>();
  private resampler: LinearResampler | null = null;
  private readonly pumping: Promise<void>;

  constructor(
    private readonly inner: SynthesizeStream,
    private readonly rate: number,
  ) {
    this.pumping = this.pump();
  }

  get requestId(): string {
    return this.inner.requestId;
  }

  private async pump(): Promise<void> {
    try {
      for await (const audio of this.inner) this.out.trySend({ ...audio, frame: this.convert(audio.frame) });
      this.out.close();
    } catch (err) {
      this.out.close(err);
    }
  }

  private convert(frame: AudioFrame): AudioFrame {
    if (frame.sampleRate === this.rate) return frame;
    if (!this.resampler || this.resampler.inputRate !== frame.sampleRate) {
      this.resampler = new LinearResampler(frame.sampleRate, this.rate);
    }
    return makeFrame(this.resampler.pushSamples(frame.data), this.rate, 1);
  }

  pushText(text: string): void {
    this.inner.pushText(text);
  }

  flush(): void {
    this.inner.flush();
  }

  endInput(): void {
    this.inner.endInput();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.pumping;
  }

  [Symbol.asyncIterator](): AsyncIterator<SynthesizedAudio> {
    return this.out[Symbol.asyncIterator]();
  }
}

/**
 * A fallback chain must play one audio format (the output is set up for the first voice), but
 * the voices worth chaining differ: OpenAI speaks 24 kHz, espeak-ng 22.05 kHz (16 kHz for some
 * voices). The registry therefore wraps a voice of another rate in this adapter rather than
 * refusing the most useful chain, cloud first and local when offline.
 */
import { makeFrame, type AudioFrame } from '../engine/audio/frame';
import { Channel } from '../engine/base/channel';
import type { SynthesizedAudio, SynthesizeStream, TTS, TTSCapabilities } from '../engine/tts/tts';

/**
 * Linear interpolation that keeps its phase and last sample across frames, so a stream of
 * frames resamples without clicks at the frame edges. Mono only (the voices are mono).
 */
export class StreamingResampler {
  /** Position of the next output sample in the next input frame's samples; -1..0 lies between the frames. */
  private pos = 0;
  private last: number | null = null;

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {}

  push(input: Int16Array): Int16Array {
    if (this.fromRate === this.toRate) return input;
    const step = this.fromRate / this.toRate;
    // Sample -1 is the previous frame's last one; interpolation may start between it and sample 0.
    const at = (i: number): number => (i < 0 ? (this.last ?? input[0]) : input[i]);
    const out: number[] = [];
    while (this.pos < input.length - 1) {
      const j = Math.floor(this.pos);
      const frac = this.pos - j;
      out.push(Math.round(at(j) + (at(j + 1) - at(j)) * frac));
      this.pos += step;
    }
    if (input.length > 0) this.last = input[input.length - 1];
    this.pos -= input.length;
    return Int16Array.from(out);
  }
}

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
  private resampler: StreamingResampler | null = null;
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
    if (!this.resampler || this.resampler.fromRate !== frame.sampleRate) {
      this.resampler = new StreamingResampler(frame.sampleRate, this.rate);
    }
    return makeFrame(this.resampler.push(frame.data), this.rate, 1);
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

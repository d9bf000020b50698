/**
 * One VAD stream: frames in (any rate, any channel count), VADEvents out. Frames are queued
 * synchronously and processed by one owned loop, so `pushFrame` never blocks the audio path and
 * every event is emitted in audio order.
 */
import { type AudioFrame, Channel, type VADEvent, type VADStream } from '../../engine';
import type { Logger } from '../../log';
import type { ModelSampleRate, VadModel } from './onnx-model';
import type { SileroVadOptions } from './options';
import { SampleQueue } from './pcm-buffers';
import { int16ToFloat32, type MonoResampler } from './resampler';
import { SpeechDetector } from './speech-detector';

export interface SileroStreamDeps {
  /** The rate the network runs at; every input rate is converted to it. */
  modelSampleRate: ModelSampleRate;
  /** A model with fresh recurrent state for this stream. */
  createModel(sampleRate: ModelSampleRate): VadModel;
  createResampler(inputRate: number, outputRate: number): Promise<MonoResampler>;
  logger?: Logger;
  /** Told when the stream is closed, so the VAD stops forwarding option updates to it. */
  onClosed?(stream: SileroVadStream): void;
}

/** Upstream's flush sentinel: accepted for the interface, ignored by Silero (as upstream). */
const FLUSH = Symbol('flush');

/** A window that took longer than this to infer means we are behind real time. */
const SLOW_INFERENCE_MS = 200;

/** Averages interleaved channels; the model hears one voice, not a stereo image. */
export function downmixToMono(frame: AudioFrame): Int16Array {
  if (frame.channels === 1) return frame.data.subarray(0, frame.samplesPerChannel);
  const out = new Int16Array(frame.samplesPerChannel);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < frame.channels; c++) sum += frame.data[i * frame.channels + c];
    out[i] = Math.round(sum / frame.channels);
  }
  return out;
}

export class SileroVadStream implements VADStream {
  private readonly input = new Channel<AudioFrame | typeof FLUSH>();
  private readonly events = new Channel<VADEvent>();
  private readonly loop: Promise<void>;
  private opts: SileroVadOptions;
  private detector: SpeechDetector | null = null;
  private closing = false;

  constructor(
    opts: SileroVadOptions,
    private readonly deps: SileroStreamDeps,
  ) {
    this.opts = opts;
    this.loop = this.run().then(
      () => this.events.close(),
      (err: unknown) => this.events.close(err),
    );
  }

  pushFrame(frame: AudioFrame): void {
    this.checkWritable('pushFrame');
    this.input.send(frame);
  }

  flush(): void {
    this.checkWritable('flush');
    this.input.send(FLUSH);
  }

  endInput(): void {
    this.flush();
    this.input.close();
  }

  /** Stops at once: buffered frames are dropped, the iteration ends after queued events. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.input.close();
      this.deps.onClosed?.(this);
    }
    await this.loop;
  }

  /** Hot: the next window is judged with the new thresholds and durations. */
  updateOptions(opts: SileroVadOptions): void {
    this.opts = opts;
    this.detector?.updateOptions(opts);
  }

  [Symbol.asyncIterator](): AsyncIterator<VADEvent> {
    return this.events[Symbol.asyncIterator]();
  }

  private checkWritable(what: string): void {
    if (this.closing) throw new Error(`SileroVadStream.${what}: stream is closed`);
    if (this.input.closed) throw new Error(`SileroVadStream.${what}: input already ended`);
  }

  private async run(): Promise<void> {
    let inputRate = 0;
    let model: VadModel | null = null;
    let resampler: MonoResampler | null = null;
    const pendingInput = new SampleQueue<Int16Array>((n) => new Int16Array(n));
    const pendingInference = new SampleQueue<Float32Array>((n) => new Float32Array(n));
    let windowsDone = 0;
    let inputConsumed = 0;
    try {
      for await (const item of this.input) {
        if (this.closing) break;
        if (item === FLUSH) continue;
        if (item.samplesPerChannel === 0) continue;

        if (!model) {
          inputRate = item.sampleRate;
          const modelRate = this.deps.modelSampleRate;
          model = this.deps.createModel(modelRate);
          if (inputRate !== modelRate) resampler = await this.deps.createResampler(inputRate, modelRate);
          if (this.closing) break;
          this.detector = new SpeechDetector(this.opts, inputRate, modelRate, model.windowSamples, () =>
            this.deps.logger?.log(
              'warn',
              'silero: maxBufferedSpeechMs reached, dropping further audio of this utterance',
              {
                maxBufferedSpeechMs: this.opts.maxBufferedSpeechMs,
              },
            ),
          );
        } else if (item.sampleRate !== inputRate) {
          // As upstream: one stream, one rate. The frame is dropped rather than misread.
          this.deps.logger?.log('error', 'silero: frame with a different sample rate dropped', {
            expected: inputRate,
            got: item.sampleRate,
          });
          continue;
        }

        const mono = downmixToMono(item);
        pendingInput.push(mono);
        const asFloat = int16ToFloat32(mono);
        pendingInference.push(resampler ? resampler.push(asFloat) : asFloat);

        const detector = this.detector as SpeechDetector;
        while (pendingInference.length >= model.windowSamples && !this.closing) {
          // A view, not a copy: nothing is pushed while the model runs, and it copies the window.
          const window = pendingInference.takeView(model.windowSamples);
          const started = performance.now();
          const probability = await model.infer(window);
          // Measured compute time for metrics only; it never drives timing decisions.
          const inferenceMs = performance.now() - started;
          if (inferenceMs > SLOW_INFERENCE_MS) {
            this.deps.logger?.log('warn', 'silero: inference slower than real time', { inferenceMs });
          }
          windowsDone += 1;
          // The input audio this window covers, by cumulative rounding so no drift builds up
          // when the rate ratio is not an integer (22.05 kHz -> 16 kHz).
          const target = Math.round((windowsDone * model.windowSamples * inputRate) / model.sampleRate);
          const chunk = pendingInput.take(target - inputConsumed);
          inputConsumed += chunk.length;
          if (this.closing) break;
          // trySend: a consumer that stopped iterating has closed the channel; keep going quietly.
          for (const ev of detector.step(probability, chunk, inferenceMs)) this.events.trySend(ev);
        }
      }
    } finally {
      resampler?.close();
      this.detector = null;
    }
  }
}

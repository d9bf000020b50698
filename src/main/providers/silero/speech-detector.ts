/**
 * The speech state machine of LiveKit's Silero plugin, one inference window at a time, kept
 * free of I/O so its rules can be tested with scripted probabilities.
 *
 * Time here is audio time: every window advances it by exactly its duration (32 ms), computed
 * from the samples processed. A VAD judges the audio it is given, which may arrive faster
 * (a file, a simulation) or later (a slow machine) than the clock runs; stamping events with
 * audio time keeps segment boundaries true to the recording and deterministic in tests. The
 * session stamps its own clock time on the engine events it derives from these.
 */
import { makeFrame, type VADEvent, type VADEventType } from '../../engine';
import { effectiveDeactivationThreshold, type SileroVadOptions } from './options';
import { SpeechBuffer } from './pcm-buffers';

/** Upstream's smoothing of the raw probability: a single noisy window cannot flip the state. */
const PROBABILITY_SMOOTHING = 0.35;

export class SpeechDetector {
  private opts: SileroVadOptions;
  private readonly buffer: SpeechBuffer;
  private readonly windowMs: number;

  private filtered: number | null = null;
  private windowsDone = 0;
  private speaking = false;
  /** Published durations: how long the current speech / silence has lasted (ms). */
  private speechMs = 0;
  private silenceMs = 0;
  /** Raw run lengths of windows above / below threshold, before the min durations apply. */
  private rawSpeechMs = 0;
  private rawSilenceMs = 0;

  constructor(
    opts: SileroVadOptions,
    private readonly inputRate: number,
    private readonly modelRate: number,
    private readonly windowSamples: number,
    /** Called once per utterance when maxBufferedSpeechMs cuts it short. */
    private readonly onBufferFull: () => void = () => undefined,
  ) {
    this.opts = opts;
    this.windowMs = (windowSamples / modelRate) * 1000;
    this.buffer = new SpeechBuffer(this.capacity(), this.prefixSamples());
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  updateOptions(opts: SileroVadOptions): void {
    this.opts = opts;
    this.buffer.resize(this.capacity(), this.prefixSamples());
  }

  /**
   * Feeds one window's raw probability and the input-rate audio it covered; returns the events
   * in order: inference_done always, then start_of_speech or end_of_speech when the state flips.
   */
  step(rawProbability: number, inputChunk: Int16Array, inferenceDurationMs: number): VADEvent[] {
    const p =
      this.filtered === null
        ? rawProbability
        : PROBABILITY_SMOOTHING * this.filtered + (1 - PROBABILITY_SMOOTHING) * rawProbability;
    this.filtered = p;
    this.windowsDone += 1;

    if (this.buffer.append(inputChunk)) this.onBufferFull();

    if (this.speaking) this.speechMs += this.windowMs;
    else this.silenceMs += this.windowMs;

    const events: VADEvent[] = [
      this.event('inference_done', p, inferenceDurationMs, [makeFrame(inputChunk, this.inputRate, 1)]),
    ];

    const deactivation = effectiveDeactivationThreshold(this.opts);
    if (p >= this.opts.activationThreshold || (this.speaking && p > deactivation)) {
      this.rawSpeechMs += this.windowMs;
      this.rawSilenceMs = 0;
      if (!this.speaking && this.rawSpeechMs >= this.opts.minSpeechDurationMs) {
        this.speaking = true;
        this.silenceMs = 0;
        this.speechMs = this.rawSpeechMs;
        events.push(this.event('start_of_speech', p, 0, [this.utterance()]));
      }
    } else {
      this.rawSilenceMs += this.windowMs;
      this.rawSpeechMs = 0;
      if (!this.speaking) this.buffer.keepPrefix();
      if (this.speaking && this.rawSilenceMs >= this.opts.minSilenceDurationMs) {
        this.speaking = false;
        this.silenceMs = this.rawSilenceMs;
        // Speech lasted until the silence began, not until the silence was confirmed.
        this.speechMs = Math.max(0, this.speechMs - this.rawSilenceMs);
        events.push(this.event('end_of_speech', p, 0, [this.utterance()]));
        this.speechMs = 0;
        this.buffer.keepPrefix();
      }
    }
    return events;
  }

  private event(
    type: VADEventType,
    probability: number,
    inferenceDurationMs: number,
    frames: VADEvent['frames'],
  ): VADEvent {
    const samplesIndex = this.windowsDone * this.windowSamples;
    return {
      type,
      timestamp: (samplesIndex / this.modelRate) * 1000,
      samplesIndex,
      speechDurationMs: this.speechMs,
      silenceDurationMs: this.silenceMs,
      probability,
      inferenceDurationMs,
      speaking: this.speaking,
      rawAccumulatedSilenceMs: this.rawSilenceMs,
      rawAccumulatedSpeechMs: this.rawSpeechMs,
      frames,
    };
  }

  private utterance(): VADEvent['frames'][number] {
    return makeFrame(this.buffer.snapshot(), this.inputRate, 1);
  }

  private prefixSamples(): number {
    return Math.round((this.opts.prefixPaddingMs * this.inputRate) / 1000);
  }

  private capacity(): number {
    return Math.round((this.opts.maxBufferedSpeechMs * this.inputRate) / 1000) + this.prefixSamples();
  }
}

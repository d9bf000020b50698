/**
 * Speech segments of a finished recording, for tests, benchmarks and `studio vad FILE.wav`.
 * It drives a real stream, so it measures exactly what a live session would detect.
 */
import { type AudioFrame, makeFrame, type VADEvent } from '../../engine';
import type { SileroVadOptionsInput } from './options';
import { SileroVAD, type SileroLoadInit } from './silero-vad';

export interface SpeechSegment {
  /** Audio time (ms from the first sample) where speech began. */
  startMs: number;
  /** Audio time where speech ended (the start of the silence that ended it). */
  endMs: number;
}

export interface DetectOptions {
  /** A loaded VAD to reuse (its current options apply); otherwise one is loaded and closed. */
  vad?: SileroVAD;
  options?: SileroVadOptionsInput;
  load?: SileroLoadInit;
  /** Every event as it arrives, e.g. to plot probabilities. */
  onEvent?: (ev: VADEvent) => void;
}

/**
 * Start and end are moved back from the moment the detector became sure: a start by the speech
 * it had accumulated (min speech duration), an end by the silence it waited for (min silence
 * duration), so segments describe the audio rather than the detector's latency. Speech still
 * open when the audio ends closes where its trailing silence began.
 */
export async function detectSpeechSegments(
  frames: Iterable<AudioFrame> | AsyncIterable<AudioFrame>,
  opts: DetectOptions = {},
): Promise<SpeechSegment[]> {
  if (opts.vad && opts.options)
    throw new Error('detectSpeechSegments: pass either a loaded vad or options, not both');
  const vad = opts.vad ?? (await SileroVAD.load(opts.options, opts.load));
  const stream = vad.stream();
  const segments: SpeechSegment[] = [];
  try {
    const consume = (async () => {
      let openStart: number | null = null;
      let last: VADEvent | null = null;
      for await (const ev of stream) {
        opts.onEvent?.(ev);
        if (ev.type === 'start_of_speech') openStart = ev.timestamp - ev.speechDurationMs;
        else if (ev.type === 'end_of_speech' && openStart !== null) {
          segments.push({ startMs: openStart, endMs: ev.timestamp - ev.silenceDurationMs });
          openStart = null;
        } else if (ev.type === 'inference_done') last = ev;
      }
      if (openStart !== null && last) {
        segments.push({ startMs: openStart, endMs: last.timestamp - last.rawAccumulatedSilenceMs });
      }
    })();
    // If feeding fails first, the stream's own failure must not surface as an unhandled rejection.
    consume.catch(() => undefined);
    // Feeding and consuming run together so a long file never sits in memory twice.
    for await (const frame of frames) stream.pushFrame(frame);
    stream.endInput();
    await consume;
  } finally {
    await stream.close();
    if (!opts.vad) await vad.close();
  }
  return segments;
}

/** Cuts interleaved PCM16 into frames of `frameMs`, as a microphone would deliver it. */
export function framesOf(data: Int16Array, sampleRate: number, channels = 1, frameMs = 10): AudioFrame[] {
  const perFrame = Math.max(1, Math.round((sampleRate * frameMs) / 1000)) * channels;
  const frames: AudioFrame[] = [];
  for (let i = 0; i < data.length; i += perFrame) {
    const chunk = data.subarray(i, Math.min(i + perFrame, data.length));
    frames.push(makeFrame(chunk, sampleRate, channels));
  }
  return frames;
}

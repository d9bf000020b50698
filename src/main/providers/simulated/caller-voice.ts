/**
 * The simulated caller's voice: real speech from the local TTS (espeak-ng), so the real Silero
 * VAD hears the caller exactly as it would hear a person, and the oracle STT knows when the
 * words actually sound (the voiced part of each line, not its padding).
 */
import { type AudioFrame, resampleClip } from '../../engine';
import { LocalTTS } from '../local-tts';

export interface SpokenAudio {
  /** Mono PCM16. */
  data: Int16Array;
  sampleRate: number;
}

/** Turns a line of text into audio; the caller synthesizes every line before the call starts. */
export interface CallerVoice {
  synthesize(text: string, signal: AbortSignal): Promise<SpokenAudio>;
}

export interface CallerLine extends SpokenAudio {
  text: string;
  /** Where the voiced part starts and ends inside `data`, ms. */
  voicedStartMs: number;
  voicedEndMs: number;
  durationMs: number;
}

/** The local TTS as the caller's voice (a different voice from the agent's is a good idea). */
export function localCallerVoice(
  opts: { voice?: string; rate?: number; binaryPath?: string } = {},
): CallerVoice {
  const tts = new LocalTTS({ voice: opts.voice, rate: opts.rate, binaryPath: opts.binaryPath });
  return {
    async synthesize(text, signal) {
      const frames: AudioFrame[] = [];
      for await (const f of tts.synthesizeFrames(text, signal)) frames.push(f);
      if (frames.length === 0) throw new Error(`the local TTS produced no audio for "${text.slice(0, 60)}"`);
      const rate = frames[0].sampleRate;
      const mono = frames.map((f) => (f.channels === 1 ? f.data : downmix(f)));
      const data = new Int16Array(mono.reduce((n, d) => n + d.length, 0));
      let at = 0;
      for (const d of mono) {
        data.set(d, at);
        at += d.length;
      }
      return { data, sampleRate: rate };
    },
  };
}

function downmix(f: AudioFrame): Int16Array {
  const out = new Int16Array(f.samplesPerChannel);
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += f.data[i * f.channels + c];
    out[i] = Math.round(sum / f.channels);
  }
  return out;
}

const WINDOW_MS = 10;

/**
 * The span that carries sound: 10 ms windows louder than a tenth of the loudest one (and than a
 * floor, so a silent line has none). TTS output starts and ends with padding a listener hears
 * as silence; transcripts are timed against the voiced part.
 */
export function voicedRegion(
  data: Int16Array,
  sampleRate: number,
): { startMs: number; endMs: number } | null {
  const win = Math.max(1, Math.round((sampleRate * WINDOW_MS) / 1000));
  const levels: number[] = [];
  for (let i = 0; i < data.length; i += win) {
    let sum = 0;
    const end = Math.min(data.length, i + win);
    for (let k = i; k < end; k++) sum += data[k] * data[k];
    levels.push(Math.sqrt(sum / (end - i)));
  }
  const threshold = Math.max(100, 0.1 * Math.max(0, ...levels));
  const first = levels.findIndex((l) => l > threshold);
  if (first < 0) return null;
  let last = levels.length - 1;
  while (levels[last] <= threshold) last -= 1;
  const ms = (samples: number) => (samples / sampleRate) * 1000;
  return { startMs: ms(first * win), endMs: ms(Math.min(data.length, (last + 1) * win)) };
}

/** Synthesizes a line at the caller's rate and finds its voiced part. */
export async function prepareLine(
  voice: CallerVoice,
  text: string,
  sampleRate: number,
  signal: AbortSignal,
): Promise<CallerLine> {
  const spoken = await voice.synthesize(text, signal);
  const data = resampleClip(spoken.data, spoken.sampleRate, sampleRate);
  const region = voicedRegion(data, sampleRate);
  if (!region) throw new Error(`the voice produced only silence for "${text.slice(0, 60)}"`);
  return {
    text,
    data,
    sampleRate,
    voicedStartMs: region.startMs,
    voicedEndMs: region.endMs,
    durationMs: (data.length / sampleRate) * 1000,
  };
}

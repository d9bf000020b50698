/**
 * Real speech for the VAD tests, made at test time: espeak-ng speaks each phrase, silences of
 * known length are put between them, and the truth is where the phrases' audible samples are
 * (espeak pads its output with a few ms of silence before and ~300 ms after each phrase, which
 * must not count as speech). sox converts rates so the VAD's resampler is checked against an
 * independent one. Test support only; nothing in the app imports it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav, writeWav, type WavAudio } from '../../io/wav';

/** |sample| above this (-50 dBFS) is audible speech; espeak's padding is exact zeros. */
const AUDIBLE = 100;

export function toolMissing(): string | null {
  for (const tool of ['espeak-ng', 'sox']) {
    const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
    if (r.error) return `${tool} is not installed (apt-get install ${tool})`;
  }
  return null;
}

export interface Utterance {
  /** Mono PCM16 at `sampleRate`. */
  audio: WavAudio;
  /** Where each phrase's audible samples begin and end (ms). */
  truth: Array<{ startMs: number; endMs: number }>;
}

export class SpeechMaker {
  readonly dir = mkdtempSync(join(tmpdir(), 'silero-test-'));
  private n = 0;

  speak(text: string): WavAudio {
    const path = join(this.dir, `phrase-${this.n++}.wav`);
    execFileSync('espeak-ng', ['-w', path, text]);
    return readWav(path);
  }

  /** Silence `leadMs`, then each phrase followed by `gapMs` of silence (the last by `tailMs`). */
  compose(phrases: string[], leadMs: number, gapMs: number, tailMs: number): Utterance {
    const spoken = phrases.map((p) => this.speak(p));
    const rate = spoken[0].sampleRate;
    const samples = (ms: number) => Math.round((ms * rate) / 1000);
    const parts: Int16Array[] = [new Int16Array(samples(leadMs))];
    const truth: Utterance['truth'] = [];
    let offset = parts[0].length;
    spoken.forEach((s, i) => {
      const [first, last] = audibleExtent(s.data);
      truth.push({ startMs: ((offset + first) / rate) * 1000, endMs: ((offset + last) / rate) * 1000 });
      parts.push(s.data, new Int16Array(samples(i === spoken.length - 1 ? tailMs : gapMs)));
      offset += s.data.length + parts[parts.length - 1].length;
    });
    const data = new Int16Array(offset);
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    return { audio: { sampleRate: rate, channels: 1, data }, truth };
  }

  /** Converts with sox (no dither, so silence stays exactly zero). */
  resample(audio: WavAudio, rate: number): WavAudio {
    const src = join(this.dir, `in-${this.n}.wav`);
    const dst = join(this.dir, `out-${this.n++}.wav`);
    writeWav(src, audio);
    execFileSync('sox', ['-D', src, '-r', String(rate), dst]);
    return readWav(dst);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** First audible sample and one past the last. */
export function audibleExtent(data: Int16Array): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < data.length; i++) {
    if (Math.abs(data[i]) > AUDIBLE) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) throw new Error('audibleExtent: no audible sample');
  return [first, last + 1];
}

/** Uniform white noise with a fixed seed, so a failure reproduces. */
export function whiteNoise(durationMs: number, sampleRate: number, peak: number, seed = 1): Int16Array {
  let s = seed >>> 0;
  const out = new Int16Array(Math.round((durationMs * sampleRate) / 1000));
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = Math.round(((s / 2 ** 32) * 2 - 1) * peak);
  }
  return out;
}

export function rmsDbfs(data: Int16Array): number {
  let sum = 0;
  for (const x of data) sum += x * x;
  return 20 * Math.log10(Math.sqrt(sum / data.length) / 32768);
}

/**
 * `export REC --wav FILE`: the conversation as one stereo file, the user on the left and the
 * agent on the right, each placed where the manifest's offsets put it on the event clock, so
 * the gaps, overlaps and barge-ins sound as they happened. Tracks of different rates are
 * resampled to the higher one; a stereo track is folded to mono. A track that is missing or
 * cannot be read leaves its channel silent and is reported, never invented.
 */
import { writeFileSync } from 'node:fs';
import type { AudioTrackName, OpenedRecording } from '../recording/api';
import { encodeWav } from '../io/wav';
import { LinearResampler } from '../engine';

/** What the mix needs of a recording; OpenedRecording provides it. */
export type RecordingAudio = Pick<OpenedRecording, 'manifest' | 'readAudio'>;

/** Pages of audio asked of the reader, well within its MAX_AUDIO_READ_MS. */
export const AUDIO_PAGE_MS = 5 * 60_000;

/** Audio written by the engine can trail the recording's end event by a moment (playout flushed at close). */
const TRAILING_MS = 10_000;

export interface StereoMix {
  sampleRate: number;
  /** Interleaved: even samples the user, odd ones the agent. */
  data: Int16Array;
  /** Event-clock time of the first frame. */
  startT: number;
  durationMs: number;
  /** Tracks that could not be used, one sentence each. */
  notices: string[];
}

export class WavExportError extends Error {
  override name = 'WavExportError';
}

interface PlacedTrack {
  startT: number;
  sampleRate: number;
  mono: Int16Array;
}

export async function mixStereo(rec: RecordingAudio): Promise<StereoMix> {
  const { manifest } = rec;
  const notices: string[] = [];
  const endT = manifest.startedAtT + (manifest.durationMs ?? 0) + TRAILING_MS;
  const read = async (name: AudioTrackName): Promise<PlacedTrack | null> => {
    const track = manifest.audio[name];
    if (!track) {
      notices.push(`${name} audio: the recording has none; the ${side(name)} channel is silent`);
      return null;
    }
    const pages: Int16Array[] = [];
    let placed: { startT: number; sampleRate: number; channels: number } | null = null;
    // Readers hand out bounded ranges (MAX_AUDIO_READ_MS): read the track a page at a time.
    for (let from = track.offsetMs; from < endT; from += AUDIO_PAGE_MS) {
      const want = Math.min(AUDIO_PAGE_MS, endT - from);
      const audio = await rec.readAudio(name, from, want);
      if (!audio) break;
      placed ??= { startT: audio.startT, sampleRate: audio.sampleRate, channels: audio.channels };
      pages.push(audio.data);
      const wantFrames = Math.round((want * audio.sampleRate) / 1000);
      if (audio.data.length / audio.channels < wantFrames - 1) break;
    }
    if (!placed) {
      notices.push(`${name} audio: ${track.file} cannot be read; the ${side(name)} channel is silent`);
      return null;
    }
    return {
      startT: placed.startT,
      sampleRate: placed.sampleRate,
      mono: toMono(concat(pages), placed.channels),
    };
  };
  const user = await read('user');
  const agent = await read('agent');
  if (!user && !agent) throw new WavExportError(`${manifest.id}: no audio to export (${notices.join('; ')})`);
  return mixTracks(user, agent, notices);
}

export function mixTracks(
  user: PlacedTrack | null,
  agent: PlacedTrack | null,
  notices: string[] = [],
): StereoMix {
  const present = [user, agent].filter((t): t is PlacedTrack => t !== null);
  if (present.length === 0) throw new WavExportError('no audio to mix');
  const sampleRate = Math.max(...present.map((t) => t.sampleRate));
  const startT = Math.min(...present.map((t) => t.startT));
  const placed = [user, agent].map((t) => (t ? place(t, sampleRate, startT) : null));
  const frames = Math.max(...placed.map((p) => (p ? p.at + p.data.length : 0)));
  const data = new Int16Array(frames * 2);
  placed.forEach((p, channel) => {
    if (!p) return;
    for (let i = 0; i < p.data.length; i++) data[(p.at + i) * 2 + channel] = p.data[i];
  });
  return { sampleRate, data, startT, durationMs: (frames * 1000) / sampleRate, notices };
}

export async function exportWav(rec: RecordingAudio, path: string): Promise<StereoMix> {
  const mix = await mixStereo(rec);
  writeFileSync(path, encodeWav({ sampleRate: mix.sampleRate, channels: 2, data: mix.data }), {
    mode: 0o600,
  });
  return mix;
}

function side(name: AudioTrackName): string {
  return name === 'user' ? 'left' : 'right';
}

/** The track at the mix's rate, and the frame it starts at (sample n plays at startT + n / rate). */
function place(track: PlacedTrack, rate: number, startT: number): { at: number; data: Int16Array } {
  const data = track.sampleRate === rate ? track.mono : resample(track.mono, track.sampleRate, rate);
  return { at: Math.max(0, Math.round(((track.startT - startT) * rate) / 1000)), data };
}

function resample(mono: Int16Array, from: number, to: number): Int16Array {
  const resampler = new LinearResampler(from, to);
  // One push of the whole track: the resampler keeps no state between tracks.
  return resampler.pushSamples(mono);
}

function concat(pages: Int16Array[]): Int16Array {
  if (pages.length === 1) return pages[0];
  const out = new Int16Array(pages.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function toMono(data: Int16Array, channels: number): Int16Array {
  if (channels === 1) return data;
  const out = new Int16Array(Math.floor(data.length / channels));
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += data[i * channels + c];
    out[i] = Math.round(sum / channels);
  }
  return out;
}

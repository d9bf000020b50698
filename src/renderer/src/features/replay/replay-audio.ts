/**
 * Plays a recording's two audio tracks in step with the replay clock (Web Audio). While the
 * clock plays, windows of PCM ahead of the playhead are fetched (readRecordingAudio) and each is
 * scheduled as an AudioBufferSourceNode at the context time that corresponds to its event time,
 * mapped through getOutputTimestamp (the context time being heard at a given performance.now),
 * so what is heard sits on the playhead within a few ms rather than drifting with latency.
 * A window whose first sample is already due starts at the context's render time (nothing can
 * start earlier) with its offset moved on by the difference, so it is not late by the output
 * latency. Every play, pause, seek or speed change drops what is scheduled and plans again from
 * the playhead, and so does the context starting to run (a play can resume a suspended context:
 * until it runs, whatever was scheduled would start late). Speed uses playbackRate (the pitch
 * follows the speed, as a tape would). `heardAt` answers which recording time is being heard,
 * from the context's output timestamp and what was actually handed to each source node.
 */
import type { ReplayClock } from './replay-clock';

export type AudioTrack = 'user' | 'agent';
export type AudioMix = 'both' | AudioTrack;

export interface AudioWindow {
  sampleRate: number;
  channels: number;
  /** Event time of the first sample. */
  startT: number;
  pcm: Int16Array;
}

export type FetchAudio = (
  track: AudioTrack,
  fromT: number,
  durationMs: number,
) => Promise<AudioWindow | null>;

/** Audio fetched per request, and how far ahead of the playhead it is scheduled (event ms). */
export const WINDOW_MS = 2_000;
const LOOKAHEAD_MS = 4_000;
const PUMP_INTERVAL_MS = 250;
const CACHE_WINDOWS = 24;
/** A source started at the render time itself may find it gone by: one render quantum of room. */
const START_MARGIN_S = 128 / 44_100;

/** Where one source node plays: context time `when` holds buffer second `offset` of `startT`. */
interface Placement {
  track: AudioTrack;
  when: number;
  offset: number;
  rate: number;
  duration: number;
  startT: number;
}

/** Window starts sit on a grid, so the same window is fetched (and cached) once. */
export function windowStart(t: number): number {
  return Math.floor(t / WINDOW_MS) * WINDOW_MS;
}

/** Int16 interleaved → one Float32 array per channel. */
export function toChannels(pcm: Int16Array, channels: number): Float32Array<ArrayBuffer>[] {
  const frames = Math.floor(pcm.length / channels);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < channels; c++) out[c][f] = pcm[f * channels + c] / 32768;
  return out;
}

export class ReplayAudio {
  private readonly gains: Record<AudioTrack, GainNode>;
  private readonly sources = new Map<AudioBufferSourceNode, Placement>();
  private readonly cache = new Map<string, Promise<{ buffer: AudioBuffer; startT: number } | null>>();
  private readonly next: Record<AudioTrack, number> = { user: 0, agent: 0 };
  private generation = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly off: () => void;
  private mixNow: AudioMix = 'both';

  constructor(
    private readonly ctx: AudioContext,
    private readonly clock: ReplayClock,
    private readonly fetchAudio: FetchAudio,
    private readonly tracks: readonly AudioTrack[],
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {
    const gain = () => {
      const g = ctx.createGain();
      g.connect(ctx.destination);
      return g;
    };
    this.gains = { user: gain(), agent: gain() };
    const offClock = clock.subscribe(() => this.replan());
    // A context resumed by a play starts late: what was scheduled meanwhile is planned again.
    const onState = () => {
      if (ctx.state === 'running' && clock.playing) this.replan();
    };
    ctx.addEventListener('statechange', onState);
    this.off = () => {
      offClock();
      ctx.removeEventListener('statechange', onState);
    };
  }

  /**
   * The recording time (event ms) of the sample being heard at performance time `perfMs`:
   * the context time at the output then (getOutputTimestamp), mapped through the start time,
   * offset and rate of the source node playing at that moment on an audible track. Null when
   * nothing is heard: paused, the context not running, no output timestamp, a gap between
   * windows, or every playing track muted.
   */
  heardAt(perfMs: number = performance.now()): number | null {
    if (!this.clock.playing || this.ctx.state !== 'running') return null;
    const heard = this.outputTimeAt(perfMs);
    if (heard === null) return null;
    for (const p of this.sources.values()) {
      if (this.gains[p.track].gain.value === 0) continue;
      const into = heard - p.when;
      if (into >= 0 && p.offset + into * p.rate < p.duration)
        return p.startT + (p.offset + into * p.rate) * 1000;
    }
    return null;
  }

  get mix(): AudioMix {
    return this.mixNow;
  }

  /** Both tracks, or one alone (the other muted). */
  setMix(mix: AudioMix): void {
    this.mixNow = mix;
    this.gains.user.gain.value = mix === 'agent' ? 0 : 1;
    this.gains.agent.gain.value = mix === 'user' ? 0 : 1;
  }

  dispose(): void {
    this.off();
    this.stopAll();
    for (const g of Object.values(this.gains)) g.disconnect();
    void this.ctx.close().catch(() => undefined);
  }

  private stopAll(): void {
    this.generation += 1;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.sources.keys()) {
      try {
        s.stop();
      } catch {
        // Never started: nothing to stop.
      }
      s.disconnect();
    }
    this.sources.clear();
  }

  private replan(): void {
    this.stopAll();
    if (!this.clock.playing || this.tracks.length === 0) return;
    if (this.ctx.state === 'suspended') void this.ctx.resume().catch(() => undefined);
    const from = windowStart(this.clock.position());
    for (const t of this.tracks) this.next[t] = from;
    this.pump();
    this.timer = setInterval(() => this.pump(), PUMP_INTERVAL_MS);
  }

  /** Schedules every window that starts within the lookahead of the playhead. */
  private pump(): void {
    if (!this.clock.playing) return;
    const horizon = this.clock.position() + LOOKAHEAD_MS * this.clock.speed;
    const gen = this.generation;
    for (const track of this.tracks) {
      while (this.next[track] < horizon && this.next[track] < this.clock.endMs) {
        void this.schedule(track, this.next[track], gen);
        this.next[track] += WINDOW_MS;
      }
    }
  }

  private async schedule(track: AudioTrack, start: number, gen: number): Promise<void> {
    const found = await this.load(track, start);
    if (!found || gen !== this.generation || !this.clock.playing) return;
    const { buffer, startT } = found;
    const speed = this.clock.speed;
    const perfNow = performance.now();
    const ctxNow = this.contextTimeAt(perfNow);
    let when = ctxNow + (startT - this.clock.position()) / speed / 1000;
    let offset = 0;
    // The output plays what was rendered a latency ago: nothing starts before the render time.
    const earliest = Math.max(ctxNow, this.ctx.currentTime + START_MARGIN_S);
    if (when < earliest) {
      offset = (earliest - when) * speed;
      when = earliest;
    }
    if (offset >= buffer.duration) return;
    const src = this.ctx.createBufferSource();
    src.buffer = buffer;
    src.playbackRate.value = speed;
    src.connect(this.gains[track]);
    src.onended = () => {
      this.sources.delete(src);
      src.disconnect();
    };
    this.sources.set(src, { track, when, offset, rate: speed, duration: buffer.duration, startT });
    src.start(when, offset);
  }

  /** The context time at the output at performance time `perfMs`; null without an output timestamp. */
  private outputTimeAt(perfMs: number): number | null {
    const ts = this.ctx.getOutputTimestamp?.();
    if (ts?.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0)
      return ts.contextTime + (perfMs - ts.performanceTime) / 1000;
    return null;
  }

  /** The context time heard at performance time `perfMs` (the render time without a timestamp). */
  private contextTimeAt(perfMs: number): number {
    return this.outputTimeAt(perfMs) ?? this.ctx.currentTime + (perfMs - performance.now()) / 1000;
  }

  private load(track: AudioTrack, start: number): Promise<{ buffer: AudioBuffer; startT: number } | null> {
    const key = `${track}:${start}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = this.fetchAudio(track, start, WINDOW_MS).then(
        (w) => {
          if (!w || w.pcm.length < w.channels) return null;
          const data = toChannels(w.pcm, w.channels);
          const buffer = this.ctx.createBuffer(w.channels, data[0].length, w.sampleRate);
          data.forEach((d, c) => buffer.copyToChannel(d, c));
          return { buffer, startT: w.startT };
        },
        (err: unknown) => {
          this.cache.delete(key);
          this.onProblem(`${track} audio at ${Math.round(start)} ms could not be read: ${String(err)}`);
          return null;
        },
      );
      this.cache.set(key, entry);
      while (this.cache.size > CACHE_WINDOWS) this.cache.delete(this.cache.keys().next().value as string);
    }
    return entry;
  }
}

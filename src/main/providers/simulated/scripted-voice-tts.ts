/**
 * A TTS with the timing of a real one and none of the cost: each sentence's audio starts after
 * `ttfbMs` and is produced at `realTimeFactor` (ms of work per ms of audio), with a duration set
 * by a speaking rate, so the studio's latency lanes, interruptions and transcript sync behave as
 * with a cloud voice. The audio is a syllable-paced tone (audible and visible on level meters)
 * or silence. Sentence splitting, segments and metrics come from the stream the local TTS uses,
 * so both voices cut and report text the same way.
 */
import type { TtsProviderConfig } from '../../../shared/config';
import {
  type AudioFrame,
  BasicSentenceTokenizer,
  type Clock,
  makeFrame,
  type SentenceTokenizer,
  type SynthesizeStream,
  type TTS,
  type TTSCapabilities,
} from '../../engine';
import { LocalSynthesizeStream, type TtsMetrics } from '../local-tts/synthesize-stream';

export type SimulatedTtsConfig = Extract<TtsProviderConfig, { provider: 'simulated' }>;

const FRAME_MS = 20;
/** Audio handed over per step of simulated work: real TTS servers also send chunks, not samples. */
const CHUNK_MS = 200;
/** Even "Hi." takes a moment to say. */
const MIN_SENTENCE_MS = 300;
const TONE_HZ = 180;
const SYLLABLES_PER_SECOND = 4;
const AMPLITUDE = 4000;

/** How long the simulated voice takes to say `text`. */
export function spokenDurationMs(text: string, charsPerSecond: number): number {
  const chars = text.trim().length;
  if (chars === 0) return 0;
  return Math.max(MIN_SENTENCE_MS, Math.round((chars / charsPerSecond) * 1000));
}

/** Samples `from`..`from + count` of a tone whose loudness rises and falls like syllables. */
export function toneSamples(from: number, count: number, sampleRate: number): Int16Array {
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    const t = (from + i) / sampleRate;
    const envelope = Math.abs(Math.sin(Math.PI * SYLLABLES_PER_SECOND * t));
    const wave = 0.8 * Math.sin(2 * Math.PI * TONE_HZ * t) + 0.2 * Math.sin(4 * Math.PI * TONE_HZ * t);
    out[i] = Math.round(AMPLITUDE * envelope * wave);
  }
  return out;
}

export interface SimulatedTtsDeps {
  clock: Clock;
  onMetrics?: (m: TtsMetrics) => void;
  sentenceTokenizer?: SentenceTokenizer;
}

export class ScriptedVoiceTTS implements TTS {
  readonly label = 'simulated.TTS';
  readonly sampleRate: number;
  readonly numChannels = 1;
  readonly capabilities: TTSCapabilities = { streaming: true, alignedTranscript: false };
  private readonly tokenizer: SentenceTokenizer;
  private readonly streams = new Set<LocalSynthesizeStream>();
  private count = 0;

  constructor(
    private readonly config: SimulatedTtsConfig,
    private readonly deps: SimulatedTtsDeps,
  ) {
    this.sampleRate = config.sampleRate;
    this.tokenizer = deps.sentenceTokenizer ?? new BasicSentenceTokenizer();
  }

  stream(options?: { signal?: AbortSignal }): SynthesizeStream {
    this.count += 1;
    const stream: LocalSynthesizeStream = new LocalSynthesizeStream(
      `sim_tts_${this.count}`,
      {
        clock: this.deps.clock,
        label: this.label,
        tokenizer: this.tokenizer,
        synthesize: (text, signal) => this.synthesize(text, signal),
        onMetrics: this.deps.onMetrics,
        onClosed: (s) => this.streams.delete(s),
      },
      options?.signal,
    );
    if (stream.running) this.streams.add(stream);
    return stream;
  }

  /** One sentence: nothing for ttfb, then chunks of audio as fast as the real-time factor allows. */
  async *synthesize(text: string, signal: AbortSignal): AsyncGenerator<AudioFrame> {
    const { clock } = this.deps;
    const { ttfbMs, realTimeFactor, charsPerSecond, audio } = this.config;
    const rate = this.sampleRate;
    const total = Math.round((spokenDurationMs(text, charsPerSecond) * rate) / 1000);
    if (total === 0) return;
    await clock.sleep(ttfbMs, signal);
    const perFrame = Math.round((FRAME_MS * rate) / 1000);
    const perChunk = Math.round((CHUNK_MS * rate) / 1000);
    for (let chunkStart = 0; chunkStart < total; chunkStart += perChunk) {
      if (chunkStart > 0) await clock.sleep(CHUNK_MS * realTimeFactor, signal);
      const chunkEnd = Math.min(total, chunkStart + perChunk);
      for (let at = chunkStart; at < chunkEnd; at += perFrame) {
        const n = Math.min(perFrame, chunkEnd - at);
        yield makeFrame(audio === 'tone' ? toneSamples(at, n, rate) : new Int16Array(n), rate, 1);
      }
    }
  }

  /** Streams not yet finished or closed, for the session's leak check. */
  openStreams(): string[] {
    return [...this.streams].map((s) => `simulated tts stream ${s.requestId}`);
  }
}

/**
 * The studio's embedded default voice: the operating system's own speech engine, run as a
 * separate process, so a new user hears the agent with no network, no key and no download.
 * espeak-ng sounds robotic, but it is always there and fast (tens of ms a sentence), which keeps
 * the studio's latency lanes meaningful offline.
 */
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { PROVIDER_DEADLINE_DEFAULTS, type TtsProviderSchema } from '../../../shared/config';
import {
  type AudioFrame,
  BasicSentenceTokenizer,
  type Clock,
  makeFrame,
  RealClock,
  type SentenceTokenizer,
  type SynthesizeStream,
  type TTS,
  type TTSCapabilities,
} from '../../engine';
import type { z } from 'zod';
import { runEngine } from './engine-process';
import { SentenceDeadline } from './sentence-deadline';
import {
  buildCommand,
  defaultBinaries,
  defaultEngineFor,
  findExecutable,
  notFoundMessage,
  type LocalTtsEngine,
  type VoiceOptions,
} from './engines';
import { LocalSynthesizeStream, type TtsMetrics } from './synthesize-stream';
import { FrameChunker } from './wav-stream';

type TtsProviderConfigInput = z.input<typeof TtsProviderSchema>;

/** What every supported engine is asked to produce (espeak-ng's native rate). */
export const LOCAL_TTS_SAMPLE_RATE = 22050;
const DEFAULT_FRAME_MS = 20;

export interface LocalTtsOptions extends VoiceOptions {
  /** Defaults to the platform's engine: espeak-ng on Linux, say on macOS, SAPI on Windows. */
  engine?: LocalTtsEngine;
  /** The engine executable; by default looked up on PATH. */
  binaryPath?: string;
  /** Measures ttfb and durations; the studio passes its session clock. */
  clock?: Clock;
  /** Receives one `tts` metric per synthesized segment. */
  onMetrics?: (m: TtsMetrics) => void;
  /** Duration of the frames handed to the engine (the last frame of a sentence is shorter). */
  frameMs?: number;
  /** How pushed text is cut into sentences; the engine's basic tokenizer by default. */
  sentenceTokenizer?: SentenceTokenizer;
  platform?: NodeJS.Platform;
  /**
   * Per sentence, ms on the clock (0 = none): the engine must write its first audio within
   * `firstTokenTimeoutMs` and finish within `totalTimeoutMs`, or it is killed and the sentence
   * fails naming the setting. Defaults: the config's.
   */
  firstTokenTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Where the settings live, for messages (`providers.tts`, `providers.tts[1]`). */
  settingPrefix?: string;
}

export class LocalTTS implements TTS {
  readonly label: string;
  /** Nominal: a frame carries the rate the engine actually wrote (some espeak voices use 16 kHz). */
  readonly sampleRate = LOCAL_TTS_SAMPLE_RATE;
  readonly numChannels = 1;
  readonly capabilities: TTSCapabilities = { streaming: true, alignedTranscript: false };
  readonly engine: LocalTtsEngine;
  readonly voiceName?: string;
  private readonly clock: Clock;
  private readonly tokenizer: SentenceTokenizer;
  private readonly frameMs: number;
  private readonly voice: VoiceOptions;
  private binary: string | null;
  private readonly pids = new Set<number>();
  private readonly streams = new Set<LocalSynthesizeStream>();

  constructor(private readonly opts: LocalTtsOptions = {}) {
    this.engine = opts.engine ?? defaultEngineFor(opts.platform ?? process.platform);
    this.label = `local-tts.${this.engine}`;
    this.clock = opts.clock ?? new RealClock();
    this.tokenizer = opts.sentenceTokenizer ?? new BasicSentenceTokenizer();
    this.frameMs = opts.frameMs ?? DEFAULT_FRAME_MS;
    if (!(this.frameMs > 0)) throw new RangeError(`frameMs must be positive (got ${this.frameMs})`);
    if (opts.rate !== undefined && !(opts.rate > 0))
      throw new RangeError(`rate must be positive words per minute (got ${opts.rate})`);
    this.voice = { voice: opts.voice, rate: opts.rate };
    if (opts.voice) this.voiceName = opts.voice;
    this.binary = opts.binaryPath ?? null;
  }

  stream(options?: { signal?: AbortSignal }): SynthesizeStream {
    const stream: LocalSynthesizeStream = new LocalSynthesizeStream(
      `local_tts_${randomUUID().slice(0, 12)}`,
      {
        clock: this.clock,
        label: this.label,
        tokenizer: this.tokenizer,
        synthesize: (text, signal) => this.synthesizeFrames(text, signal),
        onMetrics: this.opts.onMetrics,
        onClosed: (s) => this.streams.delete(s),
      },
      options?.signal,
    );
    if (stream.running) this.streams.add(stream);
    return stream;
  }

  /**
   * Speaks one text as a whole; frames come out while the engine is still writing. The engine
   * runs under the sentence's deadlines: one that passes kills it and throws a LocalTtsError.
   */
  async *synthesizeFrames(text: string, signal: AbortSignal): AsyncGenerator<AudioFrame> {
    if (text.trim() === '') return;
    const deadline = new SentenceDeadline(this.clock, signal, {
      firstTokenTimeoutMs:
        this.opts.firstTokenTimeoutMs ?? PROVIDER_DEADLINE_DEFAULTS.tts.firstTokenTimeoutMs,
      totalTimeoutMs: this.opts.totalTimeoutMs ?? PROVIDER_DEADLINE_DEFAULTS.tts.totalTimeoutMs,
    });
    try {
      for await (const frame of this.runFrames(text, deadline.signal)) {
        deadline.progress();
        yield frame;
      }
      deadline.check(this.engine, this.opts.settingPrefix ?? 'providers.tts');
    } finally {
      deadline.dispose();
    }
  }

  private async *runFrames(text: string, signal: AbortSignal): AsyncGenerator<AudioFrame> {
    const cmd = buildCommand(this.engine, this.resolveBinary(), text, this.voice);
    let chunker: FrameChunker | null = null;
    let rate = LOCAL_TTS_SAMPLE_RATE;
    let channels = 1;
    const hooks = {
      onSpawn: (pid: number) => this.pids.add(pid),
      onExit: (pid: number) => this.pids.delete(pid),
    };
    for await (const pcm of runEngine(this.engine, cmd, signal, hooks)) {
      if (!chunker) {
        rate = pcm.format.sampleRate;
        channels = pcm.format.channels;
        chunker = new FrameChunker(Math.max(1, Math.round((rate * this.frameMs) / 1000)) * channels);
      }
      for (const data of chunker.push(pcm.samples)) yield makeFrame(data, rate, channels);
    }
    const last = chunker?.flush();
    if (last && !signal.aborted) yield makeFrame(last, rate, channels);
  }

  /** Engine processes still running (pids); empty when nothing is being spoken. */
  runningProcessIds(): number[] {
    return [...this.pids];
  }

  /** Streams not yet finished or closed, for the session's leak check. */
  openStreams(): string[] {
    return [...this.streams].map((s) => `local tts stream ${s.requestId}`);
  }

  private resolveBinary(): string {
    if (this.binary === null) {
      const names = defaultBinaries(this.engine);
      // Not found: keep the first name so the spawn fails with the install hint.
      this.binary = names.map((n) => findExecutable(n)).find((p) => p !== null) ?? names[0];
    }
    return this.binary;
  }
}

/** Builds the provider from the studio configuration (`providers.tts` with provider "local"). */
export function createLocalTts(
  config: Extract<TtsProviderConfigInput, { provider: 'local' }>,
  deps: Pick<LocalTtsOptions, 'clock' | 'onMetrics' | 'binaryPath' | 'platform'> = {},
): LocalTTS {
  return new LocalTTS({
    ...deps,
    voice: config.voice,
    rate: config.rate,
    firstTokenTimeoutMs: config.firstTokenTimeoutMs,
    totalTimeoutMs: config.totalTimeoutMs,
  });
}

export type LocalTtsDetection =
  | { available: true; engine: LocalTtsEngine; path: string; version: string | null }
  | { available: false; engine: LocalTtsEngine; reason: string };

/**
 * Which engine the local TTS would use here and whether it is installed, so the studio can say
 * so before a session starts instead of failing on the first reply.
 */
export async function detectLocalTts(
  opts: { platform?: NodeJS.Platform; binaryPath?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<LocalTtsDetection> {
  const platform = opts.platform ?? process.platform;
  const engine = defaultEngineFor(platform);
  const names = opts.binaryPath ? [opts.binaryPath] : defaultBinaries(engine);
  for (const name of names) {
    const path = findExecutable(name, opts.env ?? process.env, platform);
    if (path === null) continue;
    const version = engine === 'espeak-ng' ? await espeakVersion(path, opts.timeoutMs ?? 5000) : null;
    if (engine === 'espeak-ng' && version === null) {
      return { available: false, engine, reason: `${path} is present but \`${path} --version\` failed` };
    }
    return { available: true, engine, path, version };
  }
  return { available: false, engine, reason: notFoundMessage(engine, names[0]) };
}

function espeakVersion(path: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: timeoutMs }, (err, stdout) => {
      resolve(err ? null : stdout.trim().split('\n')[0] || null);
    });
  });
}

/**
 * OpenAI audio.speech as the engine's TTS (upstream livekit-plugins-openai tts.py). One request
 * synthesizes one piece of text as raw 24 kHz PCM16 mono, read from the HTTP body as it arrives
 * and cut into fixed frames. The API takes whole texts only, so `stream()` splits the reply into
 * sentences and requests them one after another (upstream wraps it in a StreamAdapter the same
 * way): the first sentence is spoken while the LLM is still writing the next.
 */
import type { MetricsData } from '../../../shared/engine-events';
import {
  type AudioFrame,
  BasicSentenceTokenizer,
  frameDurationMs,
  type SentenceTokenizer,
  type SynthesizeStream,
  type TTS,
  type TTSCapabilities,
} from '../../engine';
import { localRequestId, resolveConnection, type OpenAIConnection, type ResolvedConnection } from './client';
import { afterFirstTokenError } from '../common/provider-error';
import { toProviderError } from './errors';
import { PcmFramer } from './pcm-framer';
import { withRetries } from '../common/retry';
import { OpenAISynthesizeStream, wholeTextStream } from './tts-stream';

export const OPENAI_TTS_SAMPLE_RATE = 24000;

export interface OpenAITTSOptions extends OpenAIConnection {
  model: string;
  voice: string;
  /** Speaking style (gpt-4o-mini-tts only). */
  instructions?: string;
  speed?: number;
  /** Length of the frames handed to the engine, ms. */
  frameMs?: number;
  /** Splits streamed text into the units requested one by one; the engine's basic one by default. */
  sentenceTokenizer?: SentenceTokenizer;
}

export interface SpeechResult {
  requestId: string;
  audioMs: number;
}

export class OpenAITTS implements TTS {
  readonly label = 'openai.TTS';
  readonly sampleRate = OPENAI_TTS_SAMPLE_RATE;
  readonly numChannels = 1;
  readonly capabilities: TTSCapabilities = { streaming: true, alignedTranscript: false };
  readonly conn: ResolvedConnection;
  readonly model: string;
  readonly voiceName: string;
  private readonly tokenizer: SentenceTokenizer;
  private readonly frameMs: number;

  constructor(readonly options: OpenAITTSOptions) {
    this.model = options.model;
    this.voiceName = options.voice;
    this.conn = resolveConnection(options, 'tts', options.model);
    this.tokenizer = options.sentenceTokenizer ?? new BasicSentenceTokenizer();
    this.frameMs = options.frameMs ?? 20;
  }

  stream(options?: { signal?: AbortSignal }): SynthesizeStream {
    return new OpenAISynthesizeStream(this, () => this.tokenizer.stream(), options?.signal);
  }

  /** One text as one request, without sentence splitting (upstream `synthesize`). */
  synthesize(text: string, options?: { signal?: AbortSignal }): SynthesizeStream {
    const s = new OpenAISynthesizeStream(this, wholeTextStream, options?.signal);
    s.pushText(text);
    s.endInput();
    return s;
  }

  /**
   * Synthesizes `text`, handing frames to `onFrame` as they complete. Retries (on the clock)
   * only while no frame went out; after that a failure is final, since the audio was played.
   */
  async requestSpeech(
    text: string,
    signal: AbortSignal,
    onFrame: (f: AudioFrame) => void,
  ): Promise<SpeechResult> {
    const { clock, client, ctx, policy, timeoutMs, deadlines, onRetry } = this.conn;
    const o = this.options;
    const startedAt = clock.now();
    let firstByteAt: number | null = null;
    let audioMs = 0;
    let requestId = localRequestId('tts');
    let emitted = false;
    const emit = (f: AudioFrame): void => {
      emitted = true;
      audioMs += frameDurationMs(f);
      onFrame(f);
    };
    try {
      await withRetries({
        classify: toProviderError,
        clock,
        policy,
        timeoutMs,
        deadlines,
        signal,
        ctx,
        onRetry,
        retryAllowed: () => !emitted,
        run: async (attempt) => {
          const framer = new PcmFramer(this.sampleRate, this.numChannels, this.frameMs);
          const response = await client.audio.speech.create(
            {
              model: o.model,
              voice: o.voice,
              input: text,
              response_format: 'pcm',
              ...(o.instructions ? { instructions: o.instructions } : {}),
              ...(o.speed !== undefined ? { speed: o.speed } : {}),
            },
            { signal: attempt.signal, maxRetries: 0 },
          );
          requestId = response.headers.get('x-request-id') ?? requestId;
          if (!response.body) return;
          for await (const chunk of response.body) {
            if (chunk.length > 0) attempt.progress();
            else attempt.touch();
            firstByteAt ??= clock.now();
            for (const f of framer.push(chunk)) emit(f);
          }
          const last = framer.flush();
          if (last) emit(last);
        },
      });
      this.report({ text, requestId, startedAt, firstByteAt, audioMs, cancelled: false });
      return { requestId, audioMs };
    } catch (e) {
      if (signal.aborted) {
        this.report({ text, requestId, startedAt, firstByteAt, audioMs, cancelled: true });
        throw e;
      }
      const err = toProviderError(e, ctx);
      throw emitted ? afterFirstTokenError(err, ctx, `${Math.round(audioMs)} ms of audio`) : err;
    }
  }

  private report(r: {
    text: string;
    requestId: string;
    startedAt: number;
    firstByteAt: number | null;
    audioMs: number;
    cancelled: boolean;
  }): void {
    const { onMetrics, clock } = this.conn;
    if (!onMetrics || r.firstByteAt === null) return;
    const now = clock.now();
    const m: MetricsData = {
      type: 'tts',
      speechId: null,
      requestId: r.requestId,
      timestamp: now,
      ttfbMs: r.firstByteAt - r.startedAt,
      durationMs: now - r.startedAt,
      audioDurationMs: r.audioMs,
      cancelled: r.cancelled,
      charactersCount: r.text.length,
      streamed: false,
      label: this.label,
    };
    onMetrics(m);
  }
}

/**
 * OpenAI audio.transcriptions as the engine's STT (upstream livekit-plugins-openai stt.py, the
 * non-realtime path). The API transcribes whole files, so a VAD cuts the user's audio into
 * utterances (StreamAdapter) and each utterance is uploaded as an in-memory WAV. The
 * gpt-4o transcribe models can stream their result (`stream: true`, transcript.text.delta
 * events): those deltas become interim transcripts, so the studio shows words before the final.
 */
import { toFile } from 'openai';
import type { TranscriptionStreamEvent } from 'openai/resources/audio/transcriptions';
import type { AudioFrame, SpeechEvent, STT, STTCapabilities, STTStream, VAD } from '../../engine';
import { localRequestId, resolveConnection, type OpenAIConnection, type ResolvedConnection } from './client';
import { ProviderError } from '../common/provider-error';
import { withRetries } from '../common/retry';
import { toProviderError } from './errors';
import { StreamAdapter, type RecognizeOptions, type Recognizer } from './stt-stream-adapter';
import { framesDurationMs, framesToWav } from '../common/frames-wav';

export interface OpenAISTTOptions extends OpenAIConnection {
  model: string;
  /** ISO-639-1 code; improves accuracy and latency when known. */
  language?: string;
  /** Vocabulary hints (names, jargon). */
  prompt?: string;
  /** Stream partial results; by default only for the gpt-4o transcribe models, which support it. */
  streaming?: boolean;
  /** Finds the utterances in the pushed audio; required by `stream()`. */
  vad?: VAD;
}

export function supportsStreamingTranscription(model: string): boolean {
  return /^gpt-4o(-mini)?-transcribe/.test(model);
}

export class OpenAISTT implements STT, Recognizer {
  readonly label = 'openai.STT';
  readonly model: string;
  readonly capabilities: STTCapabilities;
  readonly interimResults: boolean;
  readonly conn: ResolvedConnection;
  private readonly adapter: StreamAdapter | null;

  constructor(readonly options: OpenAISTTOptions) {
    this.model = options.model;
    this.conn = resolveConnection(options, 'stt', options.model);
    this.interimResults = options.streaming ?? supportsStreamingTranscription(options.model);
    this.capabilities = { streaming: true, interimResults: this.interimResults };
    this.adapter = options.vad ? new StreamAdapter(this, options.vad) : null;
  }

  stream(options?: { language?: string }): STTStream {
    if (!this.adapter) {
      throw new ProviderError({
        provider: 'openai',
        kind: 'stt',
        code: 'invalid_config',
        setting: 'providers.vad',
        message:
          'openai stt: transcribes whole utterances and needs a VAD to find them: set providers.vad (silero)',
      });
    }
    return this.adapter.stream({ language: options?.language ?? this.options.language });
  }

  async recognize(frames: readonly AudioFrame[], options: RecognizeOptions = {}): Promise<SpeechEvent> {
    const { clock, client, ctx, policy, timeoutMs, deadlines, onRetry } = this.conn;
    const language = options.language ?? this.options.language;
    const signal = options.signal ?? new AbortController().signal;
    const audioMs = framesDurationMs(frames);
    const wav = framesToWav(frames);
    const startedAt = clock.now();
    const requestId = localRequestId('stt');
    const stream = this.interimResults;
    try {
      const result = await withRetries({
        classify: toProviderError,
        clock,
        policy,
        timeoutMs,
        deadlines,
        signal,
        ctx,
        onRetry,
        run: async (attempt) => {
          const common = {
            file: await toFile(wav, 'audio.wav', { type: 'audio/wav' }),
            model: this.model,
            ...(language ? { language } : {}),
            ...(this.options.prompt ? { prompt: this.options.prompt } : {}),
          };
          const reqOpts = { signal: attempt.signal, maxRetries: 0 };
          if (!stream) {
            const verbose = this.model === 'whisper-1';
            const r = await client.audio.transcriptions.create(
              { ...common, response_format: verbose ? 'verbose_json' : 'json' },
              reqOpts,
            );
            attempt.progress();
            return {
              text: r.text,
              language: 'language' in r && typeof r.language === 'string' ? r.language : (language ?? null),
            };
          }
          const events = await client.audio.transcriptions.create({ ...common, stream: true }, reqOpts);
          let text = '';
          let done: string | null = null;
          for await (const ev of events as AsyncIterable<TranscriptionStreamEvent>) {
            attempt.touch();
            if (ev.type === 'transcript.text.delta') {
              if (ev.delta) attempt.progress();
              text += ev.delta;
              options.onInterim?.(text);
            } else if (ev.type === 'transcript.text.done') {
              attempt.progress();
              done = ev.text;
            }
          }
          return { text: done ?? text, language: language ?? null };
        },
      });
      this.report(requestId, startedAt, audioMs, stream);
      // The API reports no confidence; 1 keeps the engine's averaged transcript confidence meaningful.
      return {
        type: 'final_transcript',
        requestId,
        alternatives: [
          { text: result.text, language: result.language, startTimeMs: 0, endTimeMs: audioMs, confidence: 1 },
        ],
      };
    } catch (e) {
      if (signal.aborted) throw e;
      throw toProviderError(e, ctx);
    }
  }

  private report(requestId: string, startedAt: number, audioMs: number, streamed: boolean): void {
    const { onMetrics, clock } = this.conn;
    if (!onMetrics) return;
    const now = clock.now();
    onMetrics({
      type: 'stt',
      speechId: null,
      requestId,
      timestamp: now,
      durationMs: now - startedAt,
      audioDurationMs: audioMs,
      streamed,
      label: this.label,
    });
  }
}

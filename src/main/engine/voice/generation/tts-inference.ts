/**
 * Text to audio for one reply (upstream generation.py perform_tts_inference). The text stream is
 * cut into segments at FlushSentinels; each segment is one call of the agent's TTS node, and the
 * audio of all segments goes to one channel. The helper measures each request on the session
 * clock: `tts_request` trace events and the `tts` metrics. The metric's ttfb is taken from the
 * moment the segment's text input ended (what a request-per-segment provider waits for) to the
 * first frame; if audio arrives before the input ended (a truly streaming provider), from the
 * first text pushed instead.
 */
import type { MetricsData } from '../../../../shared/engine-events';
import { frameDurationMs, type AudioFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import { CancelledError, Future, abortable, isCancelled, type Task } from '../../base/tasks';
import { shortId } from '../../llm/chat-context';
import { GuardedIterator, isAsyncIterable } from './iter';
import { errorText } from '../../base/errors';
import {
  isFlushSentinel,
  isSynthesizedAudio,
  type FlushSentinel,
  type GenerationEnv,
  type ModelSettings,
  type TTSNode,
  type TextTransform,
} from './types';

export type TTSMetrics = Extract<MetricsData, { type: 'tts' }>;

/** A piece of transcript with its position in the reply's audio (upstream io.TimedString). */
export interface TimedString {
  text: string;
  /** Offset in the reply's audio, ms. */
  startTimeMs?: number;
  endTimeMs?: number;
}

/** Upstream _TTSGenerationData. */
export interface TTSGenerationData {
  readonly audioCh: Channel<AudioFrame>;
  /** Transcript aligned to the audio; resolved with null when the node gives no audio stream. */
  readonly timedTextsFut: Future<Channel<TimedString> | null>;
  /** Clock time of the first synthesized frame; rejected (CancelledError) if none came. */
  readonly firstFrameFut: Future<number>;
  /** First input text to first audio frame, ms (upstream `ttfb`, the assistant's tts_node_ttfb). */
  ttfbMs: number | null;
  /** The `tts` metrics emitted, one per segment with text and audio. */
  metrics: TTSMetrics[];
}

export interface PerformTtsInferenceArgs {
  node: TTSNode;
  input: AsyncIterable<string | FlushSentinel>;
  modelSettings: ModelSettings;
  textTransforms?: readonly TextTransform[] | null;
  env: GenerationEnv;
  speechId?: string | null;
  ttsLabel?: string;
  /** The TTS's voice, for the request's trace event. */
  ttsVoice?: string;
}

/** One segment of the input, read by one node call; records when text came and when it ended. */
class InputSegment implements AsyncIterable<string> {
  text = '';
  firstTextAt: number | null = null;
  endedAt: number | null = null;
  done = false;

  constructor(
    private readonly source: GuardedIterator<string | FlushSentinel>,
    private readonly signal: AbortSignal,
    private readonly now: () => number,
    private readonly onInputEnd: () => void,
    private readonly onText: (at: number) => void,
  ) {}

  async next(): Promise<IteratorResult<string>> {
    if (this.done) return { value: undefined, done: true };
    const r = await this.source.next(this.signal);
    if (r.done || isFlushSentinel(r.value)) {
      this.done = true;
      this.endedAt = this.now();
      if (r.done) this.onInputEnd();
      return { value: undefined, done: true };
    }
    const at = this.now();
    this.text += r.value;
    this.firstTextAt ??= at;
    this.onText(at);
    return { value: r.value, done: false };
  }

  [Symbol.asyncIterator](): AsyncIterator<string> {
    return {
      next: () => this.next(),
      // The node stopped reading: the segment is over for it (the source stays open).
      return: async () => ({ value: undefined, done: true }),
    };
  }
}

export function performTtsInference(args: PerformTtsInferenceArgs): [Task<boolean>, TTSGenerationData] {
  const data: TTSGenerationData = {
    audioCh: new Channel<AudioFrame>(),
    timedTextsFut: new Future<Channel<TimedString> | null>(),
    firstFrameFut: new Future<number>(),
    ttfbMs: null,
    metrics: [],
  };
  const task = args.env.owner.spawn('tts_inference', async (signal) => {
    try {
      return await ttsInferenceTask(args, data, signal);
    } finally {
      const timed = data.timedTextsFut.result;
      timed?.close();
      data.timedTextsFut.resolve(null);
      data.audioCh.close();
      data.firstFrameFut.reject(new CancelledError('no audio was synthesized'));
    }
  });
  return [task, data];
}

async function ttsInferenceTask(
  args: PerformTtsInferenceArgs,
  data: TTSGenerationData,
  signal: AbortSignal,
): Promise<boolean> {
  const { clock } = args.env;
  const source = GuardedIterator.of(args.input);
  let finished = false;
  let startTime: number | null = null;
  let pushedMs = 0;
  try {
    while (!finished) {
      const segment = new InputSegment(
        source,
        signal,
        () => clock.now(),
        () => (finished = true),
        (at) => (startTime ??= at),
      );
      pushedMs += await segmentInference(args, data, segment, pushedMs, signal, () => startTime);
      // A node that stopped reading early drops the rest of its segment; without this a node
      // that never reads would be called forever on the same input.
      while (!segment.done) await segment.next();
    }
    return pushedMs > 0;
  } catch (err) {
    if (signal.aborted || isCancelled(err)) throw err;
    args.env.events.emit({ type: 'error', source: 'tts', message: errorText(err), recoverable: false });
    return false;
  } finally {
    await source.close();
  }
}

/** One node call; returns the duration of the audio it produced, ms. */
async function segmentInference(
  args: PerformTtsInferenceArgs,
  data: TTSGenerationData,
  segment: InputSegment,
  pushedMs: number,
  signal: AbortSignal,
  startTime: () => number | null,
): Promise<number> {
  const { clock, events } = args.env;
  const speechId = args.speechId ?? null;
  const requestId = shortId('tts_req');
  events.emit({
    type: 'tts_request',
    phase: 'start',
    requestId,
    speechId,
    ...(args.ttsLabel ? { provider: args.ttsLabel } : {}),
    ...(args.ttsVoice ? { voice: args.ttsVoice } : {}),
  });

  let input: AsyncIterable<string> = segment;
  for (const transform of args.textTransforms ?? []) input = transform(input);

  let audioMs = 0;
  let firstFrameAt: number | null = null;
  let providerRequestId = '';
  let metricsDone = false;
  let failure: string | undefined;
  let iter: GuardedIterator<unknown> | null = null;

  const emitMetrics = (at: number): void => {
    metricsDone = true;
    // As upstream: a segment without text reports nothing; without audio there is no ttfb.
    if (segment.text === '' || firstFrameAt === null) return;
    const inputEnd = segment.endedAt !== null && segment.endedAt <= firstFrameAt ? segment.endedAt : null;
    const base = inputEnd ?? segment.firstTextAt ?? firstFrameAt;
    const metrics: TTSMetrics = {
      type: 'tts',
      speechId,
      requestId: providerRequestId || requestId,
      timestamp: at,
      ttfbMs: firstFrameAt - base,
      durationMs: at - base,
      audioDurationMs: audioMs,
      cancelled: false,
      charactersCount: segment.text.length,
      streamed: true,
      label: args.ttsLabel ?? '',
    };
    data.metrics.push(metrics);
    events.emit({ type: 'metrics_collected', metrics });
  };

  try {
    const result = await abortable(Promise.resolve(args.node(input, args.modelSettings, signal)), signal);
    if (!isAsyncIterable(result)) {
      data.timedTextsFut.resolve(null);
      return 0;
    }
    let timedCh = data.timedTextsFut.result ?? null;
    if (!data.timedTextsFut.done) {
      timedCh = new Channel<TimedString>();
      data.timedTextsFut.resolve(timedCh);
    }
    iter = GuardedIterator.of(result);
    for (;;) {
      const r = await iter.next(signal);
      if (r.done) break;
      const item = r.value as Parameters<typeof isSynthesizedAudio>[0];
      const frame = isSynthesizedAudio(item) ? item.frame : item;
      // The clock is read only for a frame that needs a time (the first, the one that ends the
      // ttfb, the final one): a read per frame was ~5 % of our CPU per turn (issue 13.2).
      let now: number | undefined;
      if (firstFrameAt === null) {
        now = clock.now();
        firstFrameAt = now;
        // As the TTFB metric: from the whole first text when it was in before the first byte.
        const textReadyAt = segment.endedAt !== null && segment.endedAt <= now ? segment.endedAt : null;
        events.emit({
          type: 'tts_request',
          phase: 'first_byte',
          requestId,
          speechId,
          firstTextAt: segment.firstTextAt,
          textReadyAt,
        });
        data.firstFrameFut.resolve(now);
      }
      const start = startTime();
      if (start !== null && data.ttfbMs === null) data.ttfbMs = (now ??= clock.now()) - start;
      if (isSynthesizedAudio(item)) {
        if (item.requestId) providerRequestId = item.requestId;
        if (timedCh && item.deltaText) {
          timedCh.trySend({ text: item.deltaText, startTimeMs: pushedMs + audioMs });
        }
      }
      data.audioCh.trySend(frame);
      audioMs += frameDurationMs(frame);
      if (isSynthesizedAudio(item) && item.isFinal && !metricsDone) emitMetrics(now ?? clock.now());
    }
    if (!metricsDone) emitMetrics(clock.now());
    return audioMs;
  } catch (err) {
    if (!signal.aborted && !isCancelled(err)) failure = errorText(err);
    throw err;
  } finally {
    await iter?.close();
    events.emit({
      type: 'tts_request',
      phase: 'end',
      requestId,
      speechId,
      ...(segment.text ? { text: segment.text } : {}),
      audioMs,
      ...(failure !== undefined ? { error: failure } : signal.aborted ? { error: 'cancelled' } : {}),
    });
  }
}

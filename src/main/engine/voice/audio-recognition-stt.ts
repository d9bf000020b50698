/**
 * The STT half of audio recognition (upstream `_stt_task` / `_on_stt_event`): accumulates the
 * user's transcript across final transcripts, hands interim/final/preflight transcripts to the
 * hooks, triggers end of turn where the turn-detection mode says a transcript may end a turn,
 * takes start/end of speech from the STT in "stt" mode, and reports recognition usage as STT
 * metrics (our STT interface has no emitter of its own, so recognition reports for it).
 */
import type { AudioFrame } from '../audio/frame';
import type { Channel } from '../base/channel';
import { offAbort, onAbort } from '../base/abort-hub';
import type { Clock } from '../base/clock';
import { abortable, cancelAndWait, CancelledError, type Task } from '../base/tasks';
import type { SpeechEvent, STT } from '../stt/stt';
import { callHook, type RecognitionContext } from './audio-recognition-state';
import type { STTNode } from './recognition-hooks';

/** How long a node may take to wind down after it is cancelled before recognition stops waiting. */
const NODE_RETURN_LIMIT_MS = 2000;

function speakingForHooks(ctx: RecognitionContext): boolean | null {
  // Without a VAD (and not taking speech events from the STT) nobody knows whether the user speaks.
  return ctx.hasVad || ctx.state.turnDetectionMode === 'stt' ? ctx.state.speaking : null;
}

export function handleSttEvent(ctx: RecognitionContext, ev: SpeechEvent): void {
  const s = ctx.state;
  if (
    s.turnDetectionMode === 'manual' &&
    s.userTurnCommitted &&
    (!ctx.endOfTurnPending || ev.type === 'interim_transcript')
  ) {
    // The app committed the turn by hand: late words belong to no turn, except finals that can
    // still join the commit that is being processed.
    return;
  }
  switch (ev.type) {
    case 'final_transcript':
      onFinal(ctx, ev);
      return;
    case 'preflight_transcript':
      onPreflight(ctx, ev);
      return;
    case 'interim_transcript':
      callHook(ctx, 'onInterimTranscript', () =>
        ctx.hooks.onInterimTranscript(ev, { speaking: speakingForHooks(ctx) }),
      );
      s.audioInterimTranscript = ev.alternatives[0]?.text ?? '';
      return;
    case 'end_of_speech':
      if (s.turnDetectionMode !== 'stt') return;
      callHook(ctx, 'onEndOfSpeech', () => ctx.hooks.onEndOfSpeech(null));
      s.speaking = false;
      s.userTurnCommitted = true;
      if (!ctx.hasVad || s.lastSpeakingTime === null) s.lastSpeakingTime = ctx.clock.now();
      ctx.runEouDetection(ctx.hooks.retrieveChatCtx());
      return;
    case 'start_of_speech': {
      if (s.turnDetectionMode !== 'stt') return;
      callHook(ctx, 'onStartOfSpeech', () => ctx.hooks.onStartOfSpeech(null));
      s.speaking = true;
      const now = ctx.clock.now();
      if (s.speechStartTime === null) s.speechStartTime = now;
      s.lastSpeakingTime = now;
      ctx.cancelEndOfTurn();
      return;
    }
    case 'recognition_usage':
      ctx.events.emit({
        type: 'metrics_collected',
        metrics: {
          type: 'stt',
          speechId: null,
          requestId: ev.requestId,
          timestamp: ctx.clock.now(),
          durationMs: 0,
          audioDurationMs: ev.audioDurationMs ?? 0,
          streamed: true,
          label: ctx.sttLabel,
        },
      });
      return;
  }
}

function onFinal(ctx: RecognitionContext, ev: SpeechEvent): void {
  const s = ctx.state;
  const alt = ev.alternatives[0];
  const transcript = alt?.text ?? '';
  s.noteLanguage(transcript, alt?.language ?? null);
  if (!transcript) return;

  callHook(ctx, 'onFinalTranscript', () =>
    ctx.hooks.onFinalTranscript(ev, { speaking: speakingForHooks(ctx) }),
  );
  const now = ctx.clock.now();
  s.lastFinalTranscriptTime = now;
  s.audioTranscript = `${s.audioTranscript} ${transcript}`.trimStart();
  s.finalTranscriptConfidence.push(alt?.confidence ?? 0);
  const transcriptChanged = s.audioTranscript !== s.audioPreflightTranscript;
  s.audioInterimTranscript = '';
  s.audioPreflightTranscript = '';
  s.finalTranscriptReceived.set();

  // Without VAD timing, the transcript's arrival is the best sign of speech we have (it makes
  // the transcription delay read 0, as upstream accepts).
  if (!ctx.hasVad || s.lastSpeakingTime === null) s.lastSpeakingTime = now;

  if (s.vadBaseTurnDetection || s.userTurnCommitted) {
    if (transcriptChanged) {
      const info = {
        newTranscript: s.audioTranscript,
        transcriptConfidence: s.confidenceAverage(),
        startedSpeakingAt: s.speechStartTime,
      };
      callHook(ctx, 'onPreemptiveGeneration', () => ctx.hooks.onPreemptiveGeneration(info));
    }
    // A final that lands after the user went quiet is the trigger (VAD end of speech came first).
    if (!s.speaking) ctx.runEouDetection(ctx.hooks.retrieveChatCtx());
  }
}

function onPreflight(ctx: RecognitionContext, ev: SpeechEvent): void {
  const s = ctx.state;
  callHook(ctx, 'onInterimTranscript', () =>
    ctx.hooks.onInterimTranscript(ev, { speaking: speakingForHooks(ctx) }),
  );
  const alt = ev.alternatives[0];
  const transcript = alt?.text ?? '';
  s.noteLanguage(transcript, alt?.language ?? null);
  if (!transcript) return;

  // A preflight counts as a transcript for turn timing even though it is not final.
  const now = ctx.clock.now();
  s.lastFinalTranscriptTime = now;
  s.audioPreflightTranscript = `${s.audioTranscript} ${transcript}`.trimStart();
  s.audioInterimTranscript = transcript;
  if (!ctx.hasVad || s.lastSpeakingTime === null) s.lastSpeakingTime = now;

  if (s.turnDetectionMode !== 'manual' || s.userTurnCommitted) {
    const info = {
      newTranscript: s.audioPreflightTranscript,
      transcriptConfidence: s.confidenceAverage([alt?.confidence ?? 0]),
      startedSpeakingAt: s.speechStartTime,
    };
    callHook(ctx, 'onPreemptiveGeneration', () => ctx.hooks.onPreemptiveGeneration(info));
  }
}

/**
 * Runs the STT node over `audio` until cancelled or the node ends. Starts only after the task it
 * replaces has stopped, so transcripts of an old stream never mix with the new one.
 */
export async function runSttTask(
  ctx: RecognitionContext,
  node: STTNode,
  audio: Channel<AudioFrame>,
  previous: Task | null,
  signal: AbortSignal,
): Promise<void> {
  if (previous) await cancelAndWait([previous], ctx.clock);
  signal.throwIfAborted();

  let iterator: AsyncIterator<SpeechEvent> | null = null;
  let finished = false;
  try {
    const stream = await abortable(Promise.resolve(node(audio, signal)), signal);
    if (!stream) return;
    iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      const r = await abortable(iterator.next(), signal);
      if (r.done) {
        finished = true;
        break;
      }
      handleSttEvent(ctx, r.value);
    }
  } finally {
    audio.close();
    if (iterator && !finished) await settleWithin(ctx.clock, iterator.return?.(), NODE_RETURN_LIMIT_MS);
  }
}

/** Waits for `p` (errors ignored) but no longer than `limitMs`, leaving no timer behind. */
async function settleWithin(clock: Clock, p: Promise<unknown> | undefined, limitMs: number): Promise<void> {
  if (!p) return;
  const ctrl = new AbortController();
  try {
    await Promise.race([p.catch(() => undefined), clock.sleep(limitMs, ctrl.signal).catch(() => undefined)]);
  } finally {
    ctrl.abort(new CancelledError('settled'));
  }
}

/**
 * The default STT stage (upstream `Agent.default.stt_node` for a streaming STT): one provider
 * stream per run, audio forwarded into it, its events passed through. Stops when `signal` aborts
 * or the audio ends, and always closes the provider stream.
 */
export function sttNodeFromStt(stt: STT, opts: { language?: string } = {}): STTNode {
  return (audio, signal) => streamEvents(stt, audio, signal, opts);
}

async function* streamEvents(
  stt: STT,
  audio: AsyncIterable<AudioFrame>,
  signal: AbortSignal,
  opts: { language?: string },
): AsyncGenerator<SpeechEvent> {
  const stream = stt.stream(opts.language !== undefined ? { language: opts.language } : undefined);
  // Stops the forwarding loop when the node ends for any reason, not only on cancellation.
  const local = new AbortController();
  const entry = onAbort(signal, () => local.abort(signal.reason));
  const forward = (async () => {
    const frames = audio[Symbol.asyncIterator]();
    for (;;) {
      const r = await abortable(frames.next(), local.signal);
      if (r.done) break;
      stream.pushFrame(r.value);
    }
    stream.endInput();
  })();
  // Awaited in `finally`; a failure there is the provider stream's and shows up on its events.
  forward.catch(() => undefined);
  try {
    const events = stream[Symbol.asyncIterator]();
    for (;;) {
      const r = await abortable(events.next(), signal);
      if (r.done) break;
      yield r.value;
    }
  } finally {
    offAbort(entry);
    local.abort(new CancelledError('stt node ended'));
    await forward.catch(() => undefined);
    await stream.close();
  }
}

/**
 * The VAD half of audio recognition (upstream `_vad_task` / `_on_vad_event`): feeds audio to a
 * VAD stream and turns its events into hooks, the user's speaking state, the speech timing the
 * end-of-turn metrics need, and `vad_inference` trace events for the timeline.
 */
import type { AudioFrame } from '../audio/frame';
import type { Channel } from '../base/channel';
import { abortable, cancelAndWait, type Task, type TaskOwner } from '../base/tasks';
import type { VAD, VADEvent } from '../vad/vad';
import { callHook, type RecognitionContext } from './audio-recognition-state';

export function handleVadEvent(ctx: RecognitionContext, ev: VADEvent): void {
  const s = ctx.state;
  switch (ev.type) {
    case 'start_of_speech':
      callHook(ctx, 'onStartOfSpeech', () => ctx.hooks.onStartOfSpeech(ev));
      s.speaking = true;
      ctx.cancelEndOfTurn();
      return;
    case 'inference_done': {
      callHook(ctx, 'onVadInferenceDone', () => ctx.hooks.onVadInferenceDone(ev));
      ctx.events.emit({
        type: 'vad_inference',
        probability: ev.probability,
        speechDurationMs: ev.speechDurationMs,
        silenceDurationMs: ev.silenceDurationMs,
        speaking: ev.speaking,
      });
      // For metrics, the earliest and latest signs of speech: any inference that still hears
      // speech (raw, before the VAD's smoothing) moves them.
      if (ev.rawAccumulatedSpeechMs > 0) {
        const now = ctx.clock.now();
        s.lastSpeakingTime = now;
        if (s.speechStartTime === null) s.speechStartTime = now;
      }
      return;
    }
    case 'end_of_speech':
      callHook(ctx, 'onEndOfSpeech', () => ctx.hooks.onEndOfSpeech(ev));
      s.speaking = false;
      if (s.vadBaseTurnDetection || (s.turnDetectionMode === 'stt' && s.userTurnCommitted)) {
        ctx.runEouDetection(ctx.hooks.retrieveChatCtx());
      }
      return;
  }
}

/**
 * Runs one VAD stream over `audio` until cancelled. Starts only after the task it replaces has
 * stopped, so two streams never drive the hooks at once.
 */
export async function runVadTask(
  ctx: RecognitionContext,
  owner: TaskOwner,
  vad: VAD,
  audio: Channel<AudioFrame>,
  previous: Task | null,
  signal: AbortSignal,
): Promise<void> {
  if (previous) await cancelAndWait([previous], ctx.clock);
  signal.throwIfAborted();

  const stream = vad.stream();
  const forward = owner.spawn('audio_recognition.vad_forward', async (sig) => {
    for (;;) {
      const r = await abortable(audio.next(), sig);
      if (r.done) break;
      stream.pushFrame(r.value);
    }
  });
  const events = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const r = await abortable(events.next(), signal);
      if (r.done) break;
      handleVadEvent(ctx, r.value);
    }
  } finally {
    audio.close();
    await cancelAndWait([forward], ctx.clock);
    await stream.close();
  }
}

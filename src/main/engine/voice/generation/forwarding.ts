/**
 * Forwarding a reply to the session's outputs (upstream generation.py perform_text_forwarding /
 * perform_audio_forwarding). The futures tell the activity when the agent started speaking: the
 * audio one resolves with the sink's playback start time, the text one with the first text.
 * Both reject with CancelledError when the forwarding ends without that ever happening, so the
 * activity can tell "played" (resolved) from "never played". `stop` lets an interruption end a
 * forwarding at once (speech-audio.ts): no sink call starts after it, and the sink gets the
 * forwarding's end (flush) exactly once, whichever of the two comes first.
 */
import type { AudioFrame } from '../../audio/frame';
import { CancelledError, Future, abortable, type Task } from '../../base/tasks';
import type { AudioOutput, TextOutput } from '../io';
import { GuardedIterator } from './iter';
import { LinearResampler } from '../../audio/resample';
import type { GenerationEnv } from './types';

/** Stopping a forwarding from outside its task, synchronously (an interruption). */
export interface ForwardingStop {
  /**
   * Stops the forwarding: no sink call (captureFrame / captureText) starts after this. When one
   * is still running, the task is cancelled once it settled (so the sink's end comes after that
   * call, never during it) and the returned promise resolves then; otherwise the task is
   * cancelled at once and null is returned.
   */
  cancel(): Promise<void> | null;
  /** Ends the sink's segment as the forwarding's own end does (flush), unless that already happened. */
  end(): void;
}

/** Upstream _TextOutput. */
export interface TextOutputData {
  /** Everything forwarded so far (the reply text as the user saw it). */
  text: string;
  readonly firstTextFut: Future<void>;
  readonly stop: ForwardingStop;
}

/** Upstream _AudioOutput. */
export interface AudioOutputData {
  /** Every frame received from the TTS, before any resampling. */
  readonly audio: AudioFrame[];
  /** Clock time at which the sink started playing the first frame. */
  readonly firstFrameFut: Future<number>;
  readonly stop: ForwardingStop;
}

function throwIfStopped(stopped: boolean, signal: AbortSignal): void {
  signal.throwIfAborted();
  if (stopped) throw new CancelledError('forwarding stopped');
}

/** Cancels `task` now, or once the sink call `inFlight` settled (then resolves). */
function cancelAfter(task: Task, inFlight: Promise<void> | null): Promise<void> | null {
  if (!inFlight) {
    task.cancel('interrupted');
    return null;
  }
  const cancel = (): void => task.cancel('interrupted');
  return inFlight.then(cancel, cancel);
}

export function performTextForwarding(args: {
  textOutput: TextOutput | null;
  source: AsyncIterable<string>;
  env: GenerationEnv;
}): [Task<void>, TextOutputData] {
  const sink = args.textOutput;
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    sink?.flush();
    out.firstTextFut.reject(new CancelledError('no text was forwarded'));
  };
  const out: TextOutputData = {
    text: '',
    firstTextFut: new Future<void>(),
    stop: {
      cancel: () => {
        if (task.done) return null;
        stopped = true;
        return cancelAfter(task, inFlight);
      },
      end,
    },
  };
  const task = args.env.owner.spawn('text_forwarding', async (signal) => {
    const iter = GuardedIterator.of(args.source);
    try {
      for (;;) {
        const r = await iter.next(signal);
        if (r.done) break;
        // stopped while this text was on its way: it is neither shown nor counted as forwarded
        throwIfStopped(stopped, signal);
        out.text += r.value;
        if (sink) {
          inFlight = sink.captureText(r.value);
          await abortable(inFlight, signal);
          inFlight = null;
        }
        out.firstTextFut.resolve();
      }
    } finally {
      await iter.close();
      end();
    }
  });
  return [task, out];
}

export function performAudioForwarding(args: {
  audioOutput: AudioOutput;
  ttsOutput: AsyncIterable<AudioFrame>;
  env: GenerationEnv;
}): [Task<void>, AudioOutputData] {
  const sink = args.audioOutput;
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  let off: (() => void) | null = null;
  let ended = false;
  const detach = (): void => {
    off?.();
    off = null;
    if (!out.firstFrameFut.done) out.firstFrameFut.reject(new CancelledError('no audio was played'));
  };
  const end = (): void => {
    detach();
    if (ended) return;
    ended = true;
    sink.flush();
  };
  const out: AudioOutputData = {
    audio: [],
    firstFrameFut: new Future<number>(),
    stop: {
      cancel: () => {
        if (task.done) return null;
        stopped = true;
        return cancelAfter(task, inFlight);
      },
      end,
    },
  };
  const task = args.env.owner.spawn('audio_forwarding', async (signal) => {
    let resampler: LinearResampler | null = null;
    off = sink.on('playback_started', (ev) => out.firstFrameFut.resolve(ev.createdAt));
    const iter = GuardedIterator.of(args.ttsOutput);
    try {
      // A paused output (false interruption) must play the new reply.
      sink.resume();
      for (;;) {
        const r = await iter.next(signal);
        if (r.done) break;
        const frame = r.value;
        out.audio.push(frame);
        if (
          !out.firstFrameFut.done &&
          resampler === null &&
          sink.sampleRate !== null &&
          frame.sampleRate !== sink.sampleRate
        ) {
          resampler = new LinearResampler(frame.sampleRate, sink.sampleRate, frame.channels);
        }
        const frames = resampler ? resampler.push(frame) : [frame];
        for (const f of frames) {
          // checked before the call (abortable checks only after it): a stopped forwarding
          // must not hand the sink one more frame
          throwIfStopped(stopped, signal);
          inFlight = sink.captureFrame(f);
          await abortable(inFlight, signal);
        }
        inFlight = null;
      }
      if (resampler) {
        for (const f of resampler.flush()) {
          throwIfStopped(stopped, signal);
          inFlight = sink.captureFrame(f);
          await abortable(inFlight, signal);
        }
        inFlight = null;
      }
    } finally {
      detach();
      await iter.close();
      end();
    }
  });
  return [task, out];
}

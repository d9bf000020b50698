/**
 * Forwarding a reply to the session's outputs (upstream generation.py perform_text_forwarding /
 * perform_audio_forwarding). The futures tell the activity when the agent started speaking: the
 * audio one resolves with the sink's playback start time, the text one with the first text.
 * Both reject with CancelledError when the forwarding ends without that ever happening, so the
 * activity can tell "played" (resolved) from "never played".
 */
import type { AudioFrame } from '../../audio/frame';
import { CancelledError, Future, abortable, type Task } from '../../base/tasks';
import type { AudioOutput, PlaybackStartedEvent, TextOutput } from '../io';
import { GuardedIterator } from './iter';
import { LinearResampler } from '../../audio/resample';
import type { GenerationEnv } from './types';

/** Upstream _TextOutput. */
export interface TextOutputData {
  /** Everything forwarded so far (the reply text as the user saw it). */
  text: string;
  readonly firstTextFut: Future<void>;
}

/** Upstream _AudioOutput. */
export interface AudioOutputData {
  /** Every frame received from the TTS, before any resampling. */
  readonly audio: AudioFrame[];
  /** Clock time at which the sink started playing the first frame. */
  readonly firstFrameFut: Future<number>;
}

export function performTextForwarding(args: {
  textOutput: TextOutput | null;
  source: AsyncIterable<string>;
  env: GenerationEnv;
}): [Task<void>, TextOutputData] {
  const out: TextOutputData = { text: '', firstTextFut: new Future<void>() };
  const task = args.env.owner.spawn('text_forwarding', async (signal) => {
    const iter = GuardedIterator.of(args.source);
    try {
      for (;;) {
        const r = await iter.next(signal);
        if (r.done) break;
        out.text += r.value;
        if (args.textOutput) await abortable(args.textOutput.captureText(r.value), signal);
        out.firstTextFut.resolve();
      }
    } finally {
      await iter.close();
      args.textOutput?.flush();
      out.firstTextFut.reject(new CancelledError('no text was forwarded'));
    }
  });
  return [task, out];
}

export function performAudioForwarding(args: {
  audioOutput: AudioOutput;
  ttsOutput: AsyncIterable<AudioFrame>;
  env: GenerationEnv;
}): [Task<void>, AudioOutputData] {
  const out: AudioOutputData = { audio: [], firstFrameFut: new Future<number>() };
  const sink = args.audioOutput;
  const task = args.env.owner.spawn('audio_forwarding', async (signal) => {
    let resampler: LinearResampler | null = null;
    const onStarted = (ev: PlaybackStartedEvent): void => out.firstFrameFut.resolve(ev.createdAt);
    const off = sink.on('playback_started', onStarted);
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
        for (const f of frames) await abortable(sink.captureFrame(f), signal);
      }
      if (resampler) {
        for (const f of resampler.flush()) await abortable(sink.captureFrame(f), signal);
      }
    } finally {
      off();
      out.firstFrameFut.reject(new CancelledError('no audio was played'));
      await iter.close();
      sink.flush();
    }
  });
  return [task, out];
}

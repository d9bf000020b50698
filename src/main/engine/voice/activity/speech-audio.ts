/**
 * The audible side of a reply, one implementation for a pipeline reply, a `say` and a realtime
 * reply (upstream writes it three times, in _pipeline_reply_task_impl, _tts_task_impl and
 * _realtime_generation_task_impl): start the TTS, decide whether the transcript shown is the
 * TTS's aligned one, forward audio and transcript to the outputs, note when the agent started
 * speaking, and after an interruption tell what the user actually heard.
 *
 * It works in phases because the replies order them differently: a pipeline reply starts its TTS
 * before the speech is authorized and forwards only after; the TTS task joins the reply's task
 * list before the aligned-transcript wait, so an interruption during that wait cancels it.
 *
 * An interruption stops the audio at once, without waiting for the reply task to wake up: see
 * `stopOnInterrupt` for why that keeps the seed's order.
 */
import type { AudioFrame } from '../../audio/frame';
import type { Task } from '../../base/tasks';
import type { TTS } from '../../tts/tts';
import {
  performAudioForwarding,
  performTextForwarding,
  type AudioOutputData,
  type ForwardingStop,
  type TextOutputData,
} from '../generation/forwarding';
import { performTtsInference, type TTSGenerationData } from '../generation/tts-inference';
import type { FlushSentinel, GenerationEnv, ModelSettings, TTSNode } from '../generation/types';
import type { AudioOutput, TextOutput } from '../io';
import type { SpeechHandle } from '../speech-handle';
import { afterInterruption } from '../interruption-batch';
import { onFirstFrame, type SpeakingDeps } from './reply-common';

/** What the composer reads of the activity (AgentActivity satisfies it as it is). */
export interface SpeechAudioDeps extends SpeakingDeps {
  /** The agent's overridable nodes (the Agent class has them). */
  readonly agent: {
    ttsNode: TTSNode;
    transcriptionNode(
      text: AsyncIterable<string>,
      modelSettings: ModelSettings,
    ): AsyncIterable<string> | null;
  };
  /** The TTS in use: its label and voice for the request trace, its capabilities for alignment. */
  readonly tts: Pick<TTS, 'label' | 'voiceName' | 'capabilities'> | null;
  readonly useTtsAlignedTranscript: boolean;
  readonly generationEnv: GenerationEnv;
  warn(source: string, message: string): void;
}

export interface SpeechAudioOutputs {
  /** null when the session's audio output is disabled. */
  audioOutput: AudioOutput | null;
  /** null when the session's transcription output is disabled (the text is still collected). */
  textOutput: TextOutput | null;
  modelSettings: ModelSettings;
}

/** What the user heard of an interrupted reply, and where its playback stopped. */
export interface HeardSpeech {
  text: string;
  positionMs: number;
}

/** Text of a TTS-aligned transcript, for the transcription node. */
async function* alignedText(timed: AsyncIterable<{ text: string }>): AsyncGenerator<string> {
  for await (const t of timed) yield t.text;
}

export class SpeechAudio {
  /** The audio forwarding's data; null when no audio was forwarded. */
  audio: AudioOutputData | null = null;
  /** The transcript forwarding's data; null when the transcription node returned nothing. */
  transcript: TextOutputData | null = null;
  /** True when the transcript is the TTS's aligned one (the text it was given is not shown). */
  readTranscriptFromTts = false;
  /** Clock time the agent started speaking (first frame played, or first text shown). */
  startedSpeakingAt: number | null = null;
  private tts: TTSGenerationData | null = null;
  /** The forwardings in the order they started (the order the seed cancels them in). */
  private readonly forwardings: ForwardingStop[] = [];
  /** Removes the interruption listener; null when none is attached. */
  private disarm: (() => void) | null = null;
  /** The audio output was cleared (once per reply step). */
  private cleared = false;
  /** What the sink threw while the interruption stopped it; rethrown by heard(). */
  private clearError: { err: unknown } | null = null;

  constructor(
    private readonly deps: SpeechAudioDeps,
    private readonly sh: SpeechHandle,
    private readonly outputs: SpeechAudioOutputs,
  ) {}

  /**
   * Starts synthesizing `input`; the TTS task is pushed onto `tasks` at once. Resolves with the
   * TTS's aligned transcript when it replaces the text (useTtsAlignedTranscript, and a TTS that
   * aligns or does not stream), else null. Upstream `use_tts_aligned_transcript` decision.
   */
  async startTts(
    input: AsyncIterable<string | FlushSentinel>,
    tasks: Task[],
  ): Promise<AsyncIterable<string> | null> {
    const { deps } = this;
    const [task, gen] = performTtsInference({
      node: (text, settings, sig) => deps.agent.ttsNode(text, settings, sig),
      input,
      modelSettings: this.outputs.modelSettings,
      env: deps.generationEnv,
      speechId: this.sh.id,
      ttsLabel: deps.tts?.label,
      ttsVoice: deps.tts?.voiceName,
    });
    this.tts = gen;
    tasks.push(task);
    const tts = deps.tts;
    if (!deps.useTtsAlignedTranscript || !tts) return null;
    if (!tts.capabilities.alignedTranscript && tts.capabilities.streaming) return null;
    const timed = await gen.timedTextsFut.promise;
    if (!timed) return null;
    this.readTranscriptFromTts = true;
    return alignedText(timed);
  }

  /**
   * Forwards the audio (the TTS's when startTts ran, else `frames`) and the transcript node's
   * output of `transcript`; the agent speaks at the first played frame, or at the first shown
   * text when no audio is forwarded. Returns the forwarding tasks. A pipeline reply forwards its
   * transcript first (`transcriptFirst`), as upstream.
   */
  forward(
    transcript: AsyncIterable<string>,
    opts: { frames?: AsyncIterable<AudioFrame> | null; transcriptFirst?: boolean } = {},
  ): Task[] {
    const { deps, sh } = this;
    const { audioOutput, textOutput, modelSettings } = this.outputs;
    const env = deps.generationEnv;
    const tasks: Task[] = [];
    const started = (at: number): void => {
      this.startedSpeakingAt = at;
    };
    const forwardAudio = (): void => {
      const frames = this.tts ? this.tts.audioCh : (opts.frames ?? null);
      if (!audioOutput || !frames) return;
      const [task, out] = performAudioForwarding({ audioOutput, ttsOutput: frames, env });
      this.audio = out;
      this.forwardings.push(out.stop);
      tasks.push(task);
      onFirstFrame(deps, sh, out.firstFrameFut.promise, started);
    };
    const forwardTranscript = (): void => {
      const trNode = deps.agent.transcriptionNode(transcript, modelSettings);
      if (!trNode) return;
      const [task, out] = performTextForwarding({ textOutput, source: trNode, env });
      this.transcript = out;
      this.forwardings.push(out.stop);
      tasks.push(task);
    };
    if (opts.transcriptFirst) {
      forwardTranscript();
      forwardAudio();
    } else {
      forwardAudio();
      forwardTranscript();
    }
    if (!this.audio && this.transcript) onFirstFrame(deps, sh, this.transcript.firstTextFut.promise, started);
    if (audioOutput && !this.disarm) {
      this.disarm = sh.onStateChange((state) => {
        if (state === 'interrupted') {
          this.playedOut(); // one stop per step: the listener goes
          afterInterruption(() => this.stopOnInterrupt());
        } else if (state === 'done') this.playedOut();
      });
    }
    return tasks;
  }

  /**
   * The speech was interrupted while this reply step could still play: stop the output now
   * rather than when the reply task wakes up (several promise hops later, measured as most of
   * the interrupt → clearBuffer latency).
   *
   * The sink sees what the seed makes it see (agent_activity.py `cancel_and_wait(*tasks)` then
   * `audio_output.clear_buffer()`; generation.py's forwarding tasks `flush()` in their finally):
   * the forwardings are cancelled, each output is flushed in the order the forwardings started,
   * then the buffer is cleared. It runs when the interrupting call ends (interruption-batch.ts),
   * i.e. after everything that call does synchronously (the other speeches interrupted, the
   * realtime session told), as in the seed, where the reply task only runs after that call
   * returned. What moves is only the reply's own bookkeeping (metrics, tool items, LLM and TTS
   * teardown), which now follows the clear instead of preceding it; none of it reaches the
   * audio or text output. No frame reaches the sink after the clear: the forwarding checks its
   * signal before every captureFrame, and a capture already started is waited for first. The
   * reply task still cancels and awaits its tasks and the playout as before; `heard()` does not
   * clear again.
   */
  private stopOnInterrupt(): void {
    if (this.cleared) return;
    let pending: Promise<void>[] | null = null;
    for (const f of this.forwardings) {
      const inFlight = f.cancel();
      if (inFlight) (pending ??= []).push(inFlight);
    }
    if (!pending) this.clearOnce();
    else void Promise.allSettled(pending).then(() => this.clearOnce());
  }

  /**
   * Flushes what is still open, then clears the audio output; only the first call does anything.
   * A sink failing here fails the reply when it asks what was heard (as when the reply task
   * cleared the output itself), not the caller that interrupted.
   */
  private clearOnce(): void {
    if (this.cleared) return;
    this.cleared = true;
    this.playedOut();
    try {
      for (const f of this.forwardings) f.end();
      this.outputs.audioOutput?.clearBuffer();
    } catch (err) {
      this.clearError = { err };
    }
  }

  /**
   * The reply step ended without being interrupted: an interruption from now on (while its
   * tools run) must not clear the output, as in the seed.
   */
  playedOut(): void {
    this.disarm?.();
    this.disarm = null;
  }

  /** The transcript forwarded so far. */
  get text(): string {
    return this.transcript?.text ?? '';
  }

  /** The TTS's time to first byte, when it ran and produced audio. */
  get ttsTtfbMs(): number | null {
    return this.tts?.ttfbMs ?? null;
  }

  /** The reply's first frame played (the playback event then describes this reply). */
  get played(): boolean {
    const first = this.audio?.firstFrameFut;
    return first !== undefined && first.done && first.result !== undefined;
  }

  /**
   * After an interruption (the forwarding is cancelled): stops the audio output at once, unless
   * the interruption already did, and returns what was heard: the synchronized transcript at the
   * playback position (`forwarded`, the text the reply had shown, when the output has none), or
   * nothing if it never played.
   */
  async heard(forwarded: string): Promise<HeardSpeech> {
    const { audioOutput } = this.outputs;
    if (!audioOutput) throw new Error('SpeechAudio.heard: the reply has no audio output');
    this.clearOnce();
    if (this.clearError) throw this.clearError.err;
    const playback = await audioOutput.waitForPlayout();
    if (!this.played) return { text: '', positionMs: 0 };
    return {
      text: playback.synchronizedTranscript ?? forwarded,
      positionMs: playback.playbackPositionMs,
    };
  }

  /** Says so when the aligned transcript was chosen but the TTS returned none. */
  warnIfNoAlignedTranscript(): void {
    if (this.readTranscriptFromTts && this.transcript && !this.transcript.text) {
      this.deps.warn(
        'agent_activity',
        'useTtsAlignedTranscript is enabled but no agent transcript was returned from tts',
      );
    }
  }
}

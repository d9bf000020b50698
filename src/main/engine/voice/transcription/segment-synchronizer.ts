/**
 * Synchronizes one text segment with one audio segment (upstream `_SegmentSynchronizerImpl`):
 * words are released to the next text output at the pace the audio is expected to speak them, so
 * on an interruption the transcript holds only what the user could have heard.
 *
 * Pacing follows upstream's fallback path: a word takes `syllables / speed` seconds, with speed
 * STANDARD_SPEECH_RATE × the speed option until both text and audio are complete, then re-estimated
 * as all syllables / all audio duration. Deviations (honest simplifications): upstream's
 * spectral-flux speaking-rate detector and TTS time annotations (TimedString) are not ported, so
 * pauses inside the audio do not hold words back; syllables come from the heuristic hyphenator.
 */
import type { AudioFrame } from '../../audio/frame';
import { frameDurationMs } from '../../audio/frame';
import type { Clock } from '../../base/clock';
import { Channel } from '../../base/channel';
import { AsyncEvent, TaskOwner, type Task } from '../../base/tasks';
import type { WordStream, WordTokenizer } from '../../tokenize/tokenizer';
import type { TextOutput } from '../io';

/** Syllables per second of typical speech (upstream's STANDARD_SPEECH_RATE). */
export const STANDARD_SPEECH_RATE = 3.83;

export interface TextSyncOptions {
  clock: Clock;
  /** Multiplier on the standard speech rate used before the real rate is known. */
  speed: number;
  hyphenateWord: (word: string) => string[];
  /** Must keep whitespace in words (retainFormat) so the released words join back to the text. */
  wordTokenizer: WordTokenizer;
  onWarning: (message: string) => void;
  onError: (what: string, err: unknown) => void;
}

export class SegmentSynchronizer {
  private readonly opts: TextSyncOptions;
  private readonly owner: TaskOwner;
  private readonly wordStream: WordStream;
  private readonly outCh = new Channel<string>();
  private readonly startEvent = new AsyncEvent();
  private readonly outputEnabled = new AsyncEvent();
  private readonly closeCtrl = new AbortController();
  private readonly mainTask: Task<void>;
  private readonly captureTask: Task<void>;

  private pushedText = '';
  private textDone = false;
  private forwardedText = '';
  private forwardedHyphens = 0;
  private pushedDurationMs = 0;
  private audioDone = false;
  private started = false;
  /** Syllables per second. */
  private speed: number;
  private playbackCompleted = false;
  private interrupted = false;

  constructor(
    opts: TextSyncOptions,
    private readonly nextInChain: TextOutput | null,
  ) {
    this.opts = opts;
    this.owner = new TaskOwner((name, err) => opts.onError(name, err));
    this.wordStream = opts.wordTokenizer.stream();
    this.speed = STANDARD_SPEECH_RATE * opts.speed;
    this.outputEnabled.set();
    this.mainTask = this.owner.spawn('transcript_sync_main', async () => {
      try {
        await this.run();
      } finally {
        this.outCh.close();
      }
    });
    this.captureTask = this.owner.spawn('transcript_sync_capture', () => this.forward());
  }

  get closed(): boolean {
    return this.closeCtrl.signal.aborted;
  }

  get audioInputEnded(): boolean {
    return this.audioDone;
  }

  get textInputEnded(): boolean {
    return this.textDone;
  }

  /** What was heard: everything once playback completed, else the words released so far. */
  get synchronizedTranscript(): string {
    return this.playbackCompleted ? this.pushedText : this.forwardedText;
  }

  /** Names of tasks still running (leak checks). */
  pendingWork(): string[] {
    return this.owner.names();
  }

  /** The first audio frame with a duration marks the start of playback (upstream's assumption). */
  pushAudio(frame: AudioFrame): void {
    if (this.closed) return this.opts.onWarning('SegmentSynchronizer.pushAudio called after close');
    const d = frameDurationMs(frame);
    if (!this.started && d > 0) {
      this.started = true;
      this.startEvent.set();
    }
    this.pushedDurationMs += d;
  }

  endAudioInput(): void {
    if (this.closed) return this.opts.onWarning('SegmentSynchronizer.endAudioInput called after close');
    this.audioDone = true;
    this.reestimateSpeed();
  }

  pushText(text: string): void {
    if (this.closed) return this.opts.onWarning('SegmentSynchronizer.pushText called after close');
    this.wordStream.pushText(text);
    this.pushedText += text;
  }

  endTextInput(): void {
    if (this.closed) return this.opts.onWarning('SegmentSynchronizer.endTextInput called after close');
    this.textDone = true;
    this.wordStream.endInput();
    this.reestimateSpeed();
  }

  /** Holds back the next word until resume (a word already being timed still completes). */
  pause(): void {
    if (this.closed) return this.opts.onWarning('SegmentSynchronizer.pause called after close');
    this.outputEnabled.clear();
  }

  resume(): void {
    if (this.closed) return this.opts.onWarning('SegmentSynchronizer.resume called after close');
    this.outputEnabled.set();
  }

  /**
   * Playback of the segment ended. Completed playback releases the whole text (we may be late);
   * an interruption freezes the transcript at the words released so far.
   */
  markPlaybackFinished(_positionMs: number, interrupted: boolean): void {
    if (this.closed)
      return this.opts.onWarning('SegmentSynchronizer.markPlaybackFinished called after close');
    this.interrupted = interrupted;
    if (!this.textDone || !this.audioDone) {
      this.opts.onWarning('SegmentSynchronizer.markPlaybackFinished called before text/audio input is done');
      return;
    }
    if (!interrupted) this.playbackCompleted = true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closeCtrl.abort();
    this.startEvent.set(); // the main task may still wait for a first frame that never comes
    this.outputEnabled.set();
    await this.wordStream.close();
    await Promise.allSettled([this.mainTask.promise, this.captureTask.promise]);
  }

  private reestimateSpeed(): void {
    if (!this.textDone || !this.audioDone) return;
    const hyphens = this.countHyphens(this.pushedText);
    if (this.pushedDurationMs > 0) this.speed = hyphens / (this.pushedDurationMs / 1000);
  }

  private countHyphens(text: string): number {
    let n = 0;
    for (const w of this.opts.wordTokenizer.tokenize(text)) n += this.opts.hyphenateWord(w).length;
    return n;
  }

  private async run(): Promise<void> {
    await this.startEvent.wait();
    if (this.closed && !this.playbackCompleted) return;
    for await (const data of this.wordStream) {
      const word = data.token;
      if (!this.outputEnabled.isSet) {
        await this.outputEnabled.wait();
        if (this.interrupted) return;
      }
      if (this.closed && !this.playbackCompleted) return;
      if (this.playbackCompleted) {
        this.outCh.send(word);
        continue;
      }
      const wordHyphens = this.opts.hyphenateWord(word).length;
      // Upstream subtracts syllables the audio is known to be ahead by (annotations / speaking
      // rate); without those estimators that correction is always zero here.
      const delayMs = this.speed > 0 ? (Math.max(0, wordHyphens) / this.speed) * 1000 : 0;
      await this.sleepIfNotClosed(delayMs / 2);
      this.outCh.send(word);
      await this.sleepIfNotClosed(delayMs / 2);
      this.forwardedHyphens += wordHyphens;
      this.forwardedText += word;
    }
  }

  private async forward(): Promise<void> {
    try {
      for await (const text of this.outCh) {
        if (this.nextInChain) await this.nextInChain.captureText(text);
      }
    } finally {
      this.nextInChain?.flush();
    }
  }

  /** Sleeps on the clock; returns early (without throwing) once the segment is closed. */
  private async sleepIfNotClosed(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return;
    try {
      await this.opts.clock.sleep(ms, this.closeCtrl.signal);
    } catch {
      // closed while sleeping: the caller checks `closed`
    }
  }

  /** Engine-internal (tests): syllables released so far. */
  get forwardedSyllables(): number {
    return this.forwardedHyphens;
  }
}

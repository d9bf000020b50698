/**
 * The transcript synchronizer (upstream voice/transcription/synchronizer.py): a pair of outputs
 * inserted in front of the real audio and text outputs. Audio passes straight through; text is
 * held and released word by word at speaking pace, and every `playback_finished` carries the
 * `synchronizedTranscript` — what was heard — which the activity stores as the assistant message
 * when a reply is interrupted. One segment synchronizer exists per played segment and is rotated
 * (closed and replaced) after each playback_finished.
 */
import type { AudioFrame } from '../../audio/frame';
import { frameDurationMs } from '../../audio/frame';
import type { Clock } from '../../base/clock';
import { TaskOwner, type Task } from '../../base/tasks';
import { BasicWordTokenizer } from '../../tokenize/basic';
import { hyphenateWord as defaultHyphenate } from '../../tokenize/hyphenate';
import type { WordTokenizer } from '../../tokenize/tokenizer';
import { AudioOutput, TextOutput, type PlaybackFinishedEvent } from '../io';
import { SegmentSynchronizer, type TextSyncOptions } from './segment-synchronizer';

/** What `barrier()` returns when no rotation is in flight. */
const SETTLED: Promise<void> = Promise.resolve();

export interface TranscriptSynchronizerInit {
  clock: Clock;
  nextInChainAudio: AudioOutput;
  nextInChainText: TextOutput | null;
  /** Speech speed multiplier used until the real rate is known (default 1). */
  speed?: number;
  hyphenateWord?: (word: string) => string[];
  wordTokenizer?: WordTokenizer;
  /** Upstream logs these; the activity can turn them into `warning` events. */
  onWarning?: (message: string) => void;
  /** Failures of the next text output or of a rotation; the session continues. */
  onError?: (what: string, err: unknown) => void;
}

export class TranscriptSynchronizer {
  readonly audioOutput: SyncedAudioOutput;
  readonly textOutput: SyncedTextOutput;
  private readonly opts: TextSyncOptions;
  private readonly owner: TaskOwner;
  private readonly nextText: TextOutput | null;
  private enabledFlag = true;
  private closedFlag = false;
  /** Kept here so a pause outlives segment rotation. */
  private paused = false;
  private rotateTask: Task<void> | null = null;
  /** Engine-internal: the current segment. */
  impl: SegmentSynchronizer;

  constructor(init: TranscriptSynchronizerInit) {
    const onError = init.onError ?? (() => undefined);
    this.opts = {
      clock: init.clock,
      speed: init.speed ?? 1,
      hyphenateWord: init.hyphenateWord ?? defaultHyphenate,
      wordTokenizer:
        init.wordTokenizer ??
        new BasicWordTokenizer({ retainFormat: true, ignorePunctuation: false, splitCharacter: true }),
      onWarning: init.onWarning ?? (() => undefined),
      onError,
    };
    this.owner = new TaskOwner((name, err) => onError(name, err));
    this.nextText = init.nextInChainText;
    this.textOutput = new SyncedTextOutput(this, init.nextInChainText);
    this.audioOutput = new SyncedAudioOutput(this, init.nextInChainAudio);
    this.impl = new SegmentSynchronizer(this.opts, this.nextText);
  }

  get enabled(): boolean {
    return this.enabledFlag;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Disabled, both outputs pass through untouched (e.g. when one side is detached). */
  setEnabled(enabled: boolean): void {
    if (this.enabledFlag === enabled) return;
    this.enabledFlag = enabled;
    // avoid rotating twice when an interruption already started a rotation
    if (!this.rotateTask || this.rotateTask.done) this.rotateSegment();
  }

  /** Closes the current segment and starts a fresh one, in order after any rotation in flight. */
  rotateSegment(): void {
    if (this.closedFlag) return;
    if (this.rotateTask && !this.rotateTask.done) {
      this.opts.onWarning('rotateSegment called while previous segment is still being rotated');
    }
    const previous = this.rotateTask;
    this.rotateTask = this.owner.spawn('transcript_sync_rotate', async () => {
      if (previous) await previous.promise.catch(() => undefined);
      try {
        await this.impl.close();
      } catch (err) {
        this.opts.onError('segment close during rotation', err);
      }
      // always replace the segment, even if closing failed, so the agent never gets stuck
      this.impl = new SegmentSynchronizer(this.opts, this.nextText);
      if (this.paused) this.impl.pause();
    });
  }

  /**
   * Waits until no rotation is in flight. Every agent audio frame passes here, almost always
   * with no rotation running: then it returns one shared settled promise rather than an async
   * call's fresh one (awaiting either takes the same single turn).
   */
  barrier(): Promise<void> {
    if (!this.rotateTask || this.rotateTask.done) return SETTLED;
    return this.awaitRotations();
  }

  private async awaitRotations(): Promise<void> {
    while (this.rotateTask && !this.rotateTask.done) {
      await this.rotateTask.promise.catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closedFlag = true;
    await this.barrier();
    await this.impl.close();
    this.audioOutput.dispose();
  }

  /** Names of tasks still alive (leak checks); empty after close. */
  pendingWork(): string[] {
    return [...this.owner.names(), ...this.impl.pendingWork()];
  }

  /** Engine-internal: reports an anomaly through the owner's warning hook. */
  warn(message: string): void {
    this.opts.onWarning(message);
  }

  /** Engine-internal: called by the synced audio output. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (this.impl.closed) return;
    if (paused) this.impl.pause();
    else this.impl.resume();
  }
}

export class SyncedAudioOutput extends AudioOutput {
  private pushedDurationMs = 0;
  private readonly next: AudioOutput;

  constructor(
    private readonly synchronizer: TranscriptSynchronizer,
    next: AudioOutput,
  ) {
    super('TranscriptSynchronizer', { pause: true }, next, next.sampleRate);
    this.next = next;
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    // flush() is never called while a capture is pending, so a barrier here is enough
    await this.synchronizer.barrier();
    await this.next.captureFrame(frame);
    await super.captureFrame(frame);
    this.pushedDurationMs += frameDurationMs(frame);
    if (!this.synchronizer.enabled) return;
    if (this.synchronizer.impl.audioInputEnded) {
      this.synchronizer.warn('segment audio already ended in captureFrame, rotating segment');
      this.synchronizer.rotateSegment();
      await this.synchronizer.barrier();
    }
    this.synchronizer.impl.pushAudio(frame);
  }

  override flush(): void {
    super.flush();
    this.next.flush();
    if (!this.synchronizer.enabled) return;
    if (this.pushedDurationMs === 0) {
      // text without audio: nothing will play, start over
      this.synchronizer.rotateSegment();
      return;
    }
    this.synchronizer.impl.endAudioInput();
  }

  clearBuffer(): void {
    this.next.clearBuffer();
  }

  /** The next output reports here (the base class subscribed us); we add what was heard. */
  override onPlaybackFinished(ev: PlaybackFinishedEvent): void {
    if (!this.synchronizer.enabled) {
      super.onPlaybackFinished(ev);
      return;
    }
    const impl = this.synchronizer.impl;
    impl.markPlaybackFinished(ev.playbackPositionMs, ev.interrupted);
    super.onPlaybackFinished({ ...ev, synchronizedTranscript: impl.synchronizedTranscript });
    this.synchronizer.rotateSegment();
    this.pushedDurationMs = 0;
  }

  override pause(): void {
    super.pause();
    this.synchronizer.setPaused(true);
  }

  override resume(): void {
    super.resume();
    this.synchronizer.setPaused(false);
  }
}

export class SyncedTextOutput extends TextOutput {
  private capturing = false;

  constructor(
    private readonly synchronizer: TranscriptSynchronizer,
    next: TextOutput | null,
  ) {
    super('TranscriptSynchronizer', next);
  }

  async captureText(text: string): Promise<void> {
    await this.synchronizer.barrier();
    if (!this.synchronizer.enabled) {
      await this.nextInChain?.captureText(text);
      return;
    }
    this.capturing = true;
    if (this.synchronizer.impl.textInputEnded) {
      this.synchronizer.warn('segment text already ended in captureText, rotating segment');
      this.synchronizer.rotateSegment();
      await this.synchronizer.barrier();
    }
    this.synchronizer.impl.pushText(text);
  }

  flush(): void {
    if (!this.synchronizer.enabled) {
      this.nextInChain?.flush();
      return;
    }
    if (!this.capturing) return;
    this.capturing = false;
    this.synchronizer.impl.endTextInput();
  }
}

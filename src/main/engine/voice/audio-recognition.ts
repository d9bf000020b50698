/**
 * AudioRecognition (upstream `voice/audio_recognition.py`): takes the user's audio, runs VAD and
 * STT over it and decides when the user's turn ends, reporting everything through
 * RecognitionHooks. The VAD, STT and end-of-turn parts live in `audio-recognition-*.ts`; this
 * file owns their lifecycle: the channels, the tasks, the options, manual commit and clear.
 */
import { frameDurationMs, makeFrame, type AudioFrame } from '../audio/frame';
import { Channel } from '../base/channel';
import type { Clock } from '../base/clock';
import { AsyncEvent, cancelAndWait, TaskOwner, type Task } from '../base/tasks';
import { errorText } from '../base/errors';
import type { EventSink } from '../event-bus';
import type { SpeechEvent } from '../stt/stt';
import type { VAD } from '../vad/vad';
import { EndOfTurnRunner } from './audio-recognition-eou';
import {
  callHook,
  RecognitionState,
  waitWithTimeout,
  type RecognitionContext,
  type TurnDetectionName,
} from './audio-recognition-state';
import { runSttTask } from './audio-recognition-stt';
import { runVadTask } from './audio-recognition-vad';
import type { RecognitionHooks, STTNode, TurnDetectionMode } from './recognition-hooks';

export { sttNodeFromStt } from './audio-recognition-stt';

export interface AudioRecognitionInit {
  clock: Clock;
  events: EventSink;
  hooks: RecognitionHooks;
  /** The agent's STT stage; null runs without transcripts. */
  stt: STTNode | null;
  vad: VAD | null;
  /** Already resolved by the activity (null = VAD-based default). */
  turnDetection: TurnDetectionMode | null;
  minEndpointingDelayMs: number;
  maxEndpointingDelayMs: number;
  /** Label for STT metrics. */
  sttLabel?: string;
}

export interface CommitUserTurnOptions {
  /** No live audio reaches recognition (input detached): push silence so the STT flushes. */
  audioDetached: boolean;
  /** Longest wait for a final transcript, ms. */
  transcriptTimeoutMs: number;
  /** Silence pushed to flush the STT when audio is detached, ms. */
  sttFlushDurationMs?: number;
  /** A reply was already triggered (realtime commit): record the turn only. */
  skipReply?: boolean;
}

/** A final transcript older than this counts as stale when committing by hand (upstream 0.5 s). */
const FRESH_FINAL_TRANSCRIPT_MS = 500;
/** Size of the silence frames pushed to flush the STT (upstream 0.2 s). */
const FLUSH_FRAME_MS = 200;

export class AudioRecognition {
  private readonly clock: Clock;
  private readonly events: EventSink;
  private readonly hooks: RecognitionHooks;
  private readonly state: RecognitionState;
  private readonly owner: TaskOwner;
  private readonly closing = new AsyncEvent();
  private readonly eou: EndOfTurnRunner;
  private readonly ctx: RecognitionContext;

  private stt: STTNode | null;
  private vad: VAD | null;
  private sttCh: Channel<AudioFrame> | null = null;
  private vadCh: Channel<AudioFrame> | null = null;
  private sttTask: Task | null = null;
  private vadTask: Task | null = null;
  private commitTask: Task | null = null;
  /** Tasks that stop a replaced STT/VAD task (upstream `_tasks`). */
  private readonly stoppers = new Set<Task>();

  constructor(init: AudioRecognitionInit) {
    this.clock = init.clock;
    this.events = init.events;
    this.hooks = init.hooks;
    this.stt = init.stt;
    this.vad = init.vad;
    this.state = new RecognitionState(init);
    this.owner = new TaskOwner((name, err) => this.reportError(name, err, name.endsWith('end_of_turn')));
    this.eou = new EndOfTurnRunner({
      clock: this.clock,
      events: this.events,
      hooks: this.hooks,
      state: this.state,
      owner: this.owner,
      closing: this.closing,
      hasStt: () => this.stt !== null,
      reportError: (source, err, recoverable) => this.reportError(source, err, recoverable),
    });
    const hasVad = (): boolean => this.vad !== null;
    const hasStt = (): boolean => this.stt !== null;
    const endOfTurnPending = (): boolean => this.eou.pending;
    this.ctx = {
      clock: this.clock,
      events: this.events,
      hooks: this.hooks,
      state: this.state,
      sttLabel: init.sttLabel ?? 'stt',
      get hasVad() {
        return hasVad();
      },
      get hasStt() {
        return hasStt();
      },
      get endOfTurnPending() {
        return endOfTurnPending();
      },
      runEouDetection: (chatCtx, skipReply) => this.eou.run(chatCtx, skipReply),
      cancelEndOfTurn: () => this.eou.cancel(),
      reportError: (source, err, recoverable) => this.reportError(source, err, recoverable),
    };
  }

  /** Whether the VAD (or, in "stt" mode, the STT) currently hears the user. */
  get speaking(): boolean {
    return this.state.speaking;
  }

  /** Transcript for this turn, including the interim transcript if there is one. */
  get currentTranscript(): string {
    const s = this.state;
    return s.audioInterimTranscript ? `${s.audioTranscript} ${s.audioInterimTranscript}` : s.audioTranscript;
  }

  /** The finals of the turn so far (not yet handed over by an end of turn). */
  get audioTranscript(): string {
    return this.state.audioTranscript;
  }

  get interimTranscript(): string {
    return this.state.audioInterimTranscript;
  }

  get turnDetectionMode(): TurnDetectionName | null {
    return this.state.turnDetectionMode;
  }

  get speechStartTime(): number | null {
    return this.state.speechStartTime;
  }

  get lastSpeakingTime(): number | null {
    return this.state.lastSpeakingTime;
  }

  get lastFinalTranscriptTime(): number | null {
    return this.state.lastFinalTranscriptTime;
  }

  /** The user turn ended but its end-of-turn countdown has not finished. */
  get userTurnCommitted(): boolean {
    return this.state.userTurnCommitted;
  }

  /** Names of tasks still alive (empty after close: the session's leak check). */
  pendingWork(): string[] {
    return this.owner.names();
  }

  /** Hot update; leaving or entering "manual" drops a pending end of turn. */
  updateOptions(opts: {
    minEndpointingDelayMs?: number;
    maxEndpointingDelayMs?: number;
    turnDetection?: TurnDetectionMode | null;
  }): void {
    const s = this.state;
    if (opts.minEndpointingDelayMs !== undefined) s.minEndpointingDelayMs = opts.minEndpointingDelayMs;
    if (opts.maxEndpointingDelayMs !== undefined) s.maxEndpointingDelayMs = opts.maxEndpointingDelayMs;
    if (opts.turnDetection === undefined) return;
    const newMode = typeof opts.turnDetection === 'string' ? opts.turnDetection : null;
    if (newMode === s.turnDetectionMode) {
      // Same mode: only the model may change (upstream sets it before comparing modes).
      s.setTurnDetection(opts.turnDetection);
      return;
    }
    const previous = s.setTurnDetection(opts.turnDetection);
    if (s.turnDetectionMode === 'manual' || previous === 'manual') {
      this.eou.discard();
      s.userTurnCommitted = false;
    }
  }

  start(): void {
    this.updateStt(this.stt);
    this.updateVad(this.vad);
  }

  stop(): void {
    this.updateStt(null);
    this.updateVad(null);
  }

  /**
   * Feeds one frame. `skipStt` keeps it from the STT but not the VAD: while an uninterruptible
   * speech plays the user's words are discarded, yet the user's speaking state must stay right.
   */
  pushAudio(frame: AudioFrame, opts: { skipStt?: boolean } = {}): void {
    this.state.sampleRate = frame.sampleRate;
    if (!opts.skipStt) this.sttCh?.trySend(frame);
    this.vadCh?.trySend(frame);
  }

  updateStt(stt: STTNode | null): void {
    this.stt = stt;
    if (stt) {
      const ch = new Channel<AudioFrame>();
      const previous = this.sttTask;
      this.sttCh = ch;
      this.sttTask = this.owner.spawn('audio_recognition.stt', (signal) =>
        runSttTask(this.ctx, stt, ch, previous, signal),
      );
    } else if (this.sttTask) {
      this.stopLater(this.sttTask, 'audio_recognition.stt_stop');
      this.sttTask = null;
      this.sttCh = null;
    }
  }

  updateVad(vad: VAD | null): void {
    this.vad = vad;
    if (vad) {
      const ch = new Channel<AudioFrame>();
      const previous = this.vadTask;
      this.vadCh = ch;
      this.vadTask = this.owner.spawn('audio_recognition.vad', (signal) =>
        runVadTask(this.ctx, this.owner, vad, ch, previous, signal),
      );
    } else if (this.vadTask) {
      this.stopLater(this.vadTask, 'audio_recognition.vad_stop');
      this.vadTask = null;
      this.vadCh = null;
    }
  }

  /** Forgets the turn so far and restarts the STT so its buffered audio cannot leak into the next turn. */
  clearUserTurn(): void {
    const s = this.state;
    s.audioTranscript = '';
    s.audioInterimTranscript = '';
    s.audioPreflightTranscript = '';
    s.finalTranscriptConfidence = [];
    s.userTurnCommitted = false;
    const stt = this.stt;
    this.updateStt(null);
    this.updateStt(stt);
  }

  /** Ends the user's turn now (manual turn detection, push-to-talk): flush the STT, then run end of turn. */
  commitUserTurn(opts: CommitUserTurnOptions): void {
    if (!this.stt || this.closing.isSet) return;
    this.commitTask?.cancel('commit_user_turn: superseded');
    this.commitTask = this.owner.spawn('audio_recognition.commit_user_turn', (signal) =>
      this.commitTurn(opts, signal),
    );
  }

  private async commitTurn(opts: CommitUserTurnOptions, signal: AbortSignal): Promise<void> {
    const s = this.state;
    // Like asyncio.create_task, the commit starts after the caller returns.
    await Promise.resolve();
    signal.throwIfAborted();
    const sinceFinal =
      s.lastFinalTranscriptTime === null ? Infinity : this.clock.now() - s.lastFinalTranscriptTime;
    if (sinceFinal > FRESH_FINAL_TRANSCRIPT_MS) {
      s.finalTranscriptReceived.clear();
      if (opts.audioDetached && s.sampleRate) {
        const samples = Math.floor((s.sampleRate * FLUSH_FRAME_MS) / 1000);
        const silence = makeFrame(new Int16Array(samples), s.sampleRate, 1);
        const count = Math.max(0, Math.ceil((opts.sttFlushDurationMs ?? 2000) / frameDurationMs(silence)));
        for (let i = 0; i < count; i++) this.pushAudio(silence);
      }
      const received = await waitWithTimeout(
        this.clock,
        opts.transcriptTimeoutMs,
        (sig) => s.finalTranscriptReceived.wait(sig),
        signal,
      );
      if (!received && s.audioInterimTranscript) {
        this.events.emit({
          type: 'warning',
          source: 'audio_recognition',
          message: `final transcript not received after ${opts.transcriptTimeoutMs} ms; using the interim transcript`,
        });
      }
    }
    if (s.audioInterimTranscript) {
      // Shown as final so the UI sees what the turn was committed with.
      const ev: SpeechEvent = {
        type: 'final_transcript',
        requestId: '',
        alternatives: [
          { text: s.audioInterimTranscript, language: '', startTimeMs: 0, endTimeMs: 0, confidence: 0 },
        ],
      };
      callHook(this.ctx, 'onFinalTranscript', () => this.hooks.onFinalTranscript(ev));
      s.audioTranscript = `${s.audioTranscript} ${s.audioInterimTranscript}`.trim();
    }
    s.audioInterimTranscript = '';
    this.eou.run(this.hooks.retrieveChatCtx(), opts.skipReply ?? false);
    s.userTurnCommitted = true;
  }

  /**
   * Stops everything. A commit in progress finishes first and a pending end of turn fires at
   * once (upstream behaviour: the user's last words still reach the activity).
   */
  async aclose(): Promise<void> {
    this.closing.set();
    if (this.commitTask) await this.commitTask.promise.catch(() => undefined);
    await cancelAndWait([...this.stoppers], this.clock);
    if (this.sttTask) await cancelAndWait([this.sttTask], this.clock);
    if (this.vadTask) await cancelAndWait([this.vadTask], this.clock);
    this.sttCh = null;
    this.vadCh = null;
    await this.eou.wait();
    await this.owner.close(this.clock);
  }

  /** Alias of aclose, the name the rest of the engine uses. */
  close(): Promise<void> {
    return this.aclose();
  }

  private stopLater(task: Task, name: string): void {
    const stopper = this.owner.spawn(name, () => cancelAndWait([task], this.clock));
    this.stoppers.add(stopper);
    const forget = (): void => {
      this.stoppers.delete(stopper);
    };
    stopper.promise.then(forget, forget);
  }

  private reportError(source: string, err: unknown, recoverable = true): void {
    this.events.emit({ type: 'error', source, message: errorText(err), recoverable });
  }
}

/**
 * Audio and text I/O contracts of the session (mirror of livekit.agents.voice.io). Sinks
 * (speakers, a LiveKit room, the scenario fake) subclass AudioOutput and report playback; the
 * base class counts playback segments so `waitForPlayout` knows when everything pushed has played.
 */
import type { AudioFrame } from '../audio/frame';
import { Emitter } from '../base/emitter';

/** What a capture that never waits returns (see AudioOutput.captureFrame). */
const SETTLED: Promise<void> = Promise.resolve();

export interface PlaybackFinishedEvent {
  /** How much of the segment was played, ms. */
  playbackPositionMs: number;
  /** True when clearBuffer() cut the segment short. */
  interrupted: boolean;
  /** Transcript synchronized with playback (partial if interrupted); null when not synchronized. */
  synchronizedTranscript: string | null;
}

export interface PlaybackStartedEvent {
  /** Clock time at which playback started, ms. */
  createdAt: number;
}

export type AudioOutputEvents = {
  playback_started: PlaybackStartedEvent;
  playback_finished: PlaybackFinishedEvent;
};

export abstract class AudioOutput extends Emitter<AudioOutputEvents> {
  private capturing = false;
  private segmentsCount = 0;
  private finishedCount = 0;
  private lastFinished: PlaybackFinishedEvent = {
    playbackPositionMs: 0,
    interrupted: false,
    synchronizedTranscript: null,
  };
  private waiters: Array<() => void> = [];
  private readonly unlinkNext: Array<() => void> = [];

  constructor(
    readonly label: string,
    private readonly capabilities: { pause: boolean },
    readonly nextInChain: AudioOutput | null = null,
    /** Sample rate the sink requires; null accepts any. */
    readonly sampleRate: number | null = null,
  ) {
    super();
    if (nextInChain) {
      this.unlinkNext.push(
        nextInChain.on('playback_finished', (ev) => this.onPlaybackFinished(ev)),
        nextInChain.on('playback_started', (ev) => this.onPlaybackStarted(ev)),
      );
    }
  }

  get canPause(): boolean {
    return this.capabilities.pause && (!this.nextInChain || this.nextInChain.canPause);
  }

  /** Sinks call this when the first frame of a segment starts playing. */
  onPlaybackStarted(ev: PlaybackStartedEvent): void {
    this.emit('playback_started', ev);
  }

  /** Sinks call this when a segment (delimited by flush() or clearBuffer()) finished playing. */
  onPlaybackFinished(ev: PlaybackFinishedEvent): void {
    if (this.finishedCount >= this.segmentsCount) return; // more finishes than segments: ignore
    this.finishedCount += 1;
    this.lastFinished = ev;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    this.emit('playback_finished', ev);
  }

  /** Resolves when every segment captured so far finished; returns the last finish event. */
  async waitForPlayout(): Promise<PlaybackFinishedEvent> {
    const target = this.segmentsCount;
    while (this.finishedCount < target) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.lastFinished;
  }

  /**
   * Subclasses call super.captureFrame(frame) first: it opens a playback segment. Not `async`:
   * it never waits, and every agent audio frame passes here twice (the synchronized output and
   * the sink), so it returns one shared settled promise instead of building one per call —
   * awaiting either takes the same single turn.
   */
  captureFrame(_frame: AudioFrame): Promise<void> {
    if (!this.capturing) {
      this.capturing = true;
      this.segmentsCount += 1;
    }
    return SETTLED;
  }

  /** Marks the current segment complete; subclasses call super.flush(). */
  flush(): void {
    this.capturing = false;
  }

  /** Stops playback at once; the sink reports the segment finished with interrupted = true. */
  abstract clearBuffer(): void;

  pause(): void {
    this.nextInChain?.pause();
  }

  resume(): void {
    this.nextInChain?.resume();
  }

  /** Detaches from the next sink in the chain and drops listeners. */
  dispose(): void {
    for (const u of this.unlinkNext.splice(0)) u();
    this.removeAllListeners();
  }
}

export abstract class TextOutput {
  constructor(
    readonly label: string,
    readonly nextInChain: TextOutput | null = null,
  ) {}
  /** Receives text of the agent's reply as it is generated (or synchronized with playback). */
  abstract captureText(text: string): Promise<void>;
  /** Marks the current text segment complete. */
  abstract flush(): void;
}

/** Audio coming from the user: microphone, room, WAV file or the scenario harness. */
export interface AudioInput extends AsyncIterable<AudioFrame> {
  readonly label: string;
}

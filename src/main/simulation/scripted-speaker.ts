/**
 * Simulated speakers (format §4.5): plays captured audio in virtual real time. The first frame of
 * a segment starts playback; a flushed segment finishes when the played position reaches what was
 * pushed; clearBuffer() cuts it short with the position played so far. With canPause, pause()
 * holds the position and resume() continues — a segment paused before its first frame starts
 * playing at the resume. The pacing is the engine's PacedPlayback; this class records what the
 * scenario expectations check.
 */
import { type Clock, instantOf, PacedPlayback, type PacedSegment } from '../engine';

export interface PlaybackRecord {
  /** Clock instant of the finish. */
  t: number;
  positionMs: number;
  interrupted: boolean;
}

export class ScriptedSpeaker extends PacedPlayback {
  readonly playbackFinished: PlaybackRecord[] = [];
  readonly playbackStarted: number[] = [];

  constructor(clock: Clock, opts: { canPause: boolean }) {
    super(clock, 'scenario.FakeAudioOutput', opts.canPause);
  }

  protected newSegment(): PacedSegment {
    return { pushedMs: 0, flushed: false, started: false };
  }

  protected override willStart(_seg: PacedSegment, atMs: number): void {
    this.playbackStarted.push(atMs);
  }

  protected override willFinish(
    _seg: PacedSegment | undefined,
    positionMs: number,
    interrupted: boolean,
  ): void {
    this.playbackFinished.push({ t: instantOf(this.clock), positionMs, interrupted });
  }
}

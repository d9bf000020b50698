/**
 * Scripted VAD (format §4.1): ignores the audio and reports the simulated user's speeches on the
 * clock. A stream that missed a speech's START_OF_SPEECH (created mid-speech, after a handoff)
 * skips the rest of that speech: a real VAD that never saw speech start cannot report its end.
 */
import type { AudioFrame } from '../engine/audio/frame';
import type { Clock } from '../engine/base/clock';
import { Channel } from '../engine/base/channel';
import type { VAD, VADEvent, VADStream } from '../engine/vad/vad';
import type { PlannedVadEvent, SimulatedUser } from './simulated-user';

export class FakeVAD implements VAD {
  readonly label = 'scenario.FakeVAD';
  readonly activationThreshold = 0.5;
  private count = 0;
  /** Audio frames the engine pushed into every stream of this provider (proves the audio path runs). */
  framesPushed = 0;

  constructor(
    private readonly clock: Clock,
    private readonly user: SimulatedUser,
  ) {}

  stream(): VADStream {
    this.count += 1;
    return new FakeVADStream(
      this.clock,
      this.user,
      `fake vad stream #${this.count}`,
      () => void (this.framesPushed += 1),
    );
  }
}

class FakeVADStream implements VADStream {
  private readonly channel = new Channel<VADEvent>();
  private readonly started = new Set<number>();
  private readonly unsubscribe: () => void;
  constructor(
    private readonly clock: Clock,
    user: SimulatedUser,
    name: string,
    private readonly countFrame: () => void,
  ) {
    this.unsubscribe = user.onVad(name, (ev) => this.deliver(ev));
  }

  private deliver(ev: PlannedVadEvent): void {
    if (ev.type === 'start_of_speech') this.started.add(ev.speechIndex);
    else if (!this.started.has(ev.speechIndex)) return;
    this.channel.trySend({
      type: ev.type,
      timestamp: this.clock.now(),
      samplesIndex: 0,
      speechDurationMs: ev.speechDurationMs,
      silenceDurationMs: ev.silenceDurationMs,
      probability: ev.probability,
      inferenceDurationMs: 0,
      // As the peer's fake: never "speaking", so the user-silence gate opens on every tick.
      speaking: false,
      rawAccumulatedSilenceMs: ev.rawAccumulatedSilenceMs,
      rawAccumulatedSpeechMs: ev.rawAccumulatedSpeechMs,
      frames: [],
    });
  }

  pushFrame(_frame: AudioFrame): void {
    this.countFrame();
  }

  flush(): void {}

  /** No more audio means nothing more to detect: the event stream ends. */
  endInput(): void {
    this.finish();
  }

  async close(): Promise<void> {
    this.finish();
  }

  private finish(): void {
    this.unsubscribe();
    this.channel.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<VADEvent> {
    return this.channel[Symbol.asyncIterator]();
  }
}

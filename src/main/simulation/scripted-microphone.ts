/**
 * The simulated microphone: silent frames on the clock from t = 0, so the engine's audio path
 * (forwarding to VAD and STT) runs as it would live while the scripted VAD and STT decide what is heard.
 *
 * Every frame is the same silence, so one frame object is built once and pushed again each time
 * (as the engine's own end-of-turn flush does): the consumers only count frames, none writes into
 * one. The frame length is the caller's: the studio plays 10 ms frames live; the headless runner
 * uses long ones (scenario-runner.ts), since with the scripted VAD and STT only its cost depends on it.
 */
import {
  type AudioFrame,
  type AudioInput,
  Channel,
  type Clock,
  silenceFrame,
  type TimerHandle,
} from '../engine';

export class ScriptedMicrophone implements AudioInput {
  readonly label = 'scenario.FakeAudioInput';
  private readonly channel = new Channel<AudioFrame>();
  private readonly silence: AudioFrame;
  private timer: TimerHandle | null = null;
  private stopped = false;
  framesSent = 0;

  constructor(
    private readonly clock: Clock,
    readonly frameMs = 10,
    readonly sampleRate = 16000,
  ) {
    if (!(frameMs > 0) || !Number.isFinite(frameMs))
      throw new Error(`ScriptedMicrophone: frameMs must be a positive number of ms, got ${frameMs}`);
    this.silence = silenceFrame(frameMs, sampleRate);
  }

  /** Pushes the first frame now (t = 0) and one every frameMs after. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.tick();
  }

  private readonly tick = (): void => {
    if (this.stopped) return;
    this.channel.trySend(this.silence);
    this.framesSent += 1;
    this.timer = this.clock.setTimer(this.tick, this.frameMs);
  };

  /** Ends the input: no timer left, the engine's reader sees the end of the stream. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.channel.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<AudioFrame> {
    return this.channel[Symbol.asyncIterator]();
  }
}

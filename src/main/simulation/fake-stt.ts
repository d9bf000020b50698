/**
 * Scripted streaming STT (format §4.2): interim and final transcripts of the simulated user's
 * speeches, on the clock, whatever audio arrives. It reports no usage, so no STT metrics.
 */
import type { AudioFrame } from '../engine/audio/frame';
import { Channel } from '../engine/base/channel';
import type { SpeechEvent, STT, STTCapabilities, STTStream } from '../engine/stt/stt';
import type { PlannedTranscript, SimulatedUser } from './simulated-user';

export class FakeSTT implements STT {
  readonly label = 'scenario.FakeSTT';
  readonly capabilities: STTCapabilities = { streaming: true, interimResults: true };
  private count = 0;
  /** Audio frames the engine pushed into every stream of this provider (proves the audio path runs). */
  framesPushed = 0;

  constructor(private readonly user: SimulatedUser) {}

  stream(_options?: { language?: string }): STTStream {
    this.count += 1;
    return new FakeSTTStream(
      this.user,
      `fake stt stream #${this.count}`,
      `stt_${this.count}`,
      () => void (this.framesPushed += 1),
    );
  }
}

class FakeSTTStream implements STTStream {
  private readonly channel = new Channel<SpeechEvent>();
  private readonly unsubscribe: () => void;

  constructor(
    user: SimulatedUser,
    name: string,
    private readonly requestId: string,
    private readonly countFrame: () => void,
  ) {
    this.unsubscribe = user.onTranscript(name, (ev) => this.deliver(ev));
  }

  private deliver(ev: PlannedTranscript): void {
    this.channel.trySend({
      type: ev.isFinal ? 'final_transcript' : 'interim_transcript',
      requestId: this.requestId,
      alternatives: [
        {
          text: ev.text,
          language: null,
          startTimeMs: ev.startMs,
          endTimeMs: ev.endMs,
          confidence: 1,
          speakerId: null,
        },
      ],
    });
  }

  pushFrame(_frame: AudioFrame): void {
    this.countFrame();
  }

  flush(): void {}

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

  [Symbol.asyncIterator](): AsyncIterator<SpeechEvent> {
    return this.channel[Symbol.asyncIterator]();
  }
}

/**
 * A tiny energy-threshold VAD for provider tests: speech is any frame whose mean absolute
 * sample is above a threshold, and speech ends after `silenceMs` of quiet frames. It is
 * deterministic on synthetic audio (tone vs. zeros), which the Silero model is not meant to be.
 */
import { frameDurationMs, type AudioFrame } from '../../engine/audio/frame';
import type { Clock } from '../../engine/base/clock';
import { Channel } from '../../engine/base/channel';
import type { VAD, VADEvent, VADEventType, VADStream } from '../../engine/vad/vad';

export class EnergyVAD implements VAD {
  readonly label = 'test.EnergyVAD';
  streams = 0;

  constructor(
    private readonly clock: Clock,
    private readonly opts: { threshold?: number; silenceMs?: number } = {},
  ) {}

  stream(): VADStream {
    this.streams += 1;
    return new EnergyVADStream(this.clock, this.opts.threshold ?? 100, this.opts.silenceMs ?? 100);
  }
}

class EnergyVADStream implements VADStream {
  private readonly ch = new Channel<VADEvent>();
  private speaking = false;
  private frames: AudioFrame[] = [];
  private speechMs = 0;
  private silenceMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly threshold: number,
    private readonly endSilenceMs: number,
  ) {}

  pushFrame(frame: AudioFrame): void {
    if (this.ch.closed) return;
    const loud = meanAbs(frame) > this.threshold;
    const ms = frameDurationMs(frame);
    if (!this.speaking) {
      if (!loud) return;
      this.speaking = true;
      this.frames = [];
      this.speechMs = 0;
      this.silenceMs = 0;
      this.emit('start_of_speech');
    }
    this.frames.push(frame);
    if (loud) {
      this.speechMs += ms;
      this.silenceMs = 0;
    } else {
      this.silenceMs += ms;
      if (this.silenceMs >= this.endSilenceMs) this.end();
    }
  }

  flush(): void {}

  endInput(): void {
    if (this.speaking) this.end();
    this.ch.close();
  }

  async close(): Promise<void> {
    this.ch.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<VADEvent> {
    return this.ch[Symbol.asyncIterator]();
  }

  private end(): void {
    this.speaking = false;
    this.emit('end_of_speech', this.frames);
    this.frames = [];
  }

  private emit(type: VADEventType, frames: AudioFrame[] = []): void {
    this.ch.trySend({
      type,
      timestamp: this.clock.now(),
      samplesIndex: 0,
      speechDurationMs: this.speechMs,
      silenceDurationMs: this.silenceMs,
      probability: type === 'end_of_speech' ? 0 : 1,
      inferenceDurationMs: 0,
      speaking: type === 'start_of_speech',
      rawAccumulatedSilenceMs: this.silenceMs,
      rawAccumulatedSpeechMs: this.speechMs,
      frames,
    });
  }
}

function meanAbs(f: AudioFrame): number {
  let s = 0;
  for (let i = 0; i < f.data.length; i++) s += Math.abs(f.data[i]);
  return f.data.length > 0 ? s / f.data.length : 0;
}

/** `ms` of 16 kHz audio as 20 ms frames: a loud tone or silence. */
export function testFrames(ms: number, loud: boolean, sampleRate = 16000): AudioFrame[] {
  const per = (sampleRate * 20) / 1000;
  const frames: AudioFrame[] = [];
  for (let done = 0; done < ms; done += 20) {
    const data = new Int16Array(per);
    if (loud)
      for (let i = 0; i < per; i++)
        data[i] = Math.round(6000 * Math.sin((2 * Math.PI * 300 * i) / sampleRate));
    frames.push({ data, sampleRate, channels: 1, samplesPerChannel: per });
  }
  return frames;
}

/**
 * The scripted VAD and STT: they never analyse audio (they keep or count the frames they are fed)
 * and emit what their feed says — a timed script on the clock (unit tests), a simulated user's
 * planned events (scenario files), or an oracle told what the simulated caller says (the studio's
 * `simulated` STT). Each stream attaches to the feed on creation and detaches when it ends.
 */
import type { Clock } from '../../base/clock';
import type { SpeechEvent, STT, STTCapabilities, STTStream } from '../../stt/stt';
import type { VAD, VADEvent, VADStream } from '../../vad/vad';
import { ScriptedInputStream, type StreamFeed } from './stream';

export interface ScriptedRecognizerInit<T> {
  clock: Clock;
  feed: StreamFeed<T>;
  label?: string;
  /** endInput() ends the event stream (the scenario and studio fakes); else only close() does. */
  endsOnInputEnd?: boolean;
  /** Keep every pushed frame on the stream (unit tests read them); else only count them. */
  keepFrames?: boolean;
  /** Stream names are `${streamName} #n` and request ids `${idPrefix}n`. */
  streamName?: string;
  idPrefix?: string;
}

/** What the VAD and the STT share: streams on one feed, frame counting and the leak check. */
class ScriptedRecognizer<T> {
  readonly streams: ScriptedInputStream<T>[] = [];
  /** Audio frames the engine pushed into every stream (proves the audio path runs). */
  framesPushed = 0;
  private readonly open = new Set<ScriptedInputStream<T>>();
  private count = 0;

  constructor(private readonly init: ScriptedRecognizerInit<T>) {}

  protected openStream(language: string | null = null): ScriptedInputStream<T> {
    const n = this.count + 1;
    const stream = new ScriptedInputStream<T>({
      clock: this.init.clock,
      requestId: `${this.init.idPrefix ?? 'req_'}${n}`,
      name: `${this.init.streamName ?? 'scripted stream'} #${n}`,
      feed: this.init.feed,
      endsOnInputEnd: this.init.endsOnInputEnd ?? true,
      keepFrames: this.init.keepFrames,
      language,
      onFrame: () => void (this.framesPushed += 1),
      onFinished: (s) => this.open.delete(s as ScriptedInputStream<T>),
    });
    // Unit tests read every stream; elsewhere (scenarios, the studio) ended streams are let go.
    if (this.init.keepFrames) this.streams.push(stream);
    this.count += 1;
    if (!stream.finished) this.open.add(stream);
    return stream;
  }

  /** Streams not yet ended (a closed session must have ended them all). */
  openStreams(): string[] {
    return [...this.open].map((s) => s.name);
  }
}

export class ScriptedVAD extends ScriptedRecognizer<VADEvent> implements VAD {
  readonly label: string;
  readonly activationThreshold = 0.5;
  declare readonly streams: Array<ScriptedInputStream<VADEvent> & VADStream>;

  constructor(init: ScriptedRecognizerInit<VADEvent>) {
    super({ streamName: 'scripted vad stream', ...init });
    this.label = init.label ?? 'scripted.VAD';
  }

  stream(): VADStream {
    return this.openStream();
  }
}

export class ScriptedSTT extends ScriptedRecognizer<SpeechEvent> implements STT {
  readonly label: string;
  readonly capabilities: STTCapabilities;
  declare readonly streams: Array<ScriptedInputStream<SpeechEvent> & STTStream>;

  constructor(init: ScriptedRecognizerInit<SpeechEvent> & { interimResults?: boolean }) {
    super({ streamName: 'scripted stt stream', ...init });
    this.label = init.label ?? 'scripted.STT';
    this.capabilities = { streaming: true, interimResults: init.interimResults ?? true };
  }

  stream(options?: { language?: string }): STTStream {
    return this.openStream(options?.language ?? null);
  }
}

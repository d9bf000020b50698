/**
 * Test-only scripted VAD and STT: each stream delivers its scripted events on the clock at fixed
 * times (scenario-format §4.1/§4.2 rules available as builders), counts the audio it is fed and
 * records that it was closed, so tests can check gating and cleanup. Imported only by tests.
 */
import type { AudioFrame } from '../audio/frame';
import { Channel } from '../base/channel';
import type { Clock, TimerHandle } from '../base/clock';
import { EventBus } from '../events';
import { ChatContext } from '../llm/chat-context';
import type { EngineEvent, EngineEventOf } from '../../../shared/engine-events';
import type { SpeechEvent, STT, STTStream } from '../stt/stt';
import type { VAD, VADEvent, VADStream } from '../vad/vad';
import { VirtualClock } from '../base/virtual-clock';
import { AudioRecognition, sttNodeFromStt } from './audio-recognition';
import type {
  EndOfTurnInfo,
  PreemptiveGenerationInfo,
  RecognitionHooks,
  TurnDetectionMode,
} from './recognition-hooks';

export interface Scripted<T> {
  atMs: number;
  value: T;
}

/** A provider stream whose events are a script on the clock; it stays open until closed. */
class ScriptedStream<T> implements AsyncIterable<T> {
  readonly frames: AudioFrame[] = [];
  closed = false;
  inputEnded = false;
  private readonly ch = new Channel<T>();
  private readonly timers: TimerHandle[] = [];

  constructor(
    clock: Clock & { instantMs?: number },
    script: Scripted<T>[],
    fail?: { atMs: number; error: Error },
  ) {
    const now = clock.instantMs ?? clock.now();
    for (const item of script) {
      // A stream created later never replays what is already past (scenario-format §4.0).
      if (item.atMs < now) continue;
      this.timers.push(clock.setTimer(() => this.ch.trySend(item.value), item.atMs - now));
    }
    if (fail && fail.atMs >= now)
      this.timers.push(clock.setTimer(() => this.ch.close(fail.error), fail.atMs - now));
  }

  pushFrame(frame: AudioFrame): void {
    if (this.inputEnded) throw new Error('pushFrame after endInput');
    this.frames.push(frame);
  }

  flush(): void {}

  endInput(): void {
    this.inputEnded = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.ch.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.ch.next() };
  }
}

export class ScriptedVad implements VAD {
  readonly label = 'scripted-vad';
  readonly streams: Array<ScriptedStream<VADEvent> & VADStream> = [];
  constructor(
    private readonly clock: Clock,
    private readonly script: Scripted<VADEvent>[],
    private readonly fail?: { atMs: number; error: Error },
  ) {}

  stream(): VADStream {
    const s = new ScriptedStream(this.clock, this.script, this.fail) as ScriptedStream<VADEvent> & VADStream;
    this.streams.push(s);
    return s;
  }
}

export class ScriptedStt implements STT {
  readonly label = 'scripted-stt';
  readonly capabilities = { streaming: true, interimResults: true };
  readonly streams: Array<ScriptedStream<SpeechEvent> & STTStream> = [];
  constructor(
    private readonly clock: Clock,
    private readonly script: Scripted<SpeechEvent>[],
    private readonly fail?: { atMs: number; error: Error },
  ) {}

  stream(): STTStream {
    const s = new ScriptedStream(this.clock, this.script, this.fail) as ScriptedStream<SpeechEvent> &
      STTStream;
    this.streams.push(s);
    return s;
  }
}

export interface UserSpeech {
  startMs: number;
  endMs: number;
  transcript?: string;
  sttDelayMs?: number;
  final?: boolean;
  confidence?: number;
  language?: string | null;
}

function vadEvent(type: VADEvent['type'], timestamp: number, f: Partial<VADEvent>): VADEvent {
  return {
    type,
    timestamp,
    samplesIndex: 0,
    speechDurationMs: 0,
    silenceDurationMs: 0,
    probability: 0,
    inferenceDurationMs: 0,
    speaking: false,
    rawAccumulatedSilenceMs: 0,
    rawAccumulatedSpeechMs: 0,
    frames: [],
    ...f,
  };
}

/** The harness's fake VAD timeline (scenario-format §4.1). */
export function scenarioVadScript(speeches: UserSpeech[]): Scripted<VADEvent>[] {
  const out: Scripted<VADEvent>[] = [];
  for (const { startMs: s, endMs: e } of speeches) {
    out.push({
      atMs: s + 50,
      value: vadEvent('start_of_speech', s + 50, { speechDurationMs: 50, probability: 1, speaking: true }),
    });
    let now = s + 50;
    while (now < e + 500 - 100) {
      now += 50;
      const speech = now <= e;
      out.push({
        atMs: now,
        value: vadEvent('inference_done', now, {
          speechDurationMs: Math.min(now, e) - s,
          silenceDurationMs: Math.max(0, now - e),
          rawAccumulatedSpeechMs: speech ? now - s : 0,
          rawAccumulatedSilenceMs: speech ? 0 : now - e,
          probability: speech ? 1 : 0,
          speaking: false,
        }),
      });
    }
    out.push({
      atMs: e + 500,
      value: vadEvent('end_of_speech', e + 500, { speechDurationMs: e - s, silenceDurationMs: 500 }),
    });
  }
  return out;
}

export function speechEvent(
  type: SpeechEvent['type'],
  text = '',
  f: { confidence?: number; language?: string | null; audioDurationMs?: number } = {},
): SpeechEvent {
  return {
    type,
    requestId: 'req_1',
    alternatives:
      text || type.endsWith('transcript')
        ? [
            {
              text,
              language: f.language ?? 'en',
              startTimeMs: 0,
              endTimeMs: 0,
              confidence: f.confidence ?? 1,
            },
          ]
        : [],
    ...(f.audioDurationMs !== undefined ? { audioDurationMs: f.audioDurationMs } : {}),
  };
}

/** The harness's fake STT timeline (scenario-format §4.2). */
export function scenarioSttScript(speeches: UserSpeech[]): Scripted<SpeechEvent>[] {
  const out: Scripted<SpeechEvent>[] = [];
  for (const sp of speeches) {
    if (!sp.transcript) continue;
    const d = sp.sttDelayMs ?? 200;
    const f = { confidence: sp.confidence, language: sp.language };
    const interim = sp.transcript.split(/\s+/).slice(0, 2).join(' ');
    out.push({ atMs: sp.endMs + d / 2, value: speechEvent('interim_transcript', interim, f) });
    if (sp.final ?? true)
      out.push({ atMs: sp.endMs + d, value: speechEvent('final_transcript', sp.transcript, f) });
  }
  return out;
}

export interface HookCall {
  t: number;
  name: keyof RecognitionHooks;
  arg?: unknown;
  speaking?: boolean | null;
}

/** Records every hook call with its time; end of turn answers `endOfTurnResult`. */
export class RecordingHooks implements RecognitionHooks {
  readonly calls: HookCall[] = [];
  endOfTurnResult: boolean | ((info: EndOfTurnInfo) => boolean) = true;
  chatCtx = ChatContext.empty();
  throwIn: keyof RecognitionHooks | null = null;

  constructor(private readonly clock: Clock) {}

  private rec(name: keyof RecognitionHooks, arg?: unknown, speaking?: boolean | null): void {
    this.calls.push({ t: this.clock.now(), name, arg, ...(speaking !== undefined ? { speaking } : {}) });
    if (this.throwIn === name) throw new Error(`hook ${name} failed`);
  }

  onStartOfSpeech(ev: VADEvent | null): void {
    this.rec('onStartOfSpeech', ev);
  }
  onVadInferenceDone(ev: VADEvent): void {
    this.rec('onVadInferenceDone', ev);
  }
  onEndOfSpeech(ev: VADEvent | null): void {
    this.rec('onEndOfSpeech', ev);
  }
  onInterimTranscript(ev: SpeechEvent, opts: { speaking: boolean | null }): void {
    this.rec('onInterimTranscript', ev, opts.speaking);
  }
  onFinalTranscript(ev: SpeechEvent, opts?: { speaking?: boolean | null }): void {
    this.rec('onFinalTranscript', ev, opts?.speaking);
  }
  onEndOfTurn(info: EndOfTurnInfo): boolean {
    this.rec('onEndOfTurn', info);
    return typeof this.endOfTurnResult === 'function' ? this.endOfTurnResult(info) : this.endOfTurnResult;
  }
  onPreemptiveGeneration(info: PreemptiveGenerationInfo): void {
    this.rec('onPreemptiveGeneration', info);
  }
  retrieveChatCtx(): ChatContext {
    return this.chatCtx;
  }

  named(name: keyof RecognitionHooks): HookCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  endOfTurns(): Array<{ t: number; info: EndOfTurnInfo }> {
    return this.named('onEndOfTurn').map((c) => ({ t: c.t, info: c.arg as EndOfTurnInfo }));
  }
}

/** An event bus that keeps what it saw. */
export function recordingBus(clock: Clock): { bus: EventBus; events: EngineEvent[] } {
  const bus = new EventBus(clock);
  const events: EngineEvent[] = [];
  bus.subscribe((ev) => events.push(ev));
  return { bus, events };
}

export interface RigOptions {
  speeches?: UserSpeech[];
  vad?: boolean;
  stt?: boolean;
  /** Events added to the STT script (start/end of speech, usage, preflight...). */
  sttExtra?: Scripted<SpeechEvent>[];
  sttFail?: { atMs: number; error: Error };
  turnDetection?: TurnDetectionMode | null;
  minEndpointingDelayMs?: number;
  maxEndpointingDelayMs?: number;
}

export interface Rig {
  clock: VirtualClock;
  bus: EventBus;
  events: EngineEvent[];
  hooks: RecordingHooks;
  vad: ScriptedVad | null;
  stt: ScriptedStt | null;
  rec: AudioRecognition;
  ofType<T extends EngineEvent['type']>(type: T): Array<EngineEventOf<T>>;
}

/** One AudioRecognition on a VirtualClock with scripted providers, started at t = 0. */
export function makeRig(o: RigOptions = {}): Rig {
  const clock = new VirtualClock();
  const { bus, events } = recordingBus(clock);
  const hooks = new RecordingHooks(clock);
  const speeches = o.speeches ?? [];
  const vad = o.vad === false ? null : new ScriptedVad(clock, scenarioVadScript(speeches));
  const sttScript = [...scenarioSttScript(speeches), ...(o.sttExtra ?? [])].sort((a, b) => a.atMs - b.atMs);
  const stt = o.stt === false ? null : new ScriptedStt(clock, sttScript, o.sttFail);
  const rec = new AudioRecognition({
    clock,
    events: bus,
    hooks,
    stt: stt ? sttNodeFromStt(stt) : null,
    vad,
    turnDetection: o.turnDetection ?? null,
    minEndpointingDelayMs: o.minEndpointingDelayMs ?? 500,
    maxEndpointingDelayMs: o.maxEndpointingDelayMs ?? 6000,
    sttLabel: 'scripted-stt',
  });
  rec.start();
  const ofType = <T extends EngineEvent['type']>(type: T): Array<EngineEventOf<T>> =>
    events.filter((e): e is EngineEventOf<T> => e.type === type);
  return { clock, bus, events, hooks, vad, stt, rec, ofType };
}

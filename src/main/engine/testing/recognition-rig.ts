/**
 * Test support for audio recognition: the scripted VAD and STT on a timed script (scenario-format
 * §4.1/§4.2 timelines available as builders), hooks that record every call, and a rig running one
 * AudioRecognition on a VirtualClock. The streams keep the audio they are fed and record that they
 * were closed, so tests can check gating and cleanup. Imported only by tests.
 */
import type { Clock } from '../base/clock';
import { EventBus } from '../event-bus';
import { ChatContext } from '../llm/chat-context';
import type { EngineEvent, EngineEventOf } from '../../../shared/engine-events';
import type { SpeechEvent } from '../stt/stt';
import type { VADEvent } from '../vad/vad';
import { VirtualClock } from '../base/virtual-clock';
import { AudioRecognition, sttNodeFromStt } from '../voice/audio-recognition';
import type {
  EndOfTurnInfo,
  PreemptiveGenerationInfo,
  RecognitionHooks,
  TurnDetectionMode,
} from '../voice/recognition-hooks';
import { ScriptedSTT, ScriptedVAD } from './scripted/recognition';
import { timedFeed, type Scripted } from './scripted/stream';

export type { Scripted };

/** A VAD on a timed script (unit tests): keeps the frames it is fed; only close() ends a stream. */
export function timedVad(
  clock: Clock,
  script: Scripted<VADEvent>[],
  fail?: { atMs: number; error: Error },
): ScriptedVAD {
  return new ScriptedVAD({
    clock,
    feed: timedFeed(script, fail),
    label: 'scripted-vad',
    keepFrames: true,
    endsOnInputEnd: false,
  });
}

/** An STT on a timed script (unit tests): keeps the frames it is fed; only close() ends a stream. */
export function timedStt(
  clock: Clock,
  script: Scripted<SpeechEvent>[],
  fail?: { atMs: number; error: Error },
): ScriptedSTT {
  return new ScriptedSTT({
    clock,
    feed: timedFeed(script, fail),
    label: 'scripted-stt',
    keepFrames: true,
    endsOnInputEnd: false,
  });
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
  vad: ScriptedVAD | null;
  stt: ScriptedSTT | null;
  rec: AudioRecognition;
  ofType<T extends EngineEvent['type']>(type: T): Array<EngineEventOf<T>>;
}

/** One AudioRecognition on a VirtualClock with scripted providers, started at t = 0. */
export function makeRig(o: RigOptions = {}): Rig {
  const clock = new VirtualClock();
  const { bus, events } = recordingBus(clock);
  const hooks = new RecordingHooks(clock);
  const speeches = o.speeches ?? [];
  const vad = o.vad === false ? null : timedVad(clock, scenarioVadScript(speeches));
  const sttScript = [...scenarioSttScript(speeches), ...(o.sttExtra ?? [])].sort((a, b) => a.atMs - b.atMs);
  const stt = o.stt === false ? null : timedStt(clock, sttScript, o.sttFail);
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

/**
 * UserTurnController alone, on the virtual clock with recording stand-ins for its callbacks:
 * the STT's end of speech gates VAD interruptions, one preemptive reply at a time (discarded
 * with a reason, handed over once), turn completions chained and outdated by newer turns, and
 * the turns it refuses or only records.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent, EngineEventOf } from '../../../../shared/engine-events';
import { TaskOwner, type Task } from '../../base/tasks';
import { VirtualClock } from '../../base/virtual-clock';
import { EventBus } from '../../event-bus';
import { ChatContext, type ChatMessage } from '../../llm/chat-context';
import type { SpeechEvent } from '../../stt/stt';
import type { VADEvent } from '../../vad/vad';
import type { EndOfTurnInfo, TurnDetectionMode } from '../recognition-hooks';
import { SpeechHandle } from '../speech-handle';
import { UserTurnController, type TurnInputs } from './user-turn';

const vad = (speaking: boolean, rawAccumulatedSilenceMs: number): VADEvent => ({
  type: 'inference_done',
  timestamp: 0,
  samplesIndex: 0,
  speechDurationMs: 1000,
  silenceDurationMs: 0,
  probability: 1,
  inferenceDurationMs: 0,
  speaking,
  rawAccumulatedSilenceMs,
  rawAccumulatedSpeechMs: 0,
  frames: [],
});

const transcript = (text: string): SpeechEvent => ({
  type: 'final_transcript',
  requestId: 'r',
  alternatives: [{ text, language: 'en', confidence: 1, startTimeMs: 0, endTimeMs: 0 }],
});

const turn = (newTranscript: string): EndOfTurnInfo => ({
  skipReply: false,
  newTranscript,
  transcriptConfidence: 1,
  startedSpeakingAt: null,
  stoppedSpeakingAt: null,
  transcriptionDelayMs: null,
  endOfTurnDelayMs: null,
});

function makeController(
  init: { turnDetection?: TurnDetectionMode | null; inputs?: Partial<TurnInputs> } = {},
) {
  const clock = new VirtualClock();
  const events = new EventBus(clock);
  const seen: EngineEvent[] = [];
  events.subscribe((ev) => seen.push(ev));
  const owner = new TaskOwner();
  const calls: string[] = [];
  const kept: ChatMessage[] = [];
  const completions: Array<{ info: EndOfTurnInfo; oldTask: Task | null; isCurrent: () => boolean }> = [];
  const turnDetection: TurnDetectionMode | null = init.turnDetection ?? 'vad';
  const state = {
    current: null as SpeechHandle | null,
    paused: false,
    minInterruptionWords: 0,
    turnDetection,
  };
  const controller = new UserTurnController({
    clock,
    events,
    interruptions: {
      userStartedSpeaking: () => calls.push('started'),
      userStoppedSpeaking: () => calls.push('stopped'),
      setUserSilent: (silent) => calls.push(`silent:${silent}`),
      onUserActivity: (cause) => calls.push(`activity:${cause}`),
      transcriptAfterSpeech: (speaking) => calls.push(`after:${speaking}`),
      spawnCancelPause: () => calls.push('cancel-pause'),
    },
    tracer: {
      cancel: (h, cause) => calls.push(`cancel:${h.id === state.current?.id ? 'current' : 'reply'}:${cause}`),
    },
    options: () => ({
      minInterruptionDurationMs: 500,
      minEndpointingDelayMs: 500,
      minInterruptionWords: state.minInterruptionWords,
      preemptiveGeneration: true,
    }),
    turnDetection: () => state.turnDetection,
    inputs: () => ({
      stt: true,
      recognition: true,
      realtimeTranscribes: false,
      textLlm: true,
      ...init.inputs,
    }),
    currentSpeech: () => state.current,
    schedulingPaused: () => state.paused,
    user: {
      updateUserState: (s) => calls.push(`user:${s}`),
      userInputTranscribed: (ev) => calls.push(`transcribed:${ev.transcript}:${ev.isFinal}`),
    },
    keepUserMessageWhileClosing: (msg) => kept.push(msg),
    warn: (m) => calls.push(`warn:${m}`),
    replyInputs: () => ({ chatCtx: ChatContext.empty(), tools: [], toolChoice: null }),
    startPreemptiveReply: () => SpeechHandle.create({ clock }),
    spawnTurnCompletion: (info, oldTask, isCurrent) => {
      completions.push({ info, oldTask, isCurrent });
      return owner.spawn('turn', async () => undefined);
    },
  });
  const of = <T extends EngineEvent['type']>(type: T) =>
    seen.filter((e): e is EngineEventOf<T> => e.type === type);
  return { clock, controller, calls, kept, completions, state, of };
}

describe('UserTurnController', () => {
  it("with stt turn detection, the STT's end of speech lets only ongoing speech interrupt", () => {
    const t = makeController({ turnDetection: 'stt' });
    t.controller.onVadInferenceDone(vad(true, 100));
    expect(t.calls).toEqual(['activity:vad', 'silent:false']);
    t.calls.length = 0;
    t.controller.onEndOfSpeech(null); // from the STT
    t.controller.onVadInferenceDone(vad(true, 100));
    t.controller.onVadInferenceDone(vad(true, 0));
    expect(t.calls).toEqual(['user:listening', 'stopped', 'silent:false', 'activity:vad', 'silent:false']);
    t.calls.length = 0;
    t.controller.onStartOfSpeech(null);
    t.controller.onVadInferenceDone(vad(false, 400));
    expect(t.calls).toEqual(['user:speaking', 'started', 'activity:vad', 'silent:true']);
  });

  it('manual turn detection: VAD and transcripts never interrupt; a final transcript still cancels the pause', () => {
    const t = makeController({ turnDetection: 'manual' });
    t.controller.onVadInferenceDone(vad(true, 0));
    t.controller.onFinalTranscript(transcript('hello'), false);
    expect(t.calls).toEqual(['transcribed:hello:true', 'cancel-pause']);
  });

  it('a realtime model that transcribes itself: local transcripts are ignored', () => {
    const t = makeController({ inputs: { realtimeTranscribes: true } });
    t.controller.onInterimTranscript(transcript('hel'), true);
    t.controller.onFinalTranscript(transcript('hello'), false);
    expect(t.calls).toEqual([]);
  });

  it('one preemptive reply at a time: a new transcript discards the old one, the turn takes it once', () => {
    const t = makeController();
    const info = { newTranscript: 'hi', transcriptConfidence: 1, startedSpeakingAt: null };
    t.controller.onPreemptiveGeneration(info);
    const first = t.controller.preemptiveReply;
    t.controller.onPreemptiveGeneration({ ...info, newTranscript: 'hi there' });
    expect(t.calls).toEqual(['cancel:reply:preemptive_discarded']);
    expect(t.of('preemptive_generation').map((e) => [e.phase, e.speechId])).toEqual([
      ['started', first!.speechHandle.id],
      ['discarded', first!.speechHandle.id],
      ['started', t.controller.preemptiveReply!.speechHandle.id],
    ]);
    const taken = t.controller.takePreemptive();
    expect(taken?.userMessage.content).toBe('hi there');
    expect(t.controller.takePreemptive()).toBeNull();
    t.controller.cancelPreemptive('drain'); // nothing left: no event
    expect(t.of('preemptive_generation')).toHaveLength(3);
  });

  it('no preemptive reply while a speech plays or scheduling is paused', () => {
    const t = makeController();
    const info = { newTranscript: 'hi', transcriptConfidence: 1, startedSpeakingAt: null };
    t.state.current = SpeechHandle.create({ clock: t.clock });
    t.controller.onPreemptiveGeneration(info);
    t.state.current = null;
    t.state.paused = true;
    t.controller.onPreemptiveGeneration(info);
    expect(t.controller.preemptiveReply).toBeNull();
  });

  it('turn completions are chained; a newer turn makes the older one outdated', () => {
    const t = makeController();
    expect(t.controller.onEndOfTurn(turn('one'))).toBe(true);
    expect(t.controller.onEndOfTurn(turn('two'))).toBe(true);
    const [first, second] = t.completions;
    expect(first.oldTask).toBeNull();
    expect(second.oldTask).not.toBeNull();
    expect(first.isCurrent()).toBe(false);
    expect(second.isCurrent()).toBe(true);
  });

  it('minInterruptionWords: a short turn over an interruptible speech is refused and drops the preemptive reply', () => {
    const t = makeController();
    t.controller.onPreemptiveGeneration({
      newTranscript: 'uh',
      transcriptConfidence: 1,
      startedSpeakingAt: null,
    });
    t.state.current = SpeechHandle.create({ clock: t.clock });
    t.state.minInterruptionWords = 2;
    expect(t.controller.onEndOfTurn(turn('uh'))).toBe(false);
    expect(t.completions).toEqual([]);
    expect(t.of('preemptive_generation').at(-1)).toMatchObject({
      phase: 'discarded',
      reason: 'min_interruption_words',
    });
    expect(t.controller.onEndOfTurn(turn('wait please'))).toBe(true);
  });

  it('while scheduling is paused a turn is accepted but only its message is kept (closing)', () => {
    const t = makeController();
    t.state.paused = true;
    expect(t.controller.onEndOfTurn(turn('bye'))).toBe(true);
    expect(t.completions).toEqual([]);
    expect(t.kept.map((m) => [m.role, m.content])).toEqual([['user', 'bye']]);
    expect(t.calls).toEqual(['warn:skipping user input, speech scheduling is paused']);
  });
});

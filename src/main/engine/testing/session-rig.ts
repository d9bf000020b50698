/**
 * Test support for the activity and session tests: a session on a VirtualClock with the scripted
 * LLM and TTS (replies set with on()), the scripted VAD and STT on timed scripts, and an audio
 * output that plays in virtual real time (pausable). Imported only by tests.
 */
import { frameDurationMs, type AudioFrame } from '../audio/frame';
import type { Clock, TimerHandle } from '../base/clock';
import { VirtualClock } from '../base/virtual-clock';
import type { EngineEvent, EngineEventOf, EngineEventType } from '../../../shared/engine-events';
import type { SessionOptionsInput } from '../../../shared/config';
import type { LLM } from '../llm/llm';
import type { RealtimeModel } from '../llm/realtime';
import { AgentSession } from '../voice/agent-session';
import type { Agent } from '../voice/agent';
import { AudioOutput } from '../voice/io';
import type { SpeechEvent } from '../stt/stt';
import {
  scenarioSttScript,
  scenarioVadScript,
  timedStt,
  timedVad,
  type Scripted,
  type UserSpeech,
} from './recognition-rig';
import { ScriptedLLM } from './scripted/llm';
import { ScriptedTTS } from './scripted/tts';

/**
 * Plays in virtual real time: the first captured frame starts playback, the position advances
 * only while playing, a flushed segment finishes when the position reaches what was pushed.
 * `transcriptAt` stands in for a transcript synchronizer: the text heard at a position.
 */
export class ScriptedAudioOutput extends AudioOutput {
  transcriptAt: ((positionMs: number) => string | null) | null = null;
  private pushedMs = 0;
  private positionMs = 0;
  private playingSince: number | null = null;
  private pausedFlag = false;
  private segmentOpen = false;
  private started = false;
  private flushed = false;
  private finishTimer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    canPause = false,
  ) {
    super('scripted-audio-output', { pause: canPause });
  }

  get isPaused(): boolean {
    return this.pausedFlag;
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (!this.segmentOpen) {
      this.segmentOpen = true;
      this.pushedMs = 0;
      this.positionMs = 0;
      this.started = false;
      this.flushed = false;
    }
    this.pushedMs += frameDurationMs(frame);
    if (!this.started && !this.pausedFlag) this.startPlayback();
    this.reschedule();
  }

  override flush(): void {
    super.flush();
    if (!this.segmentOpen) return;
    this.flushed = true;
    this.reschedule();
  }

  override clearBuffer(): void {
    if (this.segmentOpen) this.finish(true);
  }

  override pause(): void {
    super.pause();
    if (this.pausedFlag) return;
    this.pausedFlag = true;
    if (this.playingSince !== null) {
      this.positionMs = this.position();
      this.playingSince = null;
      this.finishTimer?.cancel();
      this.finishTimer = null;
    }
  }

  override resume(): void {
    super.resume();
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    if (!this.segmentOpen) return;
    if (!this.started) this.startPlayback();
    else this.playingSince = this.clock.now();
    this.reschedule();
  }

  private startPlayback(): void {
    this.started = true;
    this.playingSince = this.clock.now();
    this.onPlaybackStarted({ createdAt: this.playingSince });
  }

  private position(): number {
    const live = this.playingSince !== null ? this.clock.now() - this.playingSince : 0;
    return Math.min(this.pushedMs, this.positionMs + live);
  }

  private reschedule(): void {
    this.finishTimer?.cancel();
    this.finishTimer = null;
    if (!this.flushed || this.playingSince === null) return;
    const remaining = Math.max(0, this.pushedMs - this.position());
    this.finishTimer = this.clock.setTimer(() => this.finish(false), remaining);
  }

  private finish(interrupted: boolean): void {
    const pos = interrupted ? this.position() : this.pushedMs;
    this.finishTimer?.cancel();
    this.finishTimer = null;
    this.playingSince = null;
    this.segmentOpen = false;
    this.onPlaybackFinished({
      playbackPositionMs: Math.round(pos),
      interrupted,
      synchronizedTranscript: this.transcriptAt ? this.transcriptAt(pos) : null,
    });
  }
}

export interface RigOptions {
  options?: SessionOptionsInput;
  speeches?: UserSpeech[];
  vad?: boolean;
  stt?: boolean;
  /** The STT's own events instead of the ones derived from `speeches` (e.g. no interims). */
  sttScript?: Scripted<SpeechEvent>[];
  canPause?: boolean;
  /** Replaces the scripted LLM (e.g. with a realtime model). */
  makeLlm?: (clock: VirtualClock) => LLM | RealtimeModel;
}

/** A session on a virtual clock with fakes, and helpers to run it and read what it emitted. */
export function makeRig(opts: RigOptions = {}) {
  const clock = new VirtualClock();
  const speeches = opts.speeches ?? [];
  const vad = (opts.vad ?? speeches.length > 0) ? timedVad(clock, scenarioVadScript(speeches)) : null;
  const stt =
    (opts.stt ?? speeches.length > 0) ? timedStt(clock, opts.sttScript ?? scenarioSttScript(speeches)) : null;
  const llm = new ScriptedLLM({ clock, label: 'fake-llm', idPrefix: 'chat_', trackUnclosed: true });
  const tts = new ScriptedTTS({ clock, label: 'fake-tts', trackUnclosed: true });
  const output = new ScriptedAudioOutput(clock, opts.canPause ?? false);
  const session = new AgentSession({
    clock,
    options: opts.options,
    vad,
    stt,
    llm: opts.makeLlm?.(clock) ?? llm,
    tts,
  });
  const events: EngineEvent[] = [];
  session.onEvent((ev) => events.push(ev));

  const of = <T extends EngineEventType>(type: T): EngineEventOf<T>[] =>
    events.filter((e): e is EngineEventOf<T> => e.type === type);

  return {
    clock,
    session,
    events,
    llm,
    tts,
    output,
    vad,
    stt,
    of,
    start: (agent: Agent) => session.start({ agent, audioOutput: output }),
    run: (untilMs: number) => clock.runUntil(untilMs),
    agentStates: () => of('agent_state_changed').map((e) => [e.newState, Math.round(e.t)] as const),
    userStates: () => of('user_state_changed').map((e) => [e.newState, Math.round(e.t)] as const),
    /** Closes the session, running the clock while it winds down. */
    close: async () => {
      let done = false;
      const p = session.close().finally(() => (done = true));
      await clock.runUntilDone(() => done, 60_000);
      await p;
    },
    /** Runs the clock until `p` settles; returns its value. */
    settle: async <T>(p: Promise<T>, limitMs = 60_000): Promise<T> => {
      let done = false;
      const q = p.finally(() => (done = true));
      await clock.runUntilDone(() => done, limitMs);
      return q;
    },
  };
}

export type Rig = ReturnType<typeof makeRig>;

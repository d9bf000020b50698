/**
 * A scripted caller that talks to the agent through the engine's ordinary audio input, so the
 * whole listening path runs for real: its lines are real synthesized speech, the real VAD hears
 * them, and the oracle STT (which cannot listen) is told what was said and when it sounded.
 *
 * Every line is synthesized before the call starts, so once it runs the caller reads time only
 * from the clock and a call on the VirtualClock is as repeatable as a scenario. Frames go out
 * every `frameMs` on an ideal schedule (t0 + k * frameMs); on the real clock a late timer sends
 * the frames it missed, as a microphone's buffer would.
 *
 * Turns are spoken one after another. Each waits for its trigger after the previous one ended:
 * `atMs` after the call started; `bargeIn`: `afterAgentStartMs` into the agent's next speech;
 * otherwise `afterAgentDoneMs` (default 700) after the agent finished a reply it started after the
 * previous line — and the caller holds back again if the agent resumes speaking meanwhile, as a
 * polite person would. Waiting longer than `giveUpAfterMs`, the caller speaks anyway.
 */
import type { CallerConfig, CallerTurn } from '../../../shared/config';
import type { EngineEvent } from '../../../shared/engine-events';
import {
  type AudioFrame,
  type AudioInput,
  Channel,
  type Clock,
  instantOf,
  makeFrame,
  type TimerHandle,
} from '../../engine';
import { prepareLine, type CallerLine, type CallerVoice } from './caller-voice';

export const DEFAULT_AFTER_AGENT_DONE_MS = 700;

/** One line as it is being spoken; all times are clock ms. */
export interface CallerUtterance {
  index: number;
  text: string;
  startedAt: number;
  voicedStartAt: number;
  voicedEndAt: number;
  endsAt: number;
  /** Why it started: its trigger, or `give_up` when the agent kept the caller waiting. */
  trigger: 'at' | 'agent_done' | 'barge_in' | 'give_up';
  /** False for a line the STT must not transcribe (heard by the VAD only: a false interruption). */
  transcribe: boolean;
}

export type CallerSpeechEvent = { type: 'speech_started' | 'speech_ended'; utterance: CallerUtterance };

/** What the oracle STT needs from a caller. */
export interface CallerSpeechSource {
  onSpeech(name: string, fn: (ev: CallerSpeechEvent) => void): () => void;
  /** The line being spoken now, so a stream opened mid-line still transcribes it. */
  readonly currentUtterance: CallerUtterance | null;
}

export interface ScriptedCallerDeps {
  clock: Clock;
  voice: CallerVoice;
}

type Waiting = { kind: 'none' } | { kind: 'agent_reply'; sawStart: boolean } | { kind: 'agent_start' };

export class ScriptedCaller implements AudioInput, CallerSpeechSource {
  readonly label = 'simulated.Caller';
  readonly utterances: CallerUtterance[] = [];
  private readonly channel = new Channel<AudioFrame>();
  private readonly listeners = new Map<(ev: CallerSpeechEvent) => void, string>();
  private readonly turns: readonly CallerTurn[];
  private lines: CallerLine[] | null = null;
  private readonly perFrame: number;
  private t0: number | null = null;
  private tick = 0;
  private pumpTimer: TimerHandle | null = null;
  private turnTimer: TimerHandle | null = null;
  private giveUpTimer: TimerHandle | null = null;
  private next = 0;
  private waiting: Waiting = { kind: 'none' };
  private speaking: { line: CallerLine; pos: number; utterance: CallerUtterance } | null = null;
  private agentSpeaking = false;
  private agentSpeakingSince = 0;
  private stopped = false;
  private readonly prepareCtrl = new AbortController();

  constructor(
    private readonly config: CallerConfig,
    private readonly deps: ScriptedCallerDeps,
  ) {
    this.turns = config.turns;
    this.perFrame = Math.round((config.frameMs * config.sampleRate) / 1000);
  }

  get sampleRate(): number {
    return this.config.sampleRate;
  }

  get currentUtterance(): CallerUtterance | null {
    return this.speaking?.utterance ?? null;
  }

  /** Every scripted line has been spoken. */
  get finished(): boolean {
    return this.next >= this.turns.length && this.speaking === null;
  }

  /** Synthesizes every line (real I/O, before the clock-driven part starts). */
  async prepare(): Promise<void> {
    if (this.lines) return;
    const lines: CallerLine[] = [];
    for (const [i, turn] of this.turns.entries()) {
      try {
        lines.push(
          await prepareLine(this.deps.voice, turn.text, this.config.sampleRate, this.prepareCtrl.signal),
        );
      } catch (err) {
        throw new Error(
          `simulated caller: caller.turns[${i}] ("${turn.text.slice(0, 40)}"): ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
    }
    this.lines = lines;
  }

  /** Prepares if needed, then starts the call: the first frame now, the first turn armed. */
  async start(): Promise<void> {
    await this.prepare();
    if (this.t0 !== null || this.stopped) return;
    this.t0 = instantOf(this.deps.clock);
    this.arm();
    this.pump();
  }

  /** Feeds the caller the agent's state (wire it to the session's events). */
  observe(ev: EngineEvent): void {
    if (ev.type !== 'agent_state_changed' || this.stopped) return;
    const now = instantOf(this.deps.clock);
    if (ev.newState === 'speaking' && !this.agentSpeaking) {
      this.agentSpeaking = true;
      this.agentSpeakingSince = now;
      this.onAgentStarted(now);
    } else if (ev.newState !== 'speaking' && this.agentSpeaking) {
      this.agentSpeaking = false;
      this.onAgentDone(now);
    }
  }

  onSpeech(name: string, fn: (ev: CallerSpeechEvent) => void): () => void {
    this.listeners.set(fn, name);
    return () => this.listeners.delete(fn);
  }

  /** Ends the call: no timer left, the engine's reader sees the end of the audio. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.prepareCtrl.abort();
    for (const t of [this.pumpTimer, this.turnTimer, this.giveUpTimer]) t?.cancel();
    this.pumpTimer = this.turnTimer = this.giveUpTimer = null;
    this.channel.close();
  }

  /** Timers and subscribers still alive (a closed session must leave none but the caller's own). */
  pendingWork(): string[] {
    const out: string[] = [];
    if (this.pumpTimer) out.push('simulated caller: audio pump');
    if (this.turnTimer || this.giveUpTimer) out.push(`simulated caller: waiting to say turn ${this.next}`);
    for (const name of this.listeners.values()) out.push(name);
    return out;
  }

  [Symbol.asyncIterator](): AsyncIterator<AudioFrame> {
    return this.channel[Symbol.asyncIterator]();
  }

  private arm(): void {
    this.clearTurnTimers();
    this.waiting = { kind: 'none' };
    const turn = this.turns[this.next];
    if (!turn || this.t0 === null) return;
    if (turn.atMs !== undefined) {
      this.speakAt(this.t0 + turn.atMs, 'at');
      return;
    }
    this.giveUpTimer = this.deps.clock.setTimer(() => {
      this.giveUpTimer = null;
      this.begin('give_up');
    }, this.config.giveUpAfterMs);
    if (turn.bargeIn) {
      if (this.agentSpeaking) this.speakAt(this.agentSpeakingSince + turn.afterAgentStartMs, 'barge_in');
      else this.waiting = { kind: 'agent_start' };
    } else {
      // An agent still speaking when the line ended is mid-reply: the caller waits for its end.
      this.waiting = { kind: 'agent_reply', sawStart: this.agentSpeaking };
    }
  }

  private onAgentStarted(now: number): void {
    const turn = this.turns[this.next];
    if (!turn || this.speaking) return;
    if (this.waiting.kind === 'agent_start') {
      this.waiting = { kind: 'none' };
      this.speakAt(now + turn.afterAgentStartMs, 'barge_in');
    } else if (this.waiting.kind === 'agent_reply') {
      this.waiting.sawStart = true;
      // The agent took the floor again: hold back until it is done.
      this.turnTimer?.cancel();
      this.turnTimer = null;
    }
  }

  private onAgentDone(now: number): void {
    const turn = this.turns[this.next];
    if (!turn || this.speaking || this.waiting.kind !== 'agent_reply' || !this.waiting.sawStart) return;
    this.speakAt(now + (turn.afterAgentDoneMs ?? DEFAULT_AFTER_AGENT_DONE_MS), 'agent_done');
  }

  private speakAt(at: number, trigger: CallerUtterance['trigger']): void {
    this.turnTimer?.cancel();
    this.turnTimer = null;
    // Due now: the line starts with the very next frame, not one frame late.
    if (at <= instantOf(this.deps.clock)) {
      this.begin(trigger);
      return;
    }
    this.turnTimer = this.deps.clock.setTimer(
      () => {
        this.turnTimer = null;
        this.begin(trigger);
      },
      Math.max(0, at - instantOf(this.deps.clock)),
    );
  }

  /** The line starts with the next frame the pump sends. */
  private begin(trigger: CallerUtterance['trigger']): void {
    if (this.speaking || this.stopped || !this.lines) return;
    const line = this.lines[this.next];
    if (!line) return;
    this.clearTurnTimers();
    this.waiting = { kind: 'none' };
    const startedAt = this.t0! + this.tick * this.config.frameMs;
    const utterance: CallerUtterance = {
      index: this.next,
      text: line.text,
      startedAt,
      voicedStartAt: startedAt + line.voicedStartMs,
      voicedEndAt: startedAt + line.voicedEndMs,
      endsAt: startedAt + line.durationMs,
      trigger,
      transcribe: this.turns[this.next]?.transcribe ?? true,
    };
    this.speaking = { line, pos: 0, utterance };
    this.utterances.push(utterance);
    this.emit({ type: 'speech_started', utterance });
  }

  private pump(): void {
    this.pumpTimer = null;
    if (this.stopped || this.t0 === null) return;
    const now = instantOf(this.deps.clock);
    // Every frame due by now goes out; normally exactly one.
    while (this.t0 + this.tick * this.config.frameMs <= now && !this.stopped) {
      const ended = this.speaking;
      this.channel.trySend(this.nextFrame());
      this.tick += 1;
      // After the tick moved on, so a next line due at once starts with the next frame.
      if (ended && !this.speaking) {
        this.next += 1;
        this.emit({ type: 'speech_ended', utterance: ended.utterance });
        this.arm();
      }
    }
    if (this.stopped) return;
    const due = this.t0 + this.tick * this.config.frameMs;
    this.pumpTimer = this.deps.clock.setTimer(() => this.pump(), due - now);
  }

  private nextFrame(): AudioFrame {
    const data = new Int16Array(this.perFrame);
    const s = this.speaking;
    if (!s) return makeFrame(data, this.config.sampleRate, 1);
    const chunk = s.line.data.subarray(s.pos, s.pos + this.perFrame);
    data.set(chunk);
    s.pos += chunk.length;
    if (s.pos >= s.line.data.length) this.speaking = null;
    return makeFrame(data, this.config.sampleRate, 1);
  }

  private emit(ev: CallerSpeechEvent): void {
    for (const fn of [...this.listeners.keys()]) fn(ev);
  }

  private clearTurnTimers(): void {
    this.turnTimer?.cancel();
    this.giveUpTimer?.cancel();
    this.turnTimer = this.giveUpTimer = null;
  }
}

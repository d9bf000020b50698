/**
 * Test-only fakes for the activity and session tests: a keyed LLM, a TTS and an audio output
 * that plays in virtual real time (pausable), all on the injected clock. The engine cannot
 * import src/main/simulation, so these stay small and local. Imported only by tests.
 */
import { frameDurationMs, silenceFrame, type AudioFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import type { Clock, TimerHandle } from '../../base/clock';
import { VirtualClock } from '../../base/virtual-clock';
import type { EngineEvent, EngineEventOf, EngineEventType } from '../../../../shared/engine-events';
import type { SessionOptionsInput } from '../../../../shared/config';
import type { ChatChunk, ChatOptions, FunctionToolCall, LLM, LLMStream } from '../../llm/llm';
import type { RealtimeModel } from '../../llm/realtime';
import type { SynthesizeStream, SynthesizedAudio, TTS } from '../../tts/tts';
import { AgentSession } from '../agent-session';
import type { Agent } from '../agent';
import {
  ScriptedStt,
  ScriptedVad,
  scenarioSttScript,
  scenarioVadScript,
  type UserSpeech,
} from '../audio-recognition-test-fakes';
import { AudioOutput } from '../io';

export interface LlmResponse {
  content?: string;
  toolCalls?: Array<{ name: string; arguments: string | Record<string, unknown>; callId?: string }>;
  ttftMs?: number;
  durationMs?: number;
  /** The stream fails with this message at ttft. */
  error?: string;
}

export interface LlmRequest {
  key: string | null;
  tools: string[];
  toolChoice: unknown;
  instructions: string | null;
  /** Contents of every message of the request, in order. */
  messages: string[];
  atMs: number;
}

/** Key of a request, as the scenario format §4.3 defines it. */
function requestKey(opts: ChatOptions): string | null {
  const last = opts.chatCtx.items[opts.chatCtx.items.length - 1];
  if (last?.type === 'message' && last.role === 'user') return last.content;
  if (last?.type === 'function_call_output') return last.output;
  return opts.replyInstructions ?? null;
}

export class FakeLlm implements LLM {
  readonly label = 'fake-llm';
  readonly model = 'fake';
  readonly requests: LlmRequest[] = [];
  readonly responses = new Map<string, LlmResponse>();
  openStreams = 0;

  constructor(private readonly clock: Clock) {}

  on(key: string, response: LlmResponse): this {
    this.responses.set(key, response);
    return this;
  }

  chat(opts: ChatOptions): LLMStream {
    const key = requestKey(opts);
    const system = opts.chatCtx.items.find((i) => i.type === 'message' && i.role === 'system');
    this.requests.push({
      key,
      tools: opts.tools.map((t) => t.name).sort(),
      toolChoice: opts.toolChoice ?? null,
      instructions: system && system.type === 'message' ? system.content : null,
      messages: opts.chatCtx.items.flatMap((i) => (i.type === 'message' ? [`${i.role}:${i.content}`] : [])),
      atMs: Math.round(this.clock.now()),
    });
    const r = (key !== null ? this.responses.get(key) : undefined) ?? {};
    const ch = new Channel<ChatChunk>();
    const timers: TimerHandle[] = [];
    this.openStreams += 1;
    let open = true;
    const end = (err?: Error): void => {
      if (!ch.closed) ch.close(err);
    };
    const id = `chat_${this.requests.length}`;
    timers.push(
      this.clock.setTimer(() => {
        if (r.error) return end(new Error(r.error));
        const text = r.content ?? '';
        for (let i = 0; i < text.length; i += 3) ch.trySend({ id, delta: { content: text.slice(i, i + 3) } });
      }, r.ttftMs ?? 100),
      this.clock.setTimer(() => {
        const calls: FunctionToolCall[] = (r.toolCalls ?? []).map((c, i) => ({
          callId: c.callId ?? String(i + 1),
          name: c.name,
          arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        }));
        if (calls.length > 0) ch.trySend({ id, delta: { toolCalls: calls } });
        end();
      }, r.durationMs ?? 300),
    );
    return {
      requestId: id,
      [Symbol.asyncIterator]: () => ({ next: () => ch.next() }),
      close: async () => {
        for (const t of timers) t.cancel();
        end();
        if (open) this.openStreams -= 1;
        open = false;
      },
    };
  }
}

export interface TtsResponse {
  audioDurationMs: number;
  ttfbMs?: number;
  /** The stream fails with this message at ttfb, before any audio. */
  error?: string;
}

export class FakeTts implements TTS {
  readonly label = 'fake-tts';
  readonly sampleRate = 24000;
  readonly numChannels = 1;
  readonly capabilities = { streaming: true, alignedTranscript: false };
  readonly inputs: string[] = [];
  readonly responses = new Map<string, TtsResponse>();
  openStreams = 0;

  constructor(private readonly clock: Clock) {}

  on(text: string, response: TtsResponse): this {
    this.responses.set(text, response);
    return this;
  }

  stream(): SynthesizeStream {
    const ch = new Channel<SynthesizedAudio>();
    const timers: TimerHandle[] = [];
    let text = '';
    let open = true;
    this.openStreams += 1;
    const requestId = `tts_${this.inputs.length + 1}_${Math.round(this.clock.now())}`;
    const endInput = (): void => {
      this.inputs.push(text);
      const r = this.responses.get(text);
      if (!r) return ch.close();
      timers.push(
        this.clock.setTimer(() => {
          if (r.error) return ch.close(new Error(r.error));
          for (let t = 0; t < r.audioDurationMs; t += 10) {
            ch.trySend({
              frame: silenceFrame(10, this.sampleRate),
              requestId,
              segmentId: 's',
              isFinal: false,
            });
          }
          ch.close();
        }, r.ttfbMs ?? 200),
      );
    };
    return {
      requestId,
      pushText: (t) => {
        text += t;
      },
      flush: () => undefined,
      endInput,
      close: async () => {
        for (const t of timers) t.cancel();
        if (!ch.closed) ch.close();
        if (open) this.openStreams -= 1;
        open = false;
      },
      [Symbol.asyncIterator]: () => ({ next: () => ch.next() }),
    };
  }
}

/**
 * Plays in virtual real time: the first captured frame starts playback, the position advances
 * only while playing, a flushed segment finishes when the position reaches what was pushed.
 * `transcriptAt` stands in for a transcript synchronizer: the text heard at a position.
 */
export class FakeAudioOutput extends AudioOutput {
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
    super('fake-audio-output', { pause: canPause });
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
  canPause?: boolean;
  /** Replaces the fake LLM (e.g. with a realtime model). */
  makeLlm?: (clock: VirtualClock) => LLM | RealtimeModel;
}

/** A session on a virtual clock with fakes, and helpers to run it and read what it emitted. */
export function makeRig(opts: RigOptions = {}) {
  const clock = new VirtualClock();
  const speeches = opts.speeches ?? [];
  const vad = (opts.vad ?? speeches.length > 0) ? new ScriptedVad(clock, scenarioVadScript(speeches)) : null;
  const stt = (opts.stt ?? speeches.length > 0) ? new ScriptedStt(clock, scenarioSttScript(speeches)) : null;
  const llm = new FakeLlm(clock);
  const tts = new FakeTts(clock);
  const output = new FakeAudioOutput(clock, opts.canPause ?? false);
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

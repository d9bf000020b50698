/**
 * Tiny scripted providers for the generation tests, all on the VirtualClock: an LLM node, a TTS
 * node and an audio sink whose timing is fully known, so the tests can assert exact metrics.
 * (Provider-level scripted streams are the kit in ./scripted.)
 */
import { silenceFrame, type AudioFrame } from '../audio/frame';
import { TaskOwner } from '../base/tasks';
import { VirtualClock } from '../base/virtual-clock';
import type { EngineEvent, EngineEventInput, EventSink } from '../event-bus';
import type { ChatChunk, FunctionToolCall } from '../llm/llm';
import { AudioOutput, TextOutput } from '../voice/io';
import type { GenerationEnv, LLMNode, TTSNode } from '../voice/generation/types';

export interface TestEnv extends GenerationEnv {
  clock: VirtualClock;
  log: EngineEvent[];
  of<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[];
}

export function testEnv(): TestEnv {
  const clock = new VirtualClock();
  const log: EngineEvent[] = [];
  const events: EventSink = {
    emit: (ev: EngineEventInput) => log.push({ ...ev, t: clock.instantMs }),
  };
  return {
    clock,
    events,
    owner: new TaskOwner(),
    log,
    of: (type) => log.filter((e) => e.type === type) as never,
  };
}

export interface LlmScript {
  content?: string;
  toolCalls?: FunctionToolCall[];
  ttftMs?: number;
  durationMs?: number;
  /** Throw this after the text (a provider failure). */
  failWith?: Error;
}

/** An LLM node that streams `content` in 3-char chunks at ttft and the tool calls at the end. */
export function scriptedLlmNode(
  clock: VirtualClock,
  script: LlmScript,
  state: { closed: boolean; calls: number } = { closed: false, calls: 0 },
): LLMNode {
  return (_ctx, _tools, _settings, signal) => {
    state.calls += 1;
    return (async function* (): AsyncGenerator<ChatChunk> {
      try {
        const ttft = script.ttftMs ?? 100;
        const duration = script.durationMs ?? 300;
        await clock.sleep(ttft, signal);
        const text = script.content ?? '';
        for (let i = 0; i < text.length; i += 3)
          yield { id: 'req_1', delta: { content: text.slice(i, i + 3) } };
        await clock.sleep(duration - ttft, signal);
        if (script.failWith) throw script.failWith;
        if (script.toolCalls?.length) yield { id: 'req_1', delta: { toolCalls: script.toolCalls } };
        yield {
          id: 'req_1',
          usage: { completionTokens: 6, promptTokens: 10, promptCachedTokens: 0, totalTokens: 16 },
        };
      } finally {
        state.closed = true;
      }
    })();
  };
}

export interface TtsScript {
  audioDurationMs: number;
  ttfbMs?: number;
  durationMs?: number;
  sampleRate?: number;
}

/**
 * A TTS node like the scenario fake: reads the whole segment, then after ttfb pushes all audio
 * in 10 ms frames, and ends at max(duration, ttfb) after the input ended.
 */
export function scriptedTtsNode(
  clock: VirtualClock,
  script: (text: string) => TtsScript | null,
  state: { closed: number; texts: string[] } = { closed: 0, texts: [] },
): TTSNode {
  return (input, _settings, signal) =>
    (async function* (): AsyncGenerator<AudioFrame> {
      try {
        let text = '';
        for await (const t of input) text += t;
        state.texts.push(text);
        const s = script(text);
        if (!s) return;
        const ttfb = s.ttfbMs ?? 200;
        await clock.sleep(ttfb, signal);
        for (let ms = 0; ms < s.audioDurationMs; ms += 10) yield silenceFrame(10, s.sampleRate ?? 24000);
        const rest = Math.max(s.durationMs ?? 300, ttfb) - ttfb;
        if (rest > 0) await clock.sleep(rest, signal);
      } finally {
        state.closed += 1;
      }
    })();
}

/** An audio sink that "plays" on capture: playback starts with the first frame of a segment. */
export class RecordingAudioOutput extends AudioOutput {
  readonly frames: AudioFrame[] = [];
  flushes = 0;
  resumes = 0;
  private started = false;

  constructor(
    private readonly clock: VirtualClock,
    sampleRate: number | null = null,
  ) {
    super('test.RecordingAudioOutput', { pause: false }, null, sampleRate);
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    this.frames.push(frame);
    if (!this.started) {
      this.started = true;
      this.onPlaybackStarted({ createdAt: this.clock.now() });
    }
  }

  override flush(): void {
    super.flush();
    this.flushes += 1;
    this.started = false;
  }

  override resume(): void {
    this.resumes += 1;
  }

  clearBuffer(): void {
    this.started = false;
  }
}

export class RecordingTextOutput extends TextOutput {
  readonly texts: string[] = [];
  flushes = 0;
  constructor() {
    super('test.RecordingTextOutput');
  }
  async captureText(text: string): Promise<void> {
    this.texts.push(text);
  }
  flush(): void {
    this.flushes += 1;
  }
}

/** Drains an async iterable into an array. */
export async function collect<T>(src: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of src) out.push(x);
  return out;
}

/**
 * The generation tests' rig, all on the VirtualClock: an LLM node and a TTS node on the kit's
 * ScriptedLLM / ScriptedTTS (./scripted) and an audio sink whose timing is fully known, so the
 * tests can assert exact metrics.
 */
import type { AudioFrame } from '../audio/frame';
import { TaskOwner } from '../base/tasks';
import { VirtualClock } from '../base/virtual-clock';
import type { EngineEvent, EngineEventInput, EventSink } from '../event-bus';
import type { ChatChunk, FunctionToolCall } from '../llm/llm';
import { AudioOutput, TextOutput } from '../voice/io';
import { LLM_CHUNK_CHARS, ScriptedLLM, type LlmPlan } from './scripted/llm';
import { ScriptedTTS } from './scripted/tts';
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

/**
 * An LLM node on the kit's ScriptedLLM (request ids req_1, req_2, ...): `content` in 3-character
 * chunks at ttft; at the end the tool calls and a usage chunk (6 completion + 10 prompt tokens),
 * or `failWith` after the content. `state` counts requests and turns closed once a stream ended.
 */
export function scriptedLlmNode(
  clock: VirtualClock,
  script: LlmScript,
  state: { closed: boolean; calls: number } = { closed: false, calls: 0 },
): LLMNode {
  const llm = new ScriptedLLM<null>({
    clock,
    idPrefix: 'req_',
    driver: { respond: (_options, requestId) => ({ record: null, plan: nodePlan(requestId, script) }) },
  });
  return (chatCtx, tools, settings, signal) => {
    state.calls += 1;
    const stream = llm.chat({ chatCtx, tools, toolChoice: settings.toolChoice, signal });
    stream.onEnd(() => (state.closed = true));
    return stream;
  };
}

function nodePlan(requestId: string, script: LlmScript): LlmPlan {
  const ttftMs = script.ttftMs ?? 100;
  const text = script.content ?? '';
  const chunks: ChatChunk[] = [];
  for (let i = 0; i < text.length; i += LLM_CHUNK_CHARS)
    chunks.push({ id: requestId, delta: { content: text.slice(i, i + LLM_CHUNK_CHARS) } });
  const afterMs = Math.max(ttftMs, script.durationMs ?? 300);
  if (script.failWith)
    return { steps: [{ afterMs: ttftMs, chunks }], end: { afterMs, error: script.failWith } };
  const end: ChatChunk[] = [];
  if (script.toolCalls?.length) end.push({ id: requestId, delta: { toolCalls: script.toolCalls } });
  end.push({
    id: requestId,
    usage: { completionTokens: 6, promptTokens: 10, promptCachedTokens: 0, totalTokens: 16 },
  });
  return { steps: [{ afterMs: ttftMs, chunks }], end: { afterMs, chunks: end } };
}

export interface TtsScript {
  audioDurationMs: number;
  ttfbMs?: number;
  durationMs?: number;
}

/**
 * A TTS node on the kit's ScriptedTTS, one segment per node call: once the input ended, all the
 * audio after ttfb (default 200 ms) and the end at max(duration (default 300 ms), ttfb); a null
 * script is no audio. `state` keeps every segment's text and counts the streams that ended.
 */
export function scriptedTtsNode(
  clock: VirtualClock,
  script: (text: string) => TtsScript | null,
  state: { closed: number; texts: string[] } = { closed: 0, texts: [] },
): TTSNode {
  const tts = new ScriptedTTS({
    clock,
    lookup: (text) => {
      state.texts.push(text);
      const s = script(text);
      return s ? { ...s, durationMs: s.durationMs ?? 300 } : undefined;
    },
  });
  return (input, _settings, signal) => {
    const stream = tts.stream({ signal });
    stream.onEnd(() => (state.closed += 1));
    const pump = async () => {
      let text = '';
      for await (const t of input) text += t;
      stream.pushText(text); // the whole input is one segment
      stream.endInput();
    };
    pump().catch((err: unknown) => stream.finish(err instanceof Error ? err : new Error(String(err))));
    // bare frames, as a node without a provider's final-frame mark: metrics come at the stream end
    return (async function* (): AsyncGenerator<AudioFrame> {
      try {
        for await (const audio of stream) yield audio.frame;
      } finally {
        await stream.close();
      }
    })();
  };
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

/**
 * The Agent (upstream voice/agent.py): instructions, tools, chat context, optional per-agent
 * providers and option overrides, lifecycle hooks, and the pipeline nodes (STT, LLM, TTS,
 * transcription) a subclass may override. An Agent runs inside one AgentActivity at a time; the
 * activity is attached while it runs so `session` and the hot updates reach it. It sees both
 * through the SessionView / ActivityView contracts declared here, so neither the agent nor the
 * activity imports the session that creates them (no import cycle).
 */
import type { AudioFrame } from '../audio/frame';
import type { SessionOptions, TurnDetection } from '../../../shared/config';
import type { AgentState, EngineEventOf, UserState } from '../../../shared/engine-events';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { EventSink } from '../event-bus';
import { ChatContext, type ChatItem, type ChatMessage } from '../llm/chat-context';
import type { ChatChunk, LLM } from '../llm/llm';
import type { MCPServerLike } from '../llm/mcp';
import { RealtimeModel, type RealtimeSession } from '../llm/realtime';
import { toToolDefinitions, type FunctionTool, type ToolSession } from '../llm/tool-context';
import type { SpeechEvent, STT } from '../stt/stt';
import type { TTS } from '../tts/tts';
import type { VAD } from '../vad/vad';
import { linkedAbort, untilAborted } from '../base/async-iter';
import type { EndOfTurnModel } from './end-of-turn';
import type { AudioOutput, TextOutput } from './io';
import type { ModelSettings as GenerationModelSettings } from './generation/types';

/** Per-request settings handed to the nodes (upstream ModelSettings). */
export interface ModelSettings extends GenerationModelSettings {
  /**
   * The extra instructions of the generateReply that started this reply, before they were merged
   * into the system message. Real providers ignore it; the scenario LLM keys responses by it.
   */
  replyInstructions?: string | null;
}

/** Turn detection as an agent or session may set it: a mode name, a model, or null (auto). */
export type TurnDetectionSetting = TurnDetection | EndOfTurnModel;

/**
 * The session as its agents and their activities see it (AgentSession implements it): the
 * providers and options, the output switches, the state and history it keeps for them.
 */
export interface SessionView extends ToolSession {
  readonly clock: Clock;
  readonly vad: VAD | null;
  readonly stt: STT | null;
  readonly llm: LLM | RealtimeModel | null;
  readonly tts: TTS | null;
  readonly tools: readonly FunctionTool[];
  readonly mcpServers: readonly MCPServerLike[];
  readonly options: SessionOptions;
  /** The session-level turn detection: the option, else the end-of-turn model, else automatic. */
  readonly turnDetection: TurnDetectionSetting | null;
  /** Engine-internal: where the activity emits. */
  readonly eventSink: EventSink;
  readonly logger: Logger;
  /** True from the start of close until the next start. */
  readonly closing: boolean;
  readonly outputAudioEnabled: boolean;
  readonly outputTranscriptionEnabled: boolean;
  readonly inputAudioEnabled: boolean;
  readonly outputAudio: AudioOutput | null;
  readonly outputTranscription: TextOutput | null;
  readonly agentState: AgentState;
  readonly userState: UserState;
  readonly history: ChatContext;
  readonly currentAgent: Agent;
  close(reason?: EngineEventOf<'close'>['reason']): Promise<void>;
  interrupt(opts?: { force?: boolean }): Promise<void>;
  updateAgent(agent: Agent): void;
  // -- engine-internal: called by the activity --
  setPlaybackSpeech(speechId: string | null): void;
  updateAgentState(state: AgentState): void;
  updateUserState(state: UserState, opts?: { lastSpeakingTime?: number }): void;
  userInputTranscribed(ev: {
    transcript: string;
    isFinal: boolean;
    language: string | null;
    speakerId: string | null;
  }): void;
  conversationItemAdded(msg: ChatMessage): void;
  toolItemsAdded(items: ChatItem[]): void;
}

/** What an agent reaches of the activity it runs in (AgentActivity implements it). */
export interface ActivityView {
  readonly session: SessionView;
  readonly stt: STT | null;
  readonly llm: LLM | RealtimeModel | null;
  readonly tts: TTS | null;
  readonly rtSession: RealtimeSession | null;
  updateInstructions(instructions: string): Promise<void>;
  updateTools(tools: FunctionTool[]): Promise<void>;
  updateChatCtx(chatCtx: ChatContext, opts?: { excludeInvalidFunctionCalls?: boolean }): Promise<void>;
}

export interface AgentInit {
  id?: string;
  instructions: string;
  tools?: FunctionTool[];
  chatCtx?: ChatContext;
  /** undefined = use the session's; null = none for this agent. */
  vad?: VAD | null;
  stt?: STT | null;
  llm?: LLM | RealtimeModel | null;
  tts?: TTS | null;
  allowInterruptions?: boolean;
  minEndpointingDelayMs?: number;
  maxEndpointingDelayMs?: number;
  minConsecutiveSpeechDelayMs?: number;
  useTtsAlignedTranscript?: boolean;
  turnDetection?: TurnDetectionSetting;
  /** undefined = the session's MCP servers; null or [] = none for this agent (seed `mcp_servers`). */
  mcpServers?: MCPServerLike[] | null;
}

function camelToSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export class Agent {
  readonly id: string;
  /** Per-agent overrides; undefined means "use the session's". */
  readonly vad: VAD | null | undefined;
  readonly stt: STT | null | undefined;
  readonly llm: LLM | RealtimeModel | null | undefined;
  readonly tts: TTS | null | undefined;
  readonly allowInterruptions: boolean | undefined;
  readonly minEndpointingDelayMs: number | undefined;
  readonly maxEndpointingDelayMs: number | undefined;
  readonly minConsecutiveSpeechDelayMs: number | undefined;
  readonly useTtsAlignedTranscript: boolean | undefined;
  turnDetection: TurnDetectionSetting | undefined;
  readonly mcpServers: readonly MCPServerLike[] | null | undefined;

  /** Engine-internal: the activity while this agent runs (upstream `_activity`). */
  activity: ActivityView | null = null;
  /** Engine-internal: the live instructions, tools and chat context (upstream `_instructions` …). */
  instructionsValue: string;
  toolsValue: FunctionTool[];
  chatCtxValue: ChatContext;

  constructor(init: AgentInit) {
    this.id = init.id ?? (new.target === Agent ? 'default_agent' : camelToSnake(new.target.name));
    this.instructionsValue = init.instructions;
    this.toolsValue = dedupeTools(init.tools ?? []);
    this.chatCtxValue = init.chatCtx
      ? init.chatCtx.copy({ toolNames: this.toolsValue.map((t) => t.name) })
      : ChatContext.empty();
    this.vad = init.vad;
    this.stt = init.stt;
    this.llm = init.llm;
    this.tts = init.tts;
    this.allowInterruptions = init.allowInterruptions;
    this.minEndpointingDelayMs = init.minEndpointingDelayMs;
    this.maxEndpointingDelayMs = init.maxEndpointingDelayMs;
    this.minConsecutiveSpeechDelayMs = init.minConsecutiveSpeechDelayMs;
    this.useTtsAlignedTranscript = init.useTtsAlignedTranscript;
    this.turnDetection = init.turnDetection;
    this.mcpServers = init.mcpServers ? [...init.mcpServers] : init.mcpServers;
  }

  get label(): string {
    return this.id;
  }

  get instructions(): string {
    return this.instructionsValue;
  }

  get tools(): FunctionTool[] {
    return [...this.toolsValue];
  }

  /**
   * A snapshot of the conversation: a new list over the same items, so callers cannot reorder or
   * drop the agent's own history (upstream hands out a read-only view). Use updateChatCtx to edit.
   */
  get chatCtx(): ChatContext {
    return new ChatContext(this.chatCtxValue.items);
  }

  /** The running session; throws when the agent is not running (no activity to reach it). */
  get session(): SessionView {
    return this.getActivityOrThrow().session;
  }

  /** Hot update; recorded in the chat context as an agent_config_update while running. */
  async updateInstructions(instructions: string): Promise<void> {
    if (!this.activity) {
      this.instructionsValue = instructions;
      return;
    }
    await this.activity.updateInstructions(instructions);
  }

  async updateTools(tools: FunctionTool[]): Promise<void> {
    if (!this.activity) {
      this.toolsValue = dedupeTools(tools);
      this.chatCtxValue = this.chatCtxValue.copy({ toolNames: this.toolsValue.map((t) => t.name) });
      return;
    }
    await this.activity.updateTools(tools);
  }

  async updateChatCtx(
    chatCtx: ChatContext,
    opts: { excludeInvalidFunctionCalls?: boolean } = {},
  ): Promise<void> {
    const exclude = opts.excludeInvalidFunctionCalls ?? true;
    if (!this.activity) {
      this.chatCtxValue = chatCtx.copy(exclude ? { toolNames: this.toolsValue.map((t) => t.name) } : {});
      return;
    }
    await this.activity.updateChatCtx(chatCtx, { excludeInvalidFunctionCalls: exclude });
  }

  // -- lifecycle hooks: subclasses override --

  /** Called when the agent becomes the session's active agent. */
  async onEnter(): Promise<void> {}

  /** Called when the agent stops being the active agent (handoff or close). */
  async onExit(): Promise<void> {}

  /**
   * Called when the user finished a turn, before the reply. `turnCtx` is a throwaway copy that
   * this reply will use; throwing StopResponse skips the reply.
   */
  async onUserTurnCompleted(_turnCtx: ChatContext, _newMessage: ChatMessage): Promise<void> {}

  // -- pipeline nodes: subclasses may override; the defaults use the activity's providers --

  /** Audio in, speech events out; null disables recognition for this agent. */
  sttNode(audio: AsyncIterable<AudioFrame>, signal: AbortSignal): AsyncIterable<SpeechEvent> | null {
    const stt = this.getActivityOrThrow().stt;
    if (!stt) throw new Error('stt_node called but no STT node is available');
    return defaultSttNode(stt, audio, signal);
  }

  /** Chat context in, text (or chunks with tool calls) out. */
  llmNode(
    chatCtx: ChatContext,
    tools: FunctionTool[],
    modelSettings: ModelSettings,
    signal: AbortSignal,
  ): AsyncIterable<ChatChunk | string> {
    const llm = this.getActivityOrThrow().llm;
    if (!llm) throw new Error('llm_node called but no LLM node is available');
    if (llm instanceof RealtimeModel)
      throw new Error('llm_node should only be used with LLM (non-realtime) models');
    return defaultLlmNode(llm, chatCtx, tools, modelSettings, signal);
  }

  /** Text in, audio out. */
  ttsNode(
    text: AsyncIterable<string>,
    _modelSettings: ModelSettings,
    signal: AbortSignal,
  ): AsyncIterable<AudioFrame> {
    const tts = this.getActivityOrThrow().tts;
    if (!tts) throw new Error('tts_node called but no TTS node is available');
    return defaultTtsNode(tts, text, signal);
  }

  /** Audio of a realtime model on its way to the output (upstream realtime_audio_output_node). */
  realtimeAudioOutputNode(
    audio: AsyncIterable<AudioFrame>,
    _modelSettings: ModelSettings,
  ): AsyncIterable<AudioFrame> | null {
    if (!this.getActivityOrThrow().rtSession) {
      throw new Error('realtime_audio_output_node called but no realtime LLM session is available');
    }
    return audio;
  }

  /** The agent's transcript as it goes to the text output; null hides it. */
  transcriptionNode(
    text: AsyncIterable<string>,
    _modelSettings: ModelSettings,
  ): AsyncIterable<string> | null {
    return text;
  }

  /** Engine-internal. */
  getActivityOrThrow(): ActivityView {
    if (!this.activity) throw new Error('no activity context found, the agent is not running');
    return this.activity;
  }
}

/** Later tools replace earlier ones of the same name (upstream dedupes by tool id). */
function dedupeTools(tools: readonly FunctionTool[]): FunctionTool[] {
  const byName = new Map<string, FunctionTool>();
  for (const t of tools) byName.set(t.name, t);
  return [...byName.values()];
}

async function* defaultSttNode(
  stt: STT,
  audio: AsyncIterable<AudioFrame>,
  signal: AbortSignal,
): AsyncGenerator<SpeechEvent> {
  const stream = stt.stream();
  const input = linkedAbort(signal);
  const forward = (async () => {
    for await (const frame of untilAborted(audio, input.signal)) stream.pushFrame(frame);
    if (!input.signal.aborted) stream.endInput();
  })();
  try {
    for await (const ev of untilAborted(stream, signal)) yield ev;
  } finally {
    input.stop();
    await stream.close();
    await forward.catch(() => undefined); // the input side ends with the stream; its failure is not ours
  }
}

async function* defaultLlmNode(
  llm: LLM,
  chatCtx: ChatContext,
  tools: FunctionTool[],
  modelSettings: ModelSettings,
  signal: AbortSignal,
): AsyncGenerator<ChatChunk> {
  const stream = llm.chat({
    chatCtx,
    tools: toToolDefinitions(tools),
    toolChoice: modelSettings.toolChoice,
    signal,
    replyInstructions: modelSettings.replyInstructions ?? null,
  });
  try {
    for await (const chunk of untilAborted(stream, signal)) yield chunk;
  } finally {
    await stream.close();
  }
}

async function* defaultTtsNode(
  tts: TTS,
  text: AsyncIterable<string>,
  signal: AbortSignal,
): AsyncGenerator<AudioFrame> {
  const stream = tts.stream({ signal });
  const input = linkedAbort(signal);
  const forward = (async () => {
    for await (const chunk of untilAborted(text, input.signal)) stream.pushText(chunk);
    if (!input.signal.aborted) stream.endInput();
  })();
  try {
    for await (const ev of untilAborted(stream, signal)) yield ev.frame;
  } finally {
    input.stop();
    await stream.close();
    await forward.catch(() => undefined); // the text side fails with its own producer
  }
}

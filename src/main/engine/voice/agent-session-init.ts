/**
 * What an AgentSession is built and started with (upstream AgentSession's constructor and
 * start() arguments): the construction contract, apart from the session's behaviour.
 */
import type { SessionOptionsInput } from '../../../shared/config';
import type { EngineEventOf } from '../../../shared/engine-events';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { EventBus } from '../event-bus';
import type { LLM } from '../llm/llm';
import type { MCPServerLike } from '../llm/mcp';
import type { RealtimeModel } from '../llm/realtime';
import type { FunctionTool } from '../llm/tool-context';
import type { STT } from '../stt/stt';
import type { TTS } from '../tts/tts';
import type { VAD } from '../vad/vad';
import type { Agent } from './agent';
import type { EndOfTurnModel } from './end-of-turn';
import type { AudioInput, AudioOutput, TextOutput } from './io';

export type CloseReason = EngineEventOf<'close'>['reason'];

export interface AgentSessionInit {
  clock: Clock;
  options?: SessionOptionsInput;
  vad?: VAD | null;
  stt?: STT | null;
  llm?: LLM | RealtimeModel | null;
  tts?: TTS | null;
  /** An end-of-turn model refining VAD turn detection (used when options.turnDetection is null). */
  turnDetector?: EndOfTurnModel | null;
  /** Tools every agent offers, before its own (seed `session.tools`). */
  tools?: FunctionTool[];
  /** MCP servers for agents that set none; started with each activity, closed with it. */
  mcpServers?: MCPServerLike[];
  /**
   * The bus the session emits into (default: its own). A host that emits its own events too
   * (the studio's provider warnings) passes one it created first, so both share one stream.
   */
  events?: EventBus;
  /**
   * Where the engine reports what is no event of its own (a listener or a speech callback that
   * threw). The studio passes main's logger; without one these become `warning` events.
   */
  logger?: Logger;
}

export interface SessionStartArgs {
  agent: Agent;
  audioInput?: AudioInput | null;
  audioOutput?: AudioOutput | null;
  textOutput?: TextOutput | null;
  /**
   * Put a transcript synchronizer in front of the outputs (default true): text is paced with
   * the audio and an interrupted reply keeps only what was heard.
   */
  syncTranscription?: boolean;
}

/**
 * The parts of a running AgentActivity its concern modules work with (replies, tool steps, the
 * realtime session, hot updates, the session lifecycle). Each concern takes a Pick of it naming
 * only what it uses, so none of them imports activity.ts: the activity imports its concerns,
 * never the other way round (no import cycle). AgentActivity implements it.
 */
import type { Clock } from '../../base/clock';
import type { Task, TaskOwner } from '../../base/tasks';
import type { EventSink } from '../../event-bus';
import type { LLM, ToolChoice } from '../../llm/llm';
import type { RealtimeModel, RealtimeSession } from '../../llm/realtime';
import type { FunctionTool } from '../../llm/tool-context';
import type { STT } from '../../stt/stt';
import type { TTS } from '../../tts/tts';
import type { VAD } from '../../vad/vad';
import type { Agent, SessionView } from '../agent';
import type { AudioRecognition } from '../audio-recognition';
import type { GenerationEnv } from '../generation/types';
import type { RecognitionHooks, TurnDetectionMode } from '../recognition-hooks';
import type { SpeechHandle } from '../speech-handle';
import type { InterruptionController } from './interruption-controller';
import type { RealtimeBinding } from './realtime-binding';
import type { SpeechScheduler, SpeechTaskOptions } from './scheduling';
import type { SpeechTracer } from './speech-trace';
import type { ToolsState } from './tools-state';
import type { UserTurnController } from './user-turn';

export interface ActivityParts extends RecognitionHooks {
  readonly agent: Agent;
  readonly session: SessionView;
  /** Every task of the activity. */
  readonly owner: TaskOwner;
  readonly scheduler: SpeechScheduler;
  readonly tracer: SpeechTracer;
  /** The session's sink, with LLM/TTS metrics attributed to the speech that produced them. */
  readonly events: EventSink;
  readonly turnDetection: TurnDetectionMode | null;
  readonly interruptions: InterruptionController;
  readonly userTurns: UserTurnController;
  /** Speeches whose playout is over but whose tools still run. */
  readonly backgroundSpeeches: Set<SpeechHandle>;
  readonly realtime: RealtimeBinding;
  readonly toolsState: ToolsState;

  // -- the agent's value when it sets one, else the session's --
  readonly clock: Clock;
  readonly vad: VAD | null;
  readonly stt: STT | null;
  readonly llm: LLM | RealtimeModel | null;
  readonly tts: TTS | null;
  readonly allowInterruptions: boolean;
  readonly minEndpointingDelayMs: number;
  readonly maxEndpointingDelayMs: number;
  readonly useTtsAlignedTranscript: boolean;
  readonly tools: FunctionTool[];
  readonly toolChoice: ToolChoice | null;
  readonly rtSession: RealtimeSession | null;
  readonly audioRecognition: AudioRecognition | null;
  readonly currentSpeech: SpeechHandle | null;
  readonly schedulingPaused: boolean;
  readonly generationEnv: GenerationEnv;

  createSpeechTask(
    name: string,
    fn: (signal: AbortSignal) => Promise<void>,
    opts?: SpeechTaskOptions,
  ): Task<void>;
  cancelPreemptiveGeneration(reason: string): void;
  reportError(source: string, err: unknown, recoverable?: boolean): void;
  warn(source: string, message: string): void;
  toolNames(): string[];
}

/**
 * What the reply family uses: replies.ts, pipeline-reply.ts, tts-reply.ts, realtime-reply.ts,
 * tool-step.ts and realtime-tool-step.ts. They call each other in a ring (a tool step starts the
 * next reply), so they share one set.
 */
export type ReplyParts = Pick<
  ActivityParts,
  | 'agent'
  | 'session'
  | 'owner'
  | 'scheduler'
  | 'tracer'
  | 'events'
  | 'backgroundSpeeches'
  | 'clock'
  | 'llm'
  | 'tts'
  | 'allowInterruptions'
  | 'tools'
  | 'toolChoice'
  | 'rtSession'
  | 'currentSpeech'
  | 'generationEnv'
  | 'createSpeechTask'
  | 'reportError'
  | 'warn'
  | 'interruptions'
  | 'schedulingPaused'
  | 'useTtsAlignedTranscript'
>;

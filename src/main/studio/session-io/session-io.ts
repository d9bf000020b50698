/**
 * What differs between the kinds of studio session (typed text, a scenario, a simulated call,
 * the microphone, a LiveKit room, a recording's audio played again) is where the user's audio
 * comes from, where the agent's voice goes, and what must be started, ended and released around
 * the engine. Each kind is one SessionIO in this folder; LiveSession runs any of them the same
 * way and never asks which kind it holds.
 */
import type { ProviderFallbackInfo } from '../../../shared/studio-api';
import type { EngineEvent } from '../../../shared/engine-events';
import type { AgentSession, AudioInput, Clock } from '../../engine';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import type { AudioPush } from '../../io/renderer-audio';
import type { ConfigAgents } from '../../agents-config';
import type { Logger } from '../../log';
import type { ProviderFactory } from '../session-providers';
import type { SessionEvents } from './session-events';
import type { LiveMicrophone } from './microphone-io';
import type { RoomJoiner } from './room-io';

/** What a SessionIO may ask of the session it serves. */
export interface SessionControl {
  /** The session's own end: its script or call is over (drains, then closes as task_completed). */
  finish(): void;
}

export interface SessionIO {
  /** What the engine hears; null when the user only types. */
  readonly audioInput: AudioInput | null;
  /** Where the agent's voice goes; null when nothing can speak (no TTS). */
  readonly audioOutput: PacedAudioOutput | null;
  /** The renderer's microphone, for the kinds that take pushAudio (else null). */
  readonly mic: LiveMicrophone | null;
  /** Runs after the engine started: whatever plays the user's side begins here. */
  start(control: SessionControl): Promise<void>;
  /** Every event of the session, in order (a simulated caller listens to the agent). */
  observe(ev: EngineEvent): void;
  /** The session is ending: stop feeding the engine (the engine may still drain its speech). */
  end(): void;
  /** The session is over: everything that plays or feeds the engine stops at once (speakers, script, input). */
  halt(): void;
  /** After halt, once detached from the engine: leaves rooms and closes providers. */
  release(): Promise<void>;
  /** Names of what is still alive; empty once released. */
  pendingWork(): string[];
}

/** An opened session: the engine, its agents and the kind's I/O around it; nothing runs yet. */
export interface OpenedSession {
  session: AgentSession;
  agents: ConfigAgents;
  io: SessionIO;
  /** What runs instead of what the config asked for (fallback chains, the demo fallback). */
  fallbacks: ProviderFallbackInfo[];
}

/** What opening any kind needs: the clock, the one event stream, providers and the renderer. */
export interface SessionIOContext {
  sessionId: string;
  clock: Clock;
  /** The session's one event stream; the engine emits into it too. */
  events: SessionEvents;
  createProviders: ProviderFactory;
  /** The agent's voice for the renderer's speakers. */
  onAudio(chunk: AudioPush): void;
  /** Joins the LiveKit room of a 'livekit' session (the host binds the key store). */
  joinRoom?: RoomJoiner;
  /** Main's logger: the engine reports listener and callback failures to it, never to console. */
  logger?: Logger;
}

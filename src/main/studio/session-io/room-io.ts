/**
 * A 'livekit' session: a remote participant of a LiveKit room is heard through the configured
 * VAD and STT, and the agent speaks into the room. This side joins the configured room with credentials from the
 * key store and turns what the room reports into session events (source 'livekit'). A room that
 * drops mid-session is an `error` event (recoverable): the input ends, the agent's speech keeps
 * being paced to nobody, and the session keeps running in text mode (sendText, say) until the
 * user stops it; rejoining is a new start. Participants joining and leaving are `warning` events
 * so the timeline shows who the agent was talking to.
 */
import type { LiveKitConfig, StudioConfig } from '../../../shared/config';
import { errorText, type Clock, type EventSink } from '../../engine';
import {
  connectLiveKitRoom,
  type ConnectRoomOptions,
  type RoomConnection,
  type RoomEvent,
} from '../../io/livekit-room';
import { roomToken, type KeyGetter } from '../../io/livekit-token';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import type { SessionProviders } from '../session-providers';
import { agentSpeaks, closeProviders, openConfigured } from './configured-session';
import { micProviderWarnings } from './microphone-io';
import type { OpenedSession, SessionIO, SessionIOContext } from './session-io';

export const LIVEKIT_SOURCE = 'livekit';

export interface RoomJoinContext {
  clock: Clock;
  /** The session's event stream (stamps the time). */
  events: EventSink;
}

/** Joins the session's room; the host binds the key store, tests bind a fake. */
export type RoomJoiner = (config: LiveKitConfig, ctx: RoomJoinContext) => Promise<RoomConnection>;

export interface LiveRoomOptions {
  keys: KeyGetter;
  /** Replaces rtc-node (tests); connectLiveKitRoom by default. */
  connect?: (opts: ConnectRoomOptions) => Promise<RoomConnection>;
  timeoutMs?: number;
}

export function liveKitJoiner(options: LiveRoomOptions): RoomJoiner {
  const connect = options.connect ?? connectLiveKitRoom;
  return async (config, ctx) => {
    const token = await roomToken(config, options.keys);
    const warn = (message: string): void =>
      ctx.events.emit({ type: 'warning', source: LIVEKIT_SOURCE, message });
    return connect({
      url: config.url,
      room: config.room,
      token,
      participantIdentity: config.participantIdentity,
      clock: ctx.clock,
      timeoutMs: options.timeoutMs,
      onWarning: warn,
      onEvent: (ev) => onRoomEvent(config, ctx, ev, warn),
    });
  };
}

function onRoomEvent(
  config: LiveKitConfig,
  ctx: RoomJoinContext,
  ev: RoomEvent,
  warn: (message: string) => void,
): void {
  switch (ev.type) {
    case 'participant_joined':
      warn(`livekit: ${ev.identity} joined room ${config.room}`);
      return;
    case 'participant_left':
      warn(`livekit: ${ev.identity} left room ${config.room}`);
      return;
    case 'listening':
      warn(`livekit: listening to ${ev.identity} (track ${ev.trackSid})`);
      return;
    case 'disconnected':
      ctx.events.emit({
        type: 'error',
        source: LIVEKIT_SOURCE,
        message: `the LiveKit room ${config.room} at ${config.url} disconnected (${ev.reason}); the session keeps running in text mode: type the user's turns, or stop and start again to rejoin`,
        recoverable: true,
      });
      return;
  }
}

export class RoomIO implements SessionIO {
  readonly mic = null;

  constructor(
    private readonly room: RoomConnection,
    /** The room's own paced output when the agent can speak (a TTS, or a realtime model's voice), else null. */
    readonly audioOutput: PacedAudioOutput | null,
    private readonly providers: SessionProviders,
    private readonly ctx: SessionIOContext,
  ) {}

  get audioInput(): RoomConnection['input'] {
    return this.room.input;
  }

  async start(): Promise<void> {}
  observe(): void {}

  end(): void {
    this.room.input.end();
  }

  halt(): void {
    this.audioOutput?.dispose();
  }

  async release(): Promise<void> {
    await this.room
      .disconnect()
      .catch((err: unknown) =>
        this.ctx.events.warn(`leaving the LiveKit room failed: ${errorText(err)}`, LIVEKIT_SOURCE),
      );
    await closeProviders(this.providers, this.ctx);
  }

  pendingWork(): string[] {
    return [];
  }
}

export function openRoom(
  config: StudioConfig,
  livekit: LiveKitConfig,
  ctx: SessionIOContext,
): Promise<OpenedSession> {
  return openConfigured(config, ctx, { audioInput: true }, async ({ providers }) => {
    const join = ctx.joinRoom;
    if (!join) throw new Error('this studio cannot join LiveKit rooms (no room joiner)');
    // Joined last: nothing else can fail after it, so a refused start never leaves us in the room.
    const room = await join(livekit, { clock: ctx.clock, events: ctx.events });
    for (const w of micProviderWarnings(config, providers))
      ctx.events.warn(w.message.replace(/^microphone:/, 'livekit:'), LIVEKIT_SOURCE, w.code);
    // The agent speaks into the room: through its TTS, or a realtime model's own voice.
    return new RoomIO(room, agentSpeaks(providers) ? room.output : null, providers, ctx);
  });
}

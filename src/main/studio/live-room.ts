/**
 * The LiveKit side of a 'livekit' session: joins the configured room with credentials from the
 * key store and turns what the room reports into session events (source 'livekit'). A room that
 * drops mid-session is an `error` event (recoverable): the input ends, the agent's speech keeps
 * being paced to nobody, and the session keeps running in text mode (sendText, say) until the
 * user stops it; rejoining is a new start. Participants joining and leaving are `warning` events
 * so the timeline shows who the agent was talking to.
 */
import type { LiveKitConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { Clock } from '../engine/base/clock';
import {
  connectLiveKitRoom,
  type ConnectRoomOptions,
  type RoomConnection,
  type RoomEvent,
} from '../io/livekit-room';
import { roomToken, type KeyGetter } from '../io/livekit-token';

export const LIVEKIT_SOURCE = 'livekit';

export interface RoomJoinContext {
  clock: Clock;
  onEvent(ev: EngineEvent): void;
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
      ctx.onEvent({ type: 'warning', t: ctx.clock.now(), source: LIVEKIT_SOURCE, message });
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
      ctx.onEvent({
        type: 'error',
        t: ctx.clock.now(),
        source: LIVEKIT_SOURCE,
        message: `the LiveKit room ${config.room} at ${config.url} disconnected (${ev.reason}); the session keeps running in text mode: type the user's turns, or stop and start again to rejoin`,
        recoverable: true,
      });
      return;
  }
}

/**
 * The studio in a LiveKit room, behind the project's own `RoomConnection` interface so the
 * session never touches rtc-node: the remote participant's audio arrives as an engine AudioInput
 * and the agent's voice leaves through a paced AudioOutput published as a LocalAudioTrack.
 * rtc-node (a native library) is loaded on first use only, so sessions that never join a room
 * never load it, and nothing here keeps a process alive once disconnect() returned, except the
 * library's own worker, which only disposeLiveKit() ends (see there).
 */
import { type AudioInput, type Clock, errorText } from '../engine';
import { RoomAudioOutput } from './livekit-output';
import { RendererMicInput } from './renderer-mic-input';
import { connectRtcRoom } from './livekit-rtc';

/** What the session hears about the room; `disconnected` only for a drop, not for disconnect(). */
export type RoomEvent =
  | { type: 'participant_joined'; identity: string }
  | { type: 'participant_left'; identity: string }
  | { type: 'listening'; identity: string; trackSid: string }
  | { type: 'disconnected'; reason: string };

export interface RoomConnection {
  readonly url: string;
  readonly room: string;
  /** The remote participant's audio (48 kHz mono); ends when the room disconnects. */
  readonly input: AudioInput & { end(): void };
  /** The agent's voice, paced on the session clock and published into the room. */
  readonly output: RoomAudioOutput;
  /** Leaves the room and releases its tracks; safe to call more than once. */
  disconnect(): Promise<void>;
}

export interface ConnectRoomOptions {
  url: string;
  room: string;
  /** The access token; kept out of every message this module produces. */
  token: string;
  /** Whom to listen to; absent: the first remote audio track. */
  participantIdentity?: string;
  clock: Clock;
  /** Bound on connecting and publishing, ms (real time: the network does not run on the clock). */
  timeoutMs?: number;
  onEvent(ev: RoomEvent): void;
  onWarning(message: string): void;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** The rate and layout the remote audio is delivered at (LiveKit's Opus rate, mixed to mono). */
export const ROOM_INPUT_RATE = 48_000;

export class RoomConnectError extends Error {
  override name = 'RoomConnectError';
}

/** Joins the room, publishes the agent's track and starts listening; throws RoomConnectError. */
export async function connectLiveKitRoom(opts: ConnectRoomOptions): Promise<RoomConnection> {
  const input = new RendererMicInput({
    label: 'livekit.RoomAudioInput',
    now: () => opts.clock.now(),
    onWarning: (m) => opts.onWarning(m.replace(/^microphone:/, 'livekit:')),
  });
  let output: RoomAudioOutput | null = null;
  const scrub = (text: string): string => (opts.token ? text.split(opts.token).join('[redacted]') : text);
  try {
    const rtc = await connectRtcRoom({
      url: opts.url,
      token: opts.token,
      timeoutMs: opts.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      participantIdentity: opts.participantIdentity,
      inputRate: ROOM_INPUT_RATE,
      onAudio: (data, rate, channels) => {
        input.push(data, rate, channels);
      },
      onEvent: (ev) => {
        if (ev.type === 'disconnected') input.end();
        opts.onEvent(ev);
      },
      onWarning: (m) => opts.onWarning(scrub(m)),
    });
    output = new RoomAudioOutput(opts.clock, rtc.sink, {
      onWriteError: (err) =>
        opts.onWarning(`livekit: the agent's audio could not be sent: ${scrub(errorText(err))}`),
    });
    const out = output;
    let closing: Promise<void> | null = null;
    return {
      url: opts.url,
      room: opts.room,
      input,
      output: out,
      disconnect: () =>
        (closing ??= (async () => {
          input.end();
          out.dispose();
          await rtc.close();
        })()),
    };
  } catch (err) {
    input.end();
    output?.dispose();
    throw new RoomConnectError(describeConnectError(opts.url, scrub(errorText(err))));
  }
}

/** The user's next step for a connection that failed: what was tried (never the token) and what to check. */
export function describeConnectError(url: string, reason: string): string {
  const refused = /refused|unreachable|timed? ?out|did not answer|dns|resolve|no route|reset/i.test(reason);
  const auth = /401|403|unauthori[sz]ed|forbidden|invalid token|token/i.test(reason);
  const check = auth
    ? 'check that the API key and secret (or the token) belong to this server and that the token is not expired'
    : refused
      ? 'check that a LiveKit server is running and reachable at that URL (ws://host:7880 for a local server, wss://<project>.livekit.cloud for LiveKit Cloud) and that no firewall blocks it'
      : 'check livekit.url, the server, and the API key and secret';
  return `could not join the LiveKit room at ${url}: ${reason}; ${check}`;
}

/**
 * The rtc-node side of the room (the only module that imports @livekit/rtc-node): connect with a
 * bound, publish an AudioSource as a LocalAudioTrack, read the chosen remote audio track, report
 * participants and drops. Loaded lazily: importing it loads the native library and starts its
 * worker, which keeps the process alive until disposeLiveKit().
 */
import type { PcmChunk } from './paced-audio-output';
import type { RoomAudioSink } from './livekit-output';

type Rtc = typeof import('@livekit/rtc-node');
type RtcEvent =
  | { type: 'participant_joined'; identity: string }
  | { type: 'participant_left'; identity: string }
  | { type: 'listening'; identity: string; trackSid: string }
  | { type: 'disconnected'; reason: string };

let loaded: Promise<Rtc> | null = null;

function loadRtc(): Promise<Rtc> {
  return (loaded ??= import('@livekit/rtc-node'));
}

/**
 * Ends rtc-node's native worker. Called once, at app shutdown (SessionHost.shutdown), never per
 * session: dispose() tears down the process-wide FFI client, after which no Room, AudioSource or
 * AudioStream can be made again in this process, so a second session would fail. A no-op when
 * no room was ever joined (the library was never loaded).
 */
export async function disposeLiveKit(): Promise<void> {
  if (!loaded) return;
  const rtc = await loaded.catch(() => null);
  loaded = null;
  await rtc?.dispose();
}

/** Whether rtc-node was loaded in this process (tests check disposal). */
export function liveKitLoaded(): boolean {
  return loaded !== null;
}

export interface RtcRoomOptions {
  url: string;
  token: string;
  timeoutMs: number;
  participantIdentity?: string;
  inputRate: number;
  onAudio(data: Int16Array, sampleRate: number, channels: number): void;
  onEvent(ev: RtcEvent): void;
  onWarning(message: string): void;
}

export interface RtcRoom {
  sink: RoomAudioSink;
  close(): Promise<void>;
}

/** The rate of the published track; the agent's speech is resampled to it. */
const OUTPUT_RATE = 48_000;

async function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (timed out)`)), ms);
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export async function connectRtcRoom(opts: RtcRoomOptions): Promise<RtcRoom> {
  const rtc = await loadRtc();
  const room = new rtc.Room();
  let leaving = false;
  let listening: { identity: string; stop: () => void } | null = null;
  const connecting = room.connect(opts.url, opts.token, { autoSubscribe: true, dynacast: false });
  try {
    await bounded(connecting, opts.timeoutMs, 'the server');
  } catch (err) {
    leaving = true;
    // A connect that succeeds after the bound must not leave a participant in the room.
    connecting
      .then(
        () => room.disconnect(),
        () => undefined,
      )
      .catch(() => undefined);
    throw err;
  }

  const source = new rtc.AudioSource(OUTPUT_RATE, 1, 1000);
  const resamplers = new Map<number, InstanceType<Rtc['AudioResampler']>>();
  const track = rtc.LocalAudioTrack.createAudioTrack('agent-voice', source);

  const listen = (t: InstanceType<Rtc['RemoteAudioTrack']>, trackSid: string, identity: string): void => {
    if (listening || leaving) return;
    if (opts.participantIdentity && identity !== opts.participantIdentity) return;
    const stream = new rtc.AudioStream(t, { sampleRate: opts.inputRate, numChannels: 1 });
    const reader = stream.getReader();
    const mine = { identity, stop: () => void reader.cancel().catch(() => undefined) };
    listening = mine;
    opts.onEvent({ type: 'listening', identity, trackSid });
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done || leaving) break;
          opts.onAudio(new Int16Array(value.data), value.sampleRate, value.channels);
        }
      } catch (err) {
        if (!leaving) opts.onWarning(`livekit: reading ${identity}'s audio failed: ${String(err)}`);
      } finally {
        if (listening === mine) listening = null;
      }
    })();
  };

  room
    .on(rtc.RoomEvent.ParticipantConnected, (p) =>
      opts.onEvent({ type: 'participant_joined', identity: p.identity }),
    )
    .on(rtc.RoomEvent.ParticipantDisconnected, (p) => {
      if (listening?.identity === p.identity) listening.stop();
      opts.onEvent({ type: 'participant_left', identity: p.identity });
    })
    .on(rtc.RoomEvent.TrackSubscribed, (t, pub, p) => {
      if (t.kind === rtc.TrackKind.KIND_AUDIO) listen(t, pub.sid ?? '', p.identity);
    })
    .on(rtc.RoomEvent.TrackUnsubscribed, (_t, _pub, p) => {
      if (listening?.identity === p.identity) listening.stop();
    })
    .on(rtc.RoomEvent.Disconnected, (reason) => {
      if (leaving) return;
      leaving = true;
      listening?.stop();
      opts.onEvent({ type: 'disconnected', reason: rtc.DisconnectReason[reason] ?? String(reason) });
    });

  const close = async (): Promise<void> => {
    leaving = true;
    listening?.stop();
    source.clearQueue();
    await bounded(room.disconnect(), opts.timeoutMs, 'leaving the room').catch(() => undefined);
    await source.close().catch(() => undefined);
    await track.close().catch(() => undefined);
  };

  try {
    await bounded(
      room.localParticipant!.publishTrack(
        track,
        new rtc.TrackPublishOptions({ source: rtc.TrackSource.SOURCE_MICROPHONE }),
      ),
      opts.timeoutMs,
      'publishing the agent track',
    );
  } catch (err) {
    await close();
    throw err;
  }
  // Participants and tracks that were there before we joined.
  for (const p of room.remoteParticipants.values()) {
    for (const pub of p.trackPublications.values()) {
      if (pub.track && pub.track.kind === rtc.TrackKind.KIND_AUDIO)
        listen(pub.track, pub.sid ?? '', p.identity);
    }
  }

  const sink: RoomAudioSink = {
    write: async (chunk: PcmChunk) => {
      if (leaving) return;
      for (const frame of toSourceFrames(rtc, resamplers, chunk)) await source.captureFrame(frame);
    },
    clear: () => source.clearQueue(),
  };
  return { sink, close };
}

/** Mixes to mono and resamples to the source's rate (one resampler per input rate). */
function toSourceFrames(
  rtc: Rtc,
  resamplers: Map<number, InstanceType<Rtc['AudioResampler']>>,
  chunk: PcmChunk,
): InstanceType<Rtc['AudioFrame']>[] {
  const n = Math.floor(chunk.data.length / chunk.channels);
  let mono = chunk.data;
  if (chunk.channels > 1) {
    mono = new Int16Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let c = 0; c < chunk.channels; c++) sum += chunk.data[i * chunk.channels + c];
      mono[i] = Math.round(sum / chunk.channels);
    }
  }
  const frame = new rtc.AudioFrame(mono, chunk.sampleRate, 1, n);
  if (chunk.sampleRate === OUTPUT_RATE) return [frame];
  let r = resamplers.get(chunk.sampleRate);
  if (!r) {
    r = new rtc.AudioResampler(chunk.sampleRate, OUTPUT_RATE, 1);
    resamplers.set(chunk.sampleRate, r);
  }
  return r.push(frame);
}

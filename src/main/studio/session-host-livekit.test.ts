import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../shared/config';
import { timedVad, type ScriptedVAD } from '../engine/testing';
import { RoomAudioOutput } from '../io/livekit-output';
import { RoomConnectError, type ConnectRoomOptions, type RoomConnection } from '../io/livekit-room';
import type { PcmChunk } from '../io/paced-audio-output';
import { RendererMicInput } from '../io/renderer-mic-input';
import { tableLlm } from '../providers/simulated';
import { scenarioTts } from '../simulation/scenario-providers';
import { hostRig } from './testing/host-rig';
import { liveKitJoiner } from './session-io/room-io';
import type { ProviderFactory } from './session-providers';

const REPLY = 'Hello from the agent.';
const KEYS = { LIVEKIT_API_KEY: 'APIkey12345', LIVEKIT_API_SECRET: 'secret-secret-secret-secret-1234' };

const roomConfig = (extra: Partial<StudioConfigInput> = {}): StudioConfigInput => ({
  inputMode: 'livekit',
  livekit: { url: 'wss://my-project.livekit.cloud', room: 'studio' },
  providers: {
    llm: {
      provider: 'simulated',
      ttftMs: 100,
      tokensPerSecond: 50,
      responses: [{ input: 'hi', content: REPLY }],
    },
  },
  ...extra,
});

function providers(vads: ScriptedVAD[]): ProviderFactory {
  return async (config, deps) => {
    const llm = Array.isArray(config.providers.llm) ? config.providers.llm[0] : config.providers.llm;
    if (llm.provider !== 'simulated') throw new Error('simulated LLM only');
    const vad = timedVad(deps.clock, []);
    vads.push(vad);
    return {
      llm: tableLlm(llm, deps.clock),
      tts: scenarioTts(deps.clock, [{ input: REPLY, audioDurationMs: 1000, ttfbMs: 50, durationMs: 100 }]),
      stt: null,
      vad: deps.audioInput ? vad : null,
      caller: null,
      warnings: [],
      close: async () => undefined,
    };
  };
}

/** A room without rtc-node: what the session gets from connectLiveKitRoom, with its hooks exposed. */
function fakeRoom() {
  const sent: PcmChunk[] = [];
  const made: { opts: ConnectRoomOptions | null; input: RendererMicInput | null; disconnects: number } = {
    opts: null,
    input: null,
    disconnects: 0,
  };
  const connect = async (opts: ConnectRoomOptions): Promise<RoomConnection> => {
    made.opts = opts;
    const input = new RendererMicInput({
      label: 'fake room',
      now: () => opts.clock.now(),
      onWarning: () => undefined,
    });
    made.input = input;
    const output = new RoomAudioOutput(opts.clock, {
      write: async (c) => void sent.push(c),
      clear: () => undefined,
    });
    return {
      url: opts.url,
      room: opts.room,
      input,
      output,
      disconnect: async () => {
        made.disconnects += 1;
        input.end();
        output.dispose();
      },
    };
  };
  return { sent, made, connect };
}

function rigWith(keys: Record<string, string>, connect: (o: ConnectRoomOptions) => Promise<RoomConnection>) {
  const vads: ScriptedVAD[] = [];
  const keySource = { get: (n: string) => keys[n] };
  const r = hostRig({
    createProviders: providers(vads),
    keys: keySource,
    joinRoom: liveKitJoiner({ keys: keySource, connect }),
  });
  return { r, vads };
}

describe('SessionHost livekit sessions', () => {
  it('refuses a missing room config (naming livekit.url) and missing keys (naming them and the command)', async () => {
    const room = fakeRoom();
    const { r } = rigWith({}, room.connect);
    const noUrl = await r.drive(r.host.handlers.startSession({ config: { inputMode: 'livekit' } }));
    expect(noUrl.ok ? null : noUrl.error).toMatchObject({ code: 'invalid_input', field: 'livekit.url' });
    const noKeys = await r.drive(r.host.handlers.startSession({ config: roomConfig() }));
    expect(noKeys.ok ? null : noKeys.error).toMatchObject({ code: 'failed', field: 'livekit' });
    const message = noKeys.ok ? '' : noKeys.error.message;
    expect(message).toContain('LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
    expect(message).toContain('npm run studio -- keys set LIVEKIT_API_KEY');
    expect(room.made.opts).toBeNull();
    expect(r.host.getStatus().phase).toBe('idle');
  });

  it('a room that cannot be joined fails the start with its message, and nothing keeps running', async () => {
    const { r } = rigWith(KEYS, async (opts) => {
      throw new RoomConnectError(`could not join the LiveKit room at ${opts.url}: refused; check the server`);
    });
    const res = await r.drive(r.host.handlers.startSession({ config: roomConfig() }));
    expect(res.ok ? null : res.error).toMatchObject({ code: 'failed' });
    expect(res.ok ? '' : res.error.message).toContain(
      'could not join the LiveKit room at wss://my-project.livekit.cloud',
    );
    expect(res.ok ? '' : res.error.message).not.toContain(KEYS.LIVEKIT_API_SECRET);
    expect(r.host.getStatus()).toMatchObject({ phase: 'error', inputMode: null });
    expect(r.host.pendingWork()).toEqual([]);
  });

  it('hears the room through the VAD, speaks into the room, and keeps running in text mode after a drop', async () => {
    const room = fakeRoom();
    const { r, vads } = rigWith(KEYS, room.connect);
    const started = await r.drive(r.host.handlers.startSession({ config: roomConfig() }));
    expect(started.ok, started.ok ? '' : started.error.message).toBe(true);
    expect(r.host.getStatus()).toMatchObject({ phase: 'running', inputMode: 'livekit' });
    const opts = room.made.opts as ConnectRoomOptions;
    expect(opts).toMatchObject({ url: 'wss://my-project.livekit.cloud', room: 'studio' });
    expect(opts.token.split('.')).toHaveLength(3); // minted from the stored key + secret
    // The remote participant's audio reaches the engine's VAD at the room's rate.
    const input = room.made.input as RendererMicInput;
    for (let i = 1; i <= 20; i++) input.push(new Int16Array(480).fill(i), 48000, 1);
    await r.clock.advance(100);
    expect(vads[0].streams.flatMap((st) => st.frames.map((f) => [f.data[0], f.sampleRate]))).toEqual(
      Array.from({ length: 20 }, (_, i) => [i + 1, 48000]),
    );
    opts.onEvent({ type: 'participant_joined', identity: 'alice' });
    // The agent's speech is paced into the room.
    await r.drive(r.host.handlers.sendText({ text: 'hi' }));
    await r.clock.advance(3000);
    const sentMs = room.sent.reduce((n, c) => n + (c.data.length / c.sampleRate) * 1000, 0);
    expect(sentMs).toBe(1000);
    // The room drops: an error event, the status says why, and typed turns still work.
    opts.onEvent({ type: 'disconnected', reason: 'SERVER_SHUTDOWN' });
    await r.clock.advance(100);
    const errors = r.ofType('error').filter((e) => e.source === 'livekit');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toContain('keeps running in text mode');
    expect(r.host.getStatus()).toMatchObject({ phase: 'running' });
    expect(r.host.getStatus().lastError).toMatch(
      /^livekit: the LiveKit room studio at wss:\/\/my-project\.livekit\.cloud disconnected \(SERVER_SHUTDOWN\)/,
    );
    expect(
      r.ofType('warning').some((w) => w.source === 'livekit' && w.message.includes('alice joined')),
    ).toBe(true);
    expect(vads.length).toBe(1);
    const stopped = await r.drive(r.host.handlers.stopSession({ drain: false }));
    expect(stopped.ok).toBe(true);
    expect(room.made.disconnects).toBe(1);
    expect(r.host.pendingWork()).toEqual([]);
  });
});

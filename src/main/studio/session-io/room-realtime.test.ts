/**
 * Issue 12 point 3, the LiveKit room on a realtime model: a 'livekit' session whose providers.llm
 * is "openai-realtime", built by the studio's registry against the local TLS realtime test
 * server, with a fake room whose remote participant speaks a tone at LiveKit's 48 kHz. The
 * server hears it at 24 kHz, its VAD turns the user's state, and its scripted reply is published
 * back into the room; speaking over the reply cuts it where the room had played it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LiveKitConfigSchema, StudioConfigSchema } from '../../../shared/config';
import type { EngineEvent } from '../../engine';
import { RoomAudioOutput } from '../../io/livekit-output';
import type { RoomConnection } from '../../io/livekit-room';
import type { PcmChunk } from '../../io/paced-audio-output';
import { RendererMicInput } from '../../io/renderer-mic-input';
import { audioFrames, TEST_KEY } from '../../providers/testing/realtime-rig';
import { RealtimeTestServer } from '../../providers/testing/realtime-test-server';
import { ioRig } from './testing/io-rig';
import { openRoom, type RoomJoiner } from './room-io';

const LIVEKIT = LiveKitConfigSchema.parse({ url: 'wss://example.livekit.cloud', room: 'studio' });
const KEY_NAME = 'ROOM_REALTIME_TEST_KEY';

let server: RealtimeTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A room whose remote participant is what the test pushes, and whose published audio is recorded. */
function fakeRoom() {
  const published: PcmChunk[] = [];
  const made = { input: null as RendererMicInput | null, output: null as RoomAudioOutput | null };
  const join: RoomJoiner = async (config, ctx) => {
    const input = new RendererMicInput({
      label: 'fake room',
      now: () => ctx.clock.now(),
      onWarning: () => {},
    });
    const output = new RoomAudioOutput(ctx.clock, {
      write: async (chunk) => void published.push(chunk),
      clear: () => undefined,
    });
    made.input = input;
    made.output = output;
    const room: RoomConnection = {
      url: config.url,
      room: config.room,
      input,
      output,
      disconnect: async () => {
        input.end();
        output.dispose();
      },
    };
    return room;
  };
  return { join, made, published, publishedMs: () => published.reduce((ms, c) => ms + chunkMs(c), 0) };
}

const chunkMs = (c: PcmChunk) => (c.data.length / c.channels / c.sampleRate) * 1000;

/** What the remote participant says: 20 ms frames at LiveKit's 48 kHz. */
function speak(input: RendererMicInput, ms: number, loud: boolean): void {
  for (const f of audioFrames(ms, loud, 48000)) input.push(f.data, f.sampleRate, f.channels);
}

/**
 * Waits for what the socket brings; meanwhile runs the timers due now without moving the
 * virtual time (the realtime session's zero-delay yields).
 */
async function until(cond: () => boolean, what: string, clock: { advance(ms: number): Promise<void> }) {
  for (let i = 0; i < 2000 && !cond(); i++) {
    await new Promise((r) => setTimeout(r, 5));
    await clock.advance(0);
  }
  if (!cond()) throw new Error(`never happened: ${what}`);
}

/** Plays `ms` of session time in 20 ms steps, letting the socket's events in between. */
async function play(clock: { advance(ms: number): Promise<void> }, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 20) {
    await clock.advance(20);
    await new Promise((r) => setTimeout(r, 1));
  }
}

const userStates = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === 'user_state_changed' ? [e.newState] : []));

const assistantMessages = (events: EngineEvent[]) =>
  events.flatMap((e) =>
    e.type === 'conversation_item_added' && e.item.type === 'message' && e.item.role === 'assistant'
      ? [e.item]
      : [],
  );

async function openRealtimeRoom(tts: Record<string, unknown>) {
  server = await RealtimeTestServer.start({ apiKey: TEST_KEY, models: ['gpt-realtime'] });
  const r = ioRig({ realtime: { keys: { [KEY_NAME]: TEST_KEY }, ca: server.ca } });
  const room = fakeRoom();
  r.ctx.joinRoom = room.join;
  const config = StudioConfigSchema.parse({
    inputMode: 'livekit',
    livekit: LIVEKIT,
    providers: {
      vad: { provider: 'none' },
      llm: {
        provider: 'openai-realtime',
        baseURL: server.baseURL,
        apiKeyName: KEY_NAME,
        turnDetection: { type: 'server_vad' },
      },
      tts,
    },
  });
  const opened = await openRoom(config, LIVEKIT, r.ctx);
  await opened.session.start({
    agent: opened.agents.start,
    audioInput: opened.io.audioInput,
    audioOutput: opened.io.audioOutput,
  });
  // Audio of a moment the server cannot hear yet is dropped: the participant speaks once it is open.
  await until(() => server!.eventsOf('session.update').length > 0, 'the realtime session is open', r.clock);
  return { r, room, opened, server };
}

describe('a LiveKit room session on the OpenAI Realtime model (TLS test server)', () => {
  it.each([
    ['a TTS for say()', { provider: 'simulated' }, true],
    [
      'no TTS (it cannot be built: its key is missing)',
      { provider: 'openai', apiKeyName: 'NO_SUCH_TTS_KEY' },
      false,
    ],
  ])(
    'with %s: the room is heard at 24 kHz, the server VAD turns the user, the reply is published, speaking over it cuts it',
    async (_name, tts, hasTts) => {
      const { r, room, opened, server } = await openRealtimeRoom(tts);
      // The realtime model's own voice speaks into the room whether or not a TTS was built.
      expect(r.providers.built[0].tts !== null).toBe(hasTts);
      expect(opened.io.audioOutput).toBe(room.made.output);
      const input = room.made.input!;
      server.transcripts.push('what time is it');
      server.replies.push({ text: 'It is noon, and the sun is high.', audioMs: 2000, keepOpen: true });
      // 600 ms of speech, then more than the server's 500 ms silence window.
      speak(input, 600, true);
      speak(input, 800, false);
      await until(
        () => server.sentOf('input_audio_buffer.speech_stopped').length === 1,
        'speech stopped',
        r.clock,
      );

      // 24 kHz PCM16 reached the server, and its audio clock counted exactly what the room gave.
      expect(server.eventsOf('input_audio_buffer.append').length).toBeGreaterThan(0);
      const session = server.current.session as { audio?: { input?: Record<string, unknown> } };
      expect(session.audio?.input?.format).toEqual({ type: 'audio/pcm', rate: 24000 });
      expect(server.handshakes.at(-1)?.authorization).toBe(true);
      await until(() => server.current.audioMs >= 1400, 'all the room audio reached the server', r.clock);
      expect(server.current.audioMs).toBe(1400);
      const started = server.sentOf('input_audio_buffer.speech_started')[0];
      expect(started.audio_start_ms).toBe(0);

      // The server's VAD is the user's state (no local VAD).
      await until(() => userStates(r.events).includes('listening'), 'the user stopped speaking', r.clock);
      expect(userStates(r.events)).toEqual(['speaking', 'listening']);

      // The reply's audio is published into the room as it plays on the session clock.
      await until(() => room.made.output!.busy, 'the reply reached the room output', r.clock);
      await play(r.clock, 700);
      await until(() => room.publishedMs() >= 700, 'the room got the reply audio', r.clock);
      expect(room.published.every((c) => c.sampleRate === 24000 && c.channels === 1)).toBe(true);

      // The participant speaks over it: the server's VAD cancels the reply, the session cuts the
      // assistant's message where the room had played it.
      const playedMs = r.clock.now() - room.published[0].tMs;
      speak(input, 200, true);
      await until(() => server.truncations.length === 1, 'conversation.item.truncate', r.clock);
      expect(server.truncations[0].audioEndMs).toBe(Math.round(playedMs));
      expect(room.publishedMs()).toBeLessThan(2000);
      await until(() => userStates(r.events).length === 3, 'the user speaks again', r.clock);
      expect(userStates(r.events).at(-1)).toBe('speaking');
      await until(() => assistantMessages(r.events).length === 1, 'the cut reply in the chat', r.clock);
      expect(assistantMessages(r.events)[0]).toMatchObject({ interrupted: true });

      opened.io.end();
      await opened.session.close();
      opened.io.halt();
      await opened.io.release();
      expect(r.providers.closed).toBe(1);
    },
  );
});

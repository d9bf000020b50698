/**
 * Test support for the OpenAI Realtime provider: a realtime test server, a model pointed at it
 * (trusting its certificate) on a virtual clock that moves only when a test says so, and a
 * recorder of a session's events with waits on them — so tests wait on events, never on time.
 * Tests only.
 */
import {
  VirtualClock,
  makeFrame,
  type AudioFrame,
  type RealtimeSession,
  type RealtimeSessionEvents,
} from '../../engine';
import {
  createOpenAIRealtimeModel,
  type OpenAIRealtimeModel,
  type OpenAIRealtimeSettingsInput,
} from '../openai-realtime';
import { RealtimeTestServer, type RealtimeTestServerOptions } from './realtime-test-server';

export const TEST_KEY = 'sk-test-realtime-0123456789';

export interface LogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export async function realtimeRig(
  opts: {
    settings?: Partial<OpenAIRealtimeSettingsInput>;
    server?: RealtimeTestServerOptions;
    apiKey?: string;
  } = {},
) {
  const server = await RealtimeTestServer.start({
    apiKey: TEST_KEY,
    models: ['gpt-realtime'],
    ...opts.server,
  });
  const clock = new VirtualClock();
  const logs: LogLine[] = [];
  const model: OpenAIRealtimeModel = createOpenAIRealtimeModel(
    { baseURL: server.baseURL, ...opts.settings },
    {
      clock,
      apiKey: opts.apiKey ?? TEST_KEY,
      tls: { ca: server.ca },
      log: { log: (level, msg, fields) => logs.push({ level, msg, fields }) },
    },
  );
  return {
    server,
    clock,
    model,
    logs,
    close: async () => {
      await model.close();
      await server.close();
    },
  };
}

type EventName = keyof RealtimeSessionEvents;

/** Records every event of a session; `next` waits for the n-th event of a type (past or future). */
export function recordEvents(session: RealtimeSession) {
  const seen: Array<{ type: EventName; payload: unknown }> = [];
  const waiters: Array<{ type: EventName; index: number; resolve: (p: unknown) => void }> = [];
  const names: EventName[] = [
    'input_speech_started',
    'input_speech_stopped',
    'input_audio_transcription_completed',
    'generation_created',
    'session_reconnected',
    'metrics_collected',
    'error',
  ];
  for (const type of names) {
    session.on(type, (payload: unknown) => {
      seen.push({ type, payload });
      const count = seen.filter((e) => e.type === type).length;
      for (const w of waiters.filter((x) => x.type === type && x.index === count - 1)) w.resolve(payload);
    });
  }
  const of = <K extends EventName>(type: K): Array<RealtimeSessionEvents[K]> =>
    seen.filter((e) => e.type === type).map((e) => e.payload as RealtimeSessionEvents[K]);
  return {
    seen,
    of,
    types: () => seen.map((e) => e.type),
    /** The `index`-th (0-based) event of `type`. */
    nth: <K extends EventName>(type: K, index = 0): Promise<RealtimeSessionEvents[K]> => {
      const have = of(type);
      if (have.length > index) return Promise.resolve(have[index]);
      return new Promise((resolve) =>
        waiters.push({ type, index, resolve: resolve as (p: unknown) => void }),
      );
    },
  };
}

/** `ms` of 24 kHz (or `rate`) audio: a loud tone or silence, in 20 ms frames. */
export function audioFrames(ms: number, loud: boolean, rate = 24000): AudioFrame[] {
  const frames: AudioFrame[] = [];
  const per = (rate * 20) / 1000;
  for (let t = 0; t < ms; t += 20) {
    const data = new Int16Array(per);
    if (loud)
      for (let i = 0; i < per; i++) data[i] = Math.round(4000 * Math.sin((2 * Math.PI * 300 * i) / rate));
    frames.push(makeFrame(data, rate, 1));
  }
  return frames;
}

/** Collects a stream to the end. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of stream) out.push(x);
  return out;
}

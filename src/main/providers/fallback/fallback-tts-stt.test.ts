import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frameDurationMs } from '../../engine/audio/frame';
import { VirtualClock } from '../../engine/base/virtual-clock';
import type { SpeechEvent } from '../../engine/stt/stt';
import type { TTS } from '../../engine/tts/tts';
import { ProviderError } from '../common/provider-error';
import { OpenAISTT } from '../openai/stt';
import { OpenAITTS } from '../openai/tts';
import { EnergyVAD, testFrames } from '../testing/energy-vad';
import { OpenAITestServer } from '../testing/openai-test-server';
import { collect, waitFor } from '../testing/wait-for';
import { FallbackSTT } from './fallback-stt';
import { FallbackTTS } from './fallback-tts';
import type { ProviderSwitchedEvent } from './provider-pool';

let a: OpenAITestServer;
let b: OpenAITestServer;
let clock: VirtualClock;
let events: ProviderSwitchedEvent[];
const closers: Array<() => Promise<void>> = [];

beforeEach(async () => {
  a = await OpenAITestServer.start({ lifetimeMs: 600_000, msPerChar: 10 });
  b = await OpenAITestServer.start({ lifetimeMs: 600_000, msPerChar: 10 });
  clock = new VirtualClock();
  events = [];
});
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  expect(clock.pendingTimerCount()).toBe(0);
  await a.close();
  await b.close();
});

const conn = (s: OpenAITestServer) => ({ apiKey: s.apiKey, baseURL: s.url, clock, retry: { maxRetries: 0 } });

function ttsChain(): FallbackTTS {
  const tts = new FallbackTTS(
    [
      new OpenAITTS({ ...conn(a), model: 'tts-1', voice: 'alloy' }),
      new OpenAITTS({ ...conn(b), model: 'gpt-4o-mini-tts', voice: 'verse' }),
    ],
    { clock, recoveryDelayMs: 500, onSwitch: (ev) => events.push(ev) },
  );
  closers.push(() => tts.close());
  return tts;
}

const S1 = 'Hello there, this is sentence one.';
const S2 = 'And this is sentence number two.';

describe('FallbackTTS', () => {
  it('gives the whole input to the next TTS when the first fails before audio, then recovers it', async () => {
    a.enqueue('speech', { kind: 'status', status: 500, message: 'tts down' });
    const tts = ttsChain();
    const stream = tts.stream();
    stream.pushText(`${S1} `);
    stream.pushText(S2.slice(0, 10));
    await a.waitForRequests(1);
    // Text pushed after the switch reaches the new provider live.
    await waitFor(() => events.length === 1, 'switch');
    stream.pushText(S2.slice(10));
    stream.endInput();
    const { items, error } = await collect(stream);

    expect(error).toBeUndefined();
    expect(events[0]).toMatchObject({ kind: 'tts', from: 'openai.TTS#1', to: 'openai.TTS#2' });
    expect(events[0].reason).toMatch(/^openai.TTS#1 failed: .*server error \(500\)/);
    expect(b.requests.map((r) => r.body.input)).toEqual([S1, S2]);
    expect(b.requests[0].body.voice).toBe('verse');
    const ms = items.reduce((sum, i) => sum + frameDurationMs(i.frame), 0);
    expect(ms).toBeCloseTo((S1.length + S2.length) * 10, 6);

    await clock.advance(500);
    await waitFor(() => events.length === 2, 'recovery');
    expect(events[1]).toEqual({
      type: 'provider_switched',
      kind: 'tts',
      from: 'openai.TTS#2',
      to: 'openai.TTS#1',
      reason: 'openai.TTS#1 recovered',
    });
    expect(a.requests[1].body.input).toBe('Okay.');
  });

  it('a TTS that fails after its audio started ends the stream with the error, without switching', async () => {
    a.enqueue('speech', { kind: 'cut', afterBytes: 5000 });
    const stream = ttsChain().stream();
    stream.pushText(S1);
    stream.endInput();
    const { items, error } = await collect(stream);
    expect(items.length).toBeGreaterThan(0);
    expect((error as ProviderError).code).toBe('stream_interrupted');
    expect(b.requests).toHaveLength(0);
    expect(events).toEqual([]);
  });

  it('rejects TTSs whose audio formats differ', () => {
    const other = {
      label: 'other',
      sampleRate: 16000,
      numChannels: 1,
      capabilities: { streaming: true, alignedTranscript: false },
      stream: () => {
        throw new Error('unused');
      },
    } as TTS;
    expect(
      () =>
        new FallbackTTS([new OpenAITTS({ ...conn(a), model: 'tts-1', voice: 'alloy' }), other], { clock }),
    ).toThrow(/other makes 16000 Hz\/1 ch audio but openai.TTS 24000 Hz\/1 ch/);
  });
});

const summary = (evs: SpeechEvent[]): string[] =>
  evs.map((e) =>
    e.type === 'recognition_usage'
      ? `usage ${e.audioDurationMs}`
      : e.alternatives[0]
        ? `${e.type} ${e.alternatives[0].text}`
        : e.type,
  );

function sttChain(): FallbackSTT {
  const vad = new EnergyVAD(clock);
  const stt = new FallbackSTT(
    [
      new OpenAISTT({ ...conn(a), model: 'whisper-1', vad }),
      new OpenAISTT({ ...conn(b), model: 'whisper-1', vad }),
    ],
    { clock, recoveryDelayMs: 2000, onSwitch: (ev) => events.push(ev) },
  );
  closers.push(() => stt.close());
  return stt;
}

describe('FallbackSTT', () => {
  it('replays the untranscribed utterance into the next STT when the first fails', async () => {
    a.enqueue('transcriptions', { kind: 'status', status: 502 });
    b.enqueue('transcriptions', { kind: 'text', text: 'heard by the second' });
    const stream = sttChain().stream();
    for (const f of [...testFrames(300, true), ...testFrames(100, false)]) stream.pushFrame(f);
    await waitFor(() => events.length === 1, 'switch');
    stream.endInput();
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(events[0]).toMatchObject({ kind: 'stt', from: 'openai.STT#1', to: 'openai.STT#2' });
    expect(summary(items)).toEqual([
      'start_of_speech',
      'end_of_speech',
      'start_of_speech',
      'end_of_speech',
      'final_transcript heard by the second',
      'usage 400',
    ]);
    expect(b.requests[0].wav?.durationMs).toBe(400);

    // Probe: half a second of silence through `recognize`, after the delay on the clock.
    await clock.advance(2000);
    await waitFor(() => events.length === 2, 'recovery');
    expect(a.requests[1].wav?.durationMs).toBe(500);
    expect(events[1].reason).toBe('openai.STT#1 recovered');
  });

  it('fails when every STT fails', async () => {
    a.enqueue('transcriptions', { kind: 'status', status: 500 });
    b.enqueue('transcriptions', { kind: 'status', status: 500 });
    const stream = sttChain().stream();
    for (const f of [...testFrames(100, true), ...testFrames(100, false)]) stream.pushFrame(f);
    stream.endInput();
    const { error } = await collect(stream);
    expect((error as ProviderError).code).toBe('all_failed');
    expect((error as ProviderError).message).toMatch(
      /^all STT providers failed \(openai.STT#1, openai.STT#2\)/,
    );
  });
});

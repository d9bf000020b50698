import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsData } from '../../../shared/engine-events';
import { VirtualClock } from '../../engine/base/virtual-clock';
import type { SpeechEvent } from '../../engine/stt/stt';
import { EnergyVAD, testFrames } from '../testing/energy-vad';
import { OpenAITestServer } from '../testing/openai-test-server';
import { collect } from '../testing/wait-for';
import { ProviderError } from '../common/provider-error';
import { OpenAISTT, type OpenAISTTOptions } from './stt';

let server: OpenAITestServer;
let clock: VirtualClock;

beforeEach(async () => {
  server = await OpenAITestServer.start({ lifetimeMs: 600_000 });
  clock = new VirtualClock();
});
afterEach(async () => {
  await server.close();
});

function makeStt(extra: Partial<OpenAISTTOptions> = {}): OpenAISTT {
  return new OpenAISTT({
    model: 'whisper-1',
    apiKey: server.apiKey,
    baseURL: server.url,
    clock,
    vad: new EnergyVAD(clock),
    ...extra,
  });
}

const summary = (evs: SpeechEvent[]): string[] =>
  evs.map((e) =>
    e.type === 'recognition_usage'
      ? `usage ${e.audioDurationMs}`
      : e.alternatives[0]
        ? `${e.type} ${e.alternatives[0].text}`
        : e.type,
  );

describe('OpenAISTT.recognize', () => {
  it('uploads the segment as a WAV and returns the final transcript, with stt metrics on the clock', async () => {
    let release!: () => void;
    server.enqueue('transcriptions', {
      kind: 'text',
      text: 'Book a table for two.',
      language: 'english',
      gate: new Promise((r) => (release = r)),
    });
    const metrics: MetricsData[] = [];
    const stt = makeStt({ language: 'en', onMetrics: (m) => metrics.push(m) });
    const pending = stt.recognize(testFrames(640, true));
    await server.waitForRequests(1);
    await clock.advance(250);
    release();
    const ev = await pending;

    expect(ev.type).toBe('final_transcript');
    expect(ev.alternatives[0]).toMatchObject({
      text: 'Book a table for two.',
      language: 'english',
      endTimeMs: 640,
    });
    const req = server.requests[0];
    expect(req.wav).toEqual({ sampleRate: 16000, channels: 1, bitsPerSample: 16, durationMs: 640 });
    expect(req.body).toMatchObject({ model: 'whisper-1', language: 'en', response_format: 'verbose_json' });
    expect(metrics).toHaveLength(1);
    const m = metrics[0];
    if (m.type !== 'stt') throw new Error('expected stt metrics');
    expect(m).toMatchObject({
      audioDurationMs: 640,
      streamed: false,
      label: 'openai.STT',
      requestId: ev.requestId,
    });
    expect(m.durationMs).toBeCloseTo(250, 1);
  });

  it('streams partial text as interim results for gpt-4o-transcribe', async () => {
    server.enqueue('transcriptions', { kind: 'text', text: 'one two three' });
    const stt = makeStt({ model: 'gpt-4o-transcribe' });
    expect(stt.capabilities.interimResults).toBe(true);
    const interims: string[] = [];
    const ev = await stt.recognize(testFrames(200, true), { onInterim: (t) => interims.push(t) });
    expect(interims).toEqual(['one ', 'one two ', 'one two three']);
    expect(ev.alternatives[0].text).toBe('one two three');
    expect(server.requests[0].body).toMatchObject({ stream: 'true', model: 'gpt-4o-transcribe' });
  });

  it('a wrong key fails with a ProviderError naming the key', async () => {
    const err = await makeStt({ apiKey: 'sk-nope-nope-nope', apiKeyName: 'MY_KEY' })
      .recognize(testFrames(100, true))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).message).toMatch(/^MY_KEY was rejected \(401\)/);
    expect((err as ProviderError).message).not.toContain('sk-nope');
  });
});

describe('OpenAISTT stream (VAD segments)', () => {
  it('reports start/end of speech and transcribes each segment in order with its usage', async () => {
    server.enqueue('transcriptions', { kind: 'text', text: 'first' }, { kind: 'text', text: 'second' });
    const stream = makeStt().stream();
    const audio = [
      ...testFrames(300, true),
      ...testFrames(200, false),
      ...testFrames(400, true),
      ...testFrames(200, false),
    ];
    for (const f of audio) stream.pushFrame(f);
    stream.endInput();
    const { items, error } = await collect(stream);
    expect(error).toBeUndefined();
    // Each segment holds its speech and the 100 ms of silence that ended it.
    expect(summary(items)).toEqual([
      'start_of_speech',
      'end_of_speech',
      'final_transcript first',
      'usage 400',
      'start_of_speech',
      'end_of_speech',
      'final_transcript second',
      'usage 500',
    ]);
    expect(server.requests.map((r) => r.wav?.durationMs)).toEqual([400, 500]);
  });

  it('emits interim transcripts while a streamed segment is transcribed; no final for empty text', async () => {
    server.enqueue('transcriptions', { kind: 'text', text: 'hello there' }, { kind: 'text', text: '' });
    const stream = makeStt({ model: 'gpt-4o-transcribe' }).stream();
    for (const f of [...testFrames(100, true), ...testFrames(100, false), ...testFrames(60, true)])
      stream.pushFrame(f);
    stream.endInput();
    const { items } = await collect(stream);
    expect(summary(items)).toEqual([
      'start_of_speech',
      'end_of_speech',
      'interim_transcript hello ',
      'interim_transcript hello there',
      'final_transcript hello there',
      'usage 200',
      'start_of_speech',
      'end_of_speech',
      'usage 60',
    ]);
  });

  it('a failed recognition ends the stream with the error', async () => {
    server.enqueue('transcriptions', { kind: 'status', status: 400, message: 'bad audio' });
    const stream = makeStt().stream();
    for (const f of testFrames(100, true)) stream.pushFrame(f);
    stream.endInput();
    const { items, error } = await collect(stream);
    expect(summary(items)).toEqual(['start_of_speech', 'end_of_speech']);
    expect((error as ProviderError).message).toContain('request rejected (400)');
  });

  it('closing aborts an in-flight recognition: the stream ends quietly, nothing is billed or retried', async () => {
    server.enqueue('transcriptions', { kind: 'hang' });
    const metrics: MetricsData[] = [];
    const retries: unknown[] = [];
    const stream = makeStt({ onMetrics: (m) => metrics.push(m), onRetry: (r) => retries.push(r) }).stream();
    for (const f of [...testFrames(100, true), ...testFrames(100, false)]) stream.pushFrame(f);
    await server.waitForRequests(1);
    const reading = collect(stream);
    await stream.close();
    // The upload's socket is closed, not left hanging on the server.
    await server.waitForClientClose(1);
    // The reader sees the segment's edges and then a clean end: no transcript, no usage for audio
    // that was never recognized, and no error (closing is not a failure).
    const { items, error } = await reading;
    expect(summary(items)).toEqual(['start_of_speech', 'end_of_speech']);
    expect(error).toBeUndefined();
    expect(metrics).toEqual([]);
    // A closed stream does not retry the aborted request.
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('needs a VAD to stream', () => {
    const stt = new OpenAISTT({ model: 'whisper-1', apiKey: 'k', clock });
    expect(() => stt.stream()).toThrow(/needs a VAD.*providers\.vad/);
  });
});

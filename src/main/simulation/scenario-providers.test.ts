import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ChatContext } from '../engine/llm/chat-context';
import type { ChatChunk } from '../engine/llm/llm';
import type { SynthesizedAudio } from '../engine/tts/tts';
import { llmLookupKey, silenceFrames } from '../engine/testing';
import { scenarioLlm, scenarioTts } from './scenario-providers';

function drain<T>(it: AsyncIterable<T>, clock: VirtualClock) {
  const got: Array<[number, T]> = [];
  let endedAt: number | null = null;
  const done = (async () => {
    for await (const x of it) got.push([clock.instantMs, x]);
    endedAt = clock.instantMs;
  })();
  return { got, done, endedAt: () => endedAt };
}

const userCtx = (text: string) => {
  const c = new ChatContext();
  c.addMessage({ role: 'system', content: 'sys', createdAt: 0 });
  c.addMessage({ role: 'user', content: text, createdAt: 1 });
  return c;
};

describe('scenario LLM (format §4.3)', () => {
  const responses = [
    { input: 'hi', content: 'old', toolCalls: [], ttftMs: 1, durationMs: 1 },
    {
      input: 'hi',
      content: 'Hello there!',
      toolCalls: [{ name: 'get_weather', arguments: '{"location":"Tokyo"}', callId: '1' }],
      ttftMs: 100,
      durationMs: 300,
    },
  ];

  it('streams 3-character chunks at ttft and tool calls at durationMs (last response for a key wins)', async () => {
    const clock = new VirtualClock(1000);
    const llm = scenarioLlm(clock, responses);
    const s = llm.chat({
      chatCtx: userCtx('hi'),
      tools: [
        { name: 'b', description: '', parameters: {} },
        { name: 'a', description: '', parameters: {} },
      ],
    });
    const r = drain<ChatChunk>(s, clock);
    await clock.runUntil(2000);
    await r.done;
    const content = r.got.filter(([, c]) => c.delta?.content !== undefined);
    expect(content.map(([t, c]) => [t, c.delta?.content])).toEqual([
      [1100, 'Hel'],
      [1100, 'lo '],
      [1100, 'the'],
      [1100, 're!'],
    ]);
    const calls = r.got.filter(([, c]) => c.delta?.toolCalls?.length);
    expect(calls.map(([t, c]) => [t, c.delta?.toolCalls])).toEqual([
      [1300, [{ name: 'get_weather', arguments: '{"location":"Tokyo"}', callId: '1' }]],
    ]);
    expect(r.endedAt()).toBe(1300);
    expect(llm.requests).toMatchObject([{ tools: ['a', 'b'], toolChoice: null, key: 'hi' }]);
    expect(llm.openStreams()).toEqual([]);
  });

  it('an unknown key gives an empty completion at once; toolChoice is recorded as passed', async () => {
    const clock = new VirtualClock();
    const llm = scenarioLlm(clock, responses);
    const r = drain<ChatChunk>(llm.chat({ chatCtx: userCtx('nope'), tools: [], toolChoice: 'none' }), clock);
    await clock.runUntil(0);
    await r.done;
    expect(r.got).toEqual([]);
    expect(r.endedAt()).toBe(0);
    expect(llm.requests[0]).toMatchObject({ key: 'nope', toolChoice: 'none' });
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('keys: last user message, else last tool output, else the reply instructions', () => {
    const c = userCtx('hello');
    expect(llmLookupKey({ chatCtx: c, replyInstructions: 'greet' })).toBe('hello');
    c.insert({ type: 'function_call', id: 'f', callId: '1', name: 't', arguments: '{}', createdAt: 2 });
    c.insert({
      type: 'function_call_output',
      id: 'o',
      callId: '1',
      name: 't',
      output: 'sunny',
      isError: false,
      createdAt: 3,
    });
    expect(llmLookupKey({ chatCtx: c })).toBe('sunny');
    c.addMessage({ role: 'assistant', content: 'ok', createdAt: 4 });
    expect(llmLookupKey({ chatCtx: c, replyInstructions: 'say bye' })).toBe('say bye');
    expect(llmLookupKey({ chatCtx: c })).toBeNull();
  });

  it('aborting the request stops the stream and leaves no timer', async () => {
    const clock = new VirtualClock();
    const llm = scenarioLlm(clock, responses);
    const ac = new AbortController();
    const r = drain<ChatChunk>(llm.chat({ chatCtx: userCtx('hi'), tools: [], signal: ac.signal }), clock);
    await clock.runUntil(50);
    ac.abort();
    await r.done;
    expect(r.got).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
    expect(llm.openStreams()).toEqual([]);
  });
});

describe('scenario TTS (format §4.4)', () => {
  const responses = [
    { input: "I'm doing well, thank you!", audioDurationMs: 2000, ttfbMs: 200, durationMs: 300 },
  ];

  it('pushes all audio at f + ttfb in 10 ms frames of 24 kHz silence and closes at max(f + duration, f + ttfb)', async () => {
    const clock = new VirtualClock();
    const tts = scenarioTts(clock, responses);
    const s = tts.stream();
    const r = drain<SynthesizedAudio>(s, clock);
    await clock.runUntil(3000);
    s.pushText("I'm doing ");
    await clock.runUntil(3300);
    s.pushText('well, thank you!');
    s.endInput();
    await clock.runUntil(5000);
    await r.done;
    expect(r.got.length).toBe(200);
    expect(new Set(r.got.map(([t]) => t))).toEqual(new Set([3500]));
    expect(
      r.got.every(
        ([, a]) =>
          a.frame.sampleRate === 24000 && a.frame.channels === 1 && a.frame.samplesPerChannel === 240,
      ),
    ).toBe(true);
    expect(r.got.at(-1)?.[1].isFinal).toBe(true);
    expect(r.endedAt()).toBe(3600);
    expect(tts.segments).toMatchObject([{ text: "I'm doing well, thank you!", scripted: true }]);
  });

  it('an unknown key produces no audio and closes at once', async () => {
    const clock = new VirtualClock();
    const tts = scenarioTts(clock, responses);
    const s = tts.stream();
    const r = drain<SynthesizedAudio>(s, clock);
    s.pushText('something else');
    s.endInput();
    await clock.runUntil(0);
    await r.done;
    expect(r.got).toEqual([]);
    expect(r.endedAt()).toBe(0);
    expect(tts.openStreams()).toEqual([]);
  });

  it('segments split by flush are keyed separately and synthesized one after another', async () => {
    const clock = new VirtualClock();
    const tts = scenarioTts(clock, [
      { input: 'One.', audioDurationMs: 100, ttfbMs: 50, durationMs: 400 },
      { input: 'Two.', audioDurationMs: 100, ttfbMs: 50, durationMs: 100 },
    ]);
    const s = tts.stream();
    const r = drain<SynthesizedAudio>(s, clock);
    s.pushText('One.');
    s.flush();
    s.pushText('Two.');
    s.endInput();
    await clock.runUntil(2000);
    await r.done;
    const firstFrame = (seg: string) => r.got.find(([, a]) => a.segmentId.endsWith(seg))?.[0];
    expect(firstFrame('seg1')).toBe(50);
    expect(firstFrame('seg2')).toBe(450);
    expect(r.endedAt()).toBe(500);
  });

  it('silenceFrames rounds the total and shortens the last frame', () => {
    const f = silenceFrames(25);
    expect(f.map((x) => x.samplesPerChannel)).toEqual([240, 240, 120]);
  });

  it('silenceFrames backs every frame of a length with one array of zeros, each frame its own object', () => {
    const [a, b, tail] = silenceFrames(25);
    const [c] = silenceFrames(10);
    expect(a.data).toBe(b.data);
    expect(c.data).toBe(a.data);
    expect(tail.data).not.toBe(a.data);
    expect(new Set([a, b, c]).size).toBe(3);
    expect([...a.data, ...tail.data].every((s) => s === 0)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import type { ChatItem } from '../../llm/chat-context';
import { Agent } from '../agent';

import { TextOutput } from '../io';
import { makeRig } from '../../testing/session-rig';

const summary = (items: ChatItem[]) =>
  items.map((i) =>
    i.type === 'message' ? `${i.role}:${i.content}${i.interrupted ? ' (interrupted)' : ''}` : i.type,
  );

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

async function* frames(ms: number): AsyncGenerator<AudioFrame> {
  for (let t = 0; t < ms; t += 10) yield silenceFrame(10, 24000);
}

describe('pipeline reply', () => {
  it('answers a user turn: LLM -> TTS -> audio, states, chat items and metrics attributed to the speech', async () => {
    const rig = makeRig({
      options: { preemptiveGeneration: false },
      speeches: [{ startMs: 500, endMs: 2500, transcript: 'Hello, how are you?', sttDelayMs: 200 }],
    });
    rig.llm.on('Hello, how are you?', { content: "I'm fine!", ttftMs: 100, durationMs: 300 });
    rig.tts.on("I'm fine!", { audioDurationMs: 2000, ttfbMs: 200 });
    const agent = new Agent({ instructions: 'be nice' });
    await rig.start(agent);
    await rig.run(8000);

    expect(rig.agentStates()).toEqual([
      ['listening', 0],
      ['thinking', 3000],
      ['speaking', 3500],
      ['listening', 5500],
    ]);
    expect(rig.userStates()).toEqual([
      ['speaking', 550],
      ['listening', 3000],
    ]);
    expect(summary(agent.chatCtx.items)).toEqual([
      'system:be nice',
      'agent_config_update',
      'user:Hello, how are you?',
      "assistant:I'm fine!",
    ]);
    expect(summary(rig.session.history.items)).toEqual([
      'agent_handoff',
      'user:Hello, how are you?',
      "assistant:I'm fine!",
    ]);
    const created = rig.of('speech_created');
    expect(created).toHaveLength(1);
    const speechId = created[0].speechId;
    const metrics = rig.of('metrics_collected').map((e) => e.metrics);
    expect(metrics.map((m) => [m.type, m.speechId])).toEqual([
      ['eou', speechId],
      ['llm', speechId],
      ['tts', speechId],
    ]);
    const eou = metrics[0];
    expect(
      eou.type === 'eou' && [eou.endOfUtteranceDelayMs, eou.transcriptionDelayMs].map(Math.round),
    ).toEqual([500, 200]);
    expect(rig.llm.requests.map((r) => r.key)).toEqual(['Hello, how are you?']);
    // per-message metrics (upstream ChatMessage.metrics)
    const round = (m: object | undefined) =>
      Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, Math.round(v as number)]));
    const [user, assistant] = agent.chatCtx.items.slice(2);
    expect(user.type === 'message' && round(user.metrics)).toMatchObject({
      stoppedSpeakingAt: 2500,
      transcriptionDelayMs: 200,
      endOfTurnDelayMs: 500,
      onUserTurnCompletedDelayMs: 0,
    });
    expect(assistant.type === 'message' && round(assistant.metrics)).toEqual({
      llmNodeTtftMs: 100,
      ttsNodeTtfbMs: 400,
      startedSpeakingAt: 3500,
      stoppedSpeakingAt: 5500,
      e2eLatencyMs: 1000,
    });
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
    expect(rig.clock.pendingTimerCount()).toBe(0);
    expect([...rig.llm.unclosedStreams(), ...rig.tts.unclosedStreams()]).toEqual([]);
    // events are plain serializable data: a structured clone matches type for type, JSON field for field
    expect(structuredClone(rig.events)).toStrictEqual(rig.events);
    expect(JSON.parse(JSON.stringify(rig.events))).toEqual(rig.events);
  });

  it('generateReply: user input is committed, extra instructions follow the agent instructions, tool choice is passed', async () => {
    const rig = makeRig();
    rig.llm.on('what time is it?', { content: 'Noon.' });
    rig.tts.on('Noon.', { audioDurationMs: 500 });
    const agent = new Agent({ instructions: 'You are terse.' });
    await rig.start(agent);
    const h = rig.session.generateReply({
      userInput: 'what time is it?',
      instructions: 'answer in two words',
      toolChoice: 'none',
    });
    await rig.settle(h.waitForPlayout());
    expect(rig.llm.requests).toMatchObject([
      {
        key: 'what time is it?',
        tools: [],
        toolChoice: 'none',
        instructions: 'You are terse.\nanswer in two words',
      },
    ]);
    // the extra instructions are for this reply only
    expect(agent.chatCtx.items[0]).toMatchObject({ role: 'system', content: 'You are terse.' });
    expect(summary(agent.chatCtx.items).slice(2)).toEqual(['user:what time is it?', 'assistant:Noon.']);
    expect(rig.of('speech_created')[0]).toMatchObject({
      source: 'generate_reply',
      userInitiated: true,
      speechId: h.id,
    });
    await rig.close();
  });

  it('say: a text stream is spoken whole, prerecorded audio skips the TTS, addToChatCtx false keeps it out', async () => {
    const rig = makeRig();
    rig.tts.on('Hello there.', { audioDurationMs: 1000, ttfbMs: 100 });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    const a = rig.session.say(chunks('Hello ', 'there.'));
    const b = rig.session.say('Recorded.', { audio: frames(700) });
    const c = rig.session.say('Hello there.', { addToChatCtx: false });
    await rig.settle(c.waitForPlayout());
    expect(a.done() && b.done()).toBe(true);
    expect(rig.tts.inputs).toEqual(['Hello there.', 'Hello there.']);
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([
      [1000, false],
      [700, false],
      [1000, false],
    ]);
    expect(summary(agent.chatCtx.items).slice(2)).toEqual(['assistant:Hello there.', 'assistant:Recorded.']);
    expect(rig.of('speech_created').map((e) => e.source)).toEqual(['say', 'say', 'say']);
    await rig.close();
  });

  it.each([
    ['the transcript synchronizer', true, 'Once'],
    ["the sink's own synchronized transcript", false, 'Once upon'],
  ])('interrupt(): the assistant message keeps only what was heard (%s)', async (_what, sync, heard) => {
    const rig = makeRig();
    rig.llm.on('tell me a story', { content: 'Once upon a time there was a fox.' });
    rig.tts.on('Once upon a time there was a fox.', { audioDurationMs: 4000, ttfbMs: 200 });
    rig.output.transcriptAt = (pos) => (pos < 4000 ? 'Once upon' : 'Once upon a time there was a fox.');
    const agent = new Agent({ instructions: 'x' });
    await rig.session.start({ agent, audioOutput: rig.output, syncTranscription: sync });
    const h = rig.session.generateReply({ userInput: 'tell me a story' });
    await rig.run(1500);
    expect(rig.session.agentState).toBe('speaking');
    const done = rig.session.interrupt();
    await rig.settle(done);
    expect(h.interrupted && h.done()).toBe(true);
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[1000, true]]);
    expect(summary(agent.chatCtx.items).slice(-1)).toEqual([`assistant:${heard} (interrupted)`]);
    expect(rig.session.agentState).toBe('listening');
    const interrupted = rig.of('speech_lifecycle').find((e) => e.state === 'interrupted');
    expect(interrupted).toMatchObject({ speechId: h.id, cause: 'api' });
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('interrupt() refuses an uninterruptible speech unless forced', async () => {
    const rig = makeRig();
    rig.tts.on('Please hold.', { audioDurationMs: 3000, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    const h = rig.session.say('Please hold.', { allowInterruptions: false });
    await rig.run(1000);
    await expect(rig.session.interrupt()).rejects.toThrow(/does not allow interruptions/);
    expect(h.interrupted).toBe(false);
    await rig.settle(rig.session.interrupt({ force: true }));
    expect(h.interrupted).toBe(true);
    expect(rig.of('playback_finished').map((e) => e.interrupted)).toEqual([true]);
    // generateReply takes the same option
    rig.llm.on('long question', { content: 'A long answer.' });
    rig.tts.on('A long answer.', { audioDurationMs: 3000, ttfbMs: 0 });
    const g = rig.session.generateReply({ userInput: 'long question', allowInterruptions: false });
    expect(g.allowInterruptions).toBe(false);
    await rig.run(2000);
    await expect(rig.session.interrupt()).rejects.toThrow(/does not allow interruptions/);
    await rig.settle(g.waitForPlayout());
    expect(g.interrupted).toBe(false);
    expect(rig.of('playback_finished').map((e) => e.interrupted)).toEqual([true, false]);
    await rig.close();
  });

  it('a failing LLM stream surfaces as an error event and the next reply still works', async () => {
    const rig = makeRig();
    rig.llm.on('first', { error: 'provider exploded' });
    rig.llm.on('second', { content: 'Fine now.' });
    rig.tts.on('Fine now.', { audioDurationMs: 300 });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    const a = rig.session.generateReply({ userInput: 'first' });
    await rig.settle(a.waitForPlayout());
    expect(rig.of('error').map((e) => e.message)).toEqual(['provider exploded']);
    const b = rig.session.generateReply({ userInput: 'second' });
    await rig.settle(b.waitForPlayout());
    expect(summary(agent.chatCtx.items).slice(-1)).toEqual(['assistant:Fine now.']);
    expect(rig.session.agentState).toBe('listening');
    await rig.close();
    expect(rig.of('close')).toMatchObject([{ reason: 'user_initiated', error: null }]);
  });

  it('the text output receives the reply, paced with the audio by the synchronizer', async () => {
    const rig = makeRig();
    rig.llm.on('hi', { content: 'Hello there, friend.' });
    rig.tts.on('Hello there, friend.', { audioDurationMs: 2000, ttfbMs: 200 });
    const shown: Array<[string, number]> = [];
    class Captions extends TextOutput {
      async captureText(text: string): Promise<void> {
        shown.push([text, Math.round(rig.clock.now())]);
      }
      flush(): void {}
    }
    const agent = new Agent({ instructions: 'x' });
    await rig.session.start({ agent, audioOutput: rig.output, textOutput: new Captions('captions') });
    const h = rig.session.generateReply({ userInput: 'hi' });
    await rig.settle(h.waitForPlayout());
    expect(shown.map((s) => s[0]).join('')).toBe('Hello there, friend.');
    // released while the audio plays (500 to 2500), not all at once when the LLM produced it
    expect(shown[0][1]).toBeGreaterThanOrEqual(500);
    expect(shown[shown.length - 1][1]).toBeGreaterThan(shown[0][1]);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('without an audio output the agent speaks when the first text is shown', async () => {
    const rig = makeRig();
    rig.llm.on('hi', { content: 'Hello!', ttftMs: 150 });
    const agent = new Agent({ instructions: 'x' });
    await rig.session.start({ agent });
    const h = rig.session.generateReply({ userInput: 'hi' });
    await rig.settle(h.waitForPlayout());
    expect(rig.agentStates()).toEqual([
      ['listening', 0],
      ['thinking', 0],
      ['speaking', 150],
      ['listening', 300],
    ]);
    expect(rig.tts.inputs).toEqual([]);
    expect(summary(agent.chatCtx.items).slice(-1)).toEqual(['assistant:Hello!']);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });
});

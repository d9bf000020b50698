import { describe, expect, it } from 'vitest';
import type { Clock } from '../../base/clock';
import type { ChatContext, ChatItem, ChatMessage } from '../../llm/chat-context';
import { functionTool, StopResponse } from '../../llm/tool-context';
import { Agent } from '../agent';
import type { EndOfTurnInfo } from '../recognition-hooks';
import { makeRig } from '../../testing/session-rig';

const summary = (items: ChatItem[]) =>
  items.flatMap((i) => (i.type === 'message' ? [`${i.role}:${i.content}`] : []));

type Hook = (ctx: ChatContext, msg: ChatMessage) => Promise<void>;

class HookAgent extends Agent {
  constructor(private readonly hook: Hook) {
    super({ instructions: 'x' });
  }
  override async onUserTurnCompleted(ctx: ChatContext, msg: ChatMessage): Promise<void> {
    await this.hook(ctx, msg);
  }
}

const turn = (newTranscript: string): EndOfTurnInfo => ({
  skipReply: false,
  newTranscript,
  transcriptConfidence: 1,
  startedSpeakingAt: null,
  stoppedSpeakingAt: null,
  transcriptionDelayMs: 500,
  endOfTurnDelayMs: 500,
});

const sleeper =
  (clock: Clock, ms: number): Hook =>
  async () =>
    clock.sleep(ms);

describe('user turns', () => {
  it('onUserTurnCompleted edits a throwaway copy used by this reply only', async () => {
    const rig = makeRig({ speeches: [{ startMs: 500, endMs: 1500, transcript: 'hi' }] });
    rig.llm.on('hi', { content: 'Hello.' });
    const agent = new HookAgent(async (ctx, msg) => {
      expect(msg).toMatchObject({ role: 'user', content: 'hi' });
      ctx.addMessage({ role: 'system', content: 'the user is called Ada', createdAt: -1 });
    });
    await rig.start(agent);
    await rig.run(4000);
    expect(rig.llm.requests).toHaveLength(1);
    expect(rig.llm.requests[0].messages).toContain('system:the user is called Ada');
    expect(summary(agent.chatCtx.items)).toEqual(['system:x', 'user:hi', 'assistant:Hello.']);
    await rig.close();
  });

  it('StopResponse from the hook skips the reply; another error becomes an error event and the next turn is answered', async () => {
    const rig = makeRig({
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'first' },
        { startMs: 3000, endMs: 4000, transcript: 'second' },
        { startMs: 6000, endMs: 7000, transcript: 'third' },
      ],
    });
    rig.llm.on('third', { content: 'Answer.' });
    const agent = new HookAgent(async (_ctx, msg) => {
      if (msg.content === 'first') throw new StopResponse();
      if (msg.content === 'second') throw new Error('hook broke');
    });
    await rig.start(agent);
    await rig.run(10_000);
    expect(rig.llm.requests.map((r) => r.key)).toEqual(['third']);
    expect(rig.of('error').map((e) => [e.source, e.message])).toEqual([
      ['agent.on_user_turn_completed', 'hook broke'],
    ]);
    expect(summary(agent.chatCtx.items)).toEqual(['system:x', 'user:third', 'assistant:Answer.']);
    // no reply, no eou metrics for the skipped turns
    expect(rig.of('metrics_collected').filter((e) => e.metrics.type === 'eou')).toHaveLength(1);
    await rig.close();
  });

  it('a turn made outdated by a newer one while its hook ran is interrupted, its message kept', async () => {
    const rig = makeRig({ stt: true });
    rig.llm.on('B', { content: 'About B.' });
    const agent = new HookAgent(sleeper(rig.clock, 1000));
    await rig.start(agent);
    const act = rig.session.currentActivity;
    await rig.run(100);
    act?.onEndOfTurn(turn('A'));
    await rig.run(500);
    act?.onEndOfTurn(turn('B'));
    await rig.run(5000);
    const interrupted = rig.of('speech_lifecycle').filter((e) => e.state === 'interrupted');
    expect(interrupted.map((e) => e.cause)).toEqual(['outdated_turn']);
    expect(summary(agent.chatCtx.items)).toEqual(['system:x', 'user:A', 'user:B', 'assistant:About B.']);
    const eou = rig.of('metrics_collected').filter((e) => e.metrics.type === 'eou');
    expect(
      eou.map((e) => e.metrics.type === 'eou' && Math.round(e.metrics.onUserTurnCompletedDelayMs)),
    ).toEqual([1000, 1000]);
    await rig.close();
  });
});

describe('user state', () => {
  it('is emitted when the VAD decides, and carries the back-dated start and end of the speech', async () => {
    const rig = makeRig({ speeches: [{ startMs: 500, endMs: 2500, transcript: 'hello' }] });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(4000);
    const states = rig.of('user_state_changed').map((e) => ({
      newState: e.newState,
      t: Math.round(e.t),
      startedAt: e.speechStartedAt === undefined ? undefined : Math.round(e.speechStartedAt),
      endedAt: e.speechEndedAt === undefined ? undefined : Math.round(e.speechEndedAt),
    }));
    expect(states).toEqual([
      { newState: 'speaking', t: 550, startedAt: 500, endedAt: undefined },
      { newState: 'listening', t: 3000, startedAt: undefined, endedAt: 2500 },
    ]);
    await rig.close();
  });
});

describe('preemptive generation', () => {
  const speeches = [{ startMs: 500, endMs: 2500, transcript: 'Hello there', sttDelayMs: 200 }];

  it('starts on the final transcript and is used at the end of turn when nothing changed', async () => {
    const rig = makeRig({ options: { preemptiveGeneration: true }, speeches });
    rig.llm.on('Hello there', { content: 'Hi!' });
    rig.tts.on('Hi!', { audioDurationMs: 1000 });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    await rig.run(6000);
    expect(rig.llm.requests.map((r) => [r.key, r.atMs])).toEqual([['Hello there', 2700]]);
    const pre = rig.of('preemptive_generation');
    expect(pre.map((e) => e.phase)).toEqual(['started', 'used']);
    expect(pre[0].speechId).toBe(pre[1].speechId);
    // LLM 2700-3000, TTS first audio 200 ms later: 300 ms earlier than without preemption
    expect(rig.of('playback_started').map((e) => Math.round(e.t))).toEqual([3200]);
    expect(summary(agent.chatCtx.items)).toEqual(['system:x', 'user:Hello there', 'assistant:Hi!']);
    await rig.close();
  });

  it('is discarded when onUserTurnCompleted changed the chat context, and a new reply is generated', async () => {
    const rig = makeRig({ options: { preemptiveGeneration: true }, speeches });
    rig.llm.on('Hello there', { content: 'Hi!' });
    const agent = new HookAgent(async (ctx) => {
      ctx.addMessage({ role: 'system', content: 'extra', createdAt: -1 });
    });
    await rig.start(agent);
    await rig.run(6000);
    expect(rig.llm.requests.map((r) => [r.key, r.atMs])).toEqual([
      ['Hello there', 2700],
      ['Hello there', 3000],
    ]);
    expect(rig.of('preemptive_generation').map((e) => [e.phase, e.reason])).toEqual([
      ['started', undefined],
      ['discarded', 'chat_ctx_changed'],
    ]);
    expect(rig.llm.requests[1].messages).toContain('system:extra');
    expect(summary(agent.chatCtx.items)).toEqual(['system:x', 'user:Hello there', 'assistant:Hi!']);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('is discarded when the hook changed the transcript, the tools or the tool choice', async () => {
    const extraTool = functionTool({ name: 'extra', execute: async () => 'ok' });
    const changes: Record<string, Hook> = {
      transcript: async (_ctx, msg) => {
        msg.content = 'Hello there, friend';
      },
      tools: async () => {
        await rig().session.currentAgent.updateTools([extraTool]);
      },
      tool_choice: async () => {
        rig().session.updateOptions({ toolChoice: 'none' });
      },
    };
    let current: ReturnType<typeof makeRig> | null = null;
    const rig = () => current!;
    for (const [what, hook] of Object.entries(changes)) {
      current = makeRig({ options: { preemptiveGeneration: true }, speeches });
      await current.start(new HookAgent(hook));
      await current.run(6000);
      expect([what, current.of('preemptive_generation').map((e) => [e.phase, e.reason])]).toEqual([
        what,
        [
          ['started', undefined],
          ['discarded', `${what}_changed`],
        ],
      ]);
      expect(current.llm.requests).toHaveLength(2); // the preemptive request and the real one
      await current.close();
    }
  });
});

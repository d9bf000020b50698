import { describe, expect, it } from 'vitest';
import type { ChatItem } from '../../llm/chat-context';
import {
  ScriptedRealtimeModel,
  scriptedReply,
  type ScriptedRealtimeInit,
  type ScriptedRealtimeSession,
} from '../../testing/scripted/realtime';
import { functionTool } from '../../llm/tool-context';
import { Agent } from '../agent';
import { makeRig } from '../../testing/session-rig';

const summary = (items: ChatItem[]) =>
  items.map((i) => {
    if (i.type === 'message') return `${i.role}:${i.content}${i.interrupted ? ' (interrupted)' : ''}`;
    if (i.type === 'function_call') return `call:${i.name}`;
    if (i.type === 'function_call_output') return `output:${i.name}=${i.output}`;
    return i.type;
  });

function realtimeRig(init: Omit<ScriptedRealtimeInit, 'clock'>) {
  let model: ScriptedRealtimeModel | null = null;
  const rig = makeRig({
    makeLlm: (clock) => {
      model = new ScriptedRealtimeModel({ clock, metrics: true, ...init });
      return model;
    },
  });
  const rt = (): ScriptedRealtimeSession => {
    const s = model?.sessions[model.sessions.length - 1];
    if (!s) throw new Error('no realtime session');
    return s;
  };
  return { ...rig, rt };
}

describe('realtime branch', () => {
  it('generateReply sends the user input to the model, plays its audio and commits its message', async () => {
    const rig = realtimeRig({
      replies: [scriptedReply('what is up?', { text: 'Not much.', audioDurationMs: 1000 })],
    });
    const agent = new Agent({ instructions: 'be brief' });
    await rig.start(agent);
    expect(rig.rt().calls[0]).toMatchObject({
      method: 'updateInstructions',
      fields: { instructions: 'be brief' },
    });
    const h = rig.session.generateReply({ userInput: 'what is up?' });
    await rig.settle(h.waitForPlayout());
    expect(rig.rt().calls.map((c) => c.method)).toEqual([
      'updateInstructions',
      'updateChatCtx',
      'updateTools',
      'updateChatCtx',
      'generateReply',
    ]);
    expect(summary(agent.chatCtx.items)).toEqual([
      'agent_config_update',
      'user:what is up?',
      'assistant:Not much.',
    ]);
    expect(rig.agentStates()).toEqual([
      ['listening', 0],
      ['speaking', 100],
      ['listening', 1100],
    ]);
    expect(rig.of('metrics_collected').map((e) => e.metrics.type)).toEqual(['realtime']);
    await rig.close();
    expect(rig.rt().closed).toBe(true);
    expect(rig.rt().pendingWork()).toEqual([]);
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('a turn detected by the server: user state, transcript message and a server-started reply', async () => {
    const rig = realtimeRig({
      replies: [scriptedReply('hello model', { text: 'Hello human.', audioDurationMs: 500 })],
    });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    rig.rt().simulateUserTurn({ transcript: 'hello model', speechMs: 800 });
    await rig.run(3000);
    expect(rig.userStates()).toEqual([
      ['speaking', 0],
      ['listening', 800],
    ]);
    expect(rig.of('speech_created')).toMatchObject([{ userInitiated: false, source: 'generate_reply' }]);
    expect(rig.of('user_input_transcribed').map((e) => [e.transcript, e.isFinal])).toEqual([
      ['', false],
      ['hello model', true],
    ]);
    expect(summary(agent.chatCtx.items)).toEqual([
      'agent_config_update',
      'user:hello model',
      'assistant:Hello human.',
    ]);
    await rig.close();
  });

  it('user speech during the reply interrupts it and truncates the server message to what was heard', async () => {
    const rig = realtimeRig({
      replies: [scriptedReply('story', { text: 'A long story.', audioDurationMs: 5000 })],
    });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    const h = rig.session.generateReply({ instructions: 'story' });
    await rig.run(1100);
    rig.rt().simulateUserTurn({ transcript: 'stop', speechMs: 500 });
    await rig.run(4000);
    expect(h.interrupted).toBe(true);
    const truncate = rig.rt().calls.find((c) => c.method === 'truncate');
    expect(truncate?.fields).toMatchObject({ audioEndMs: 1000 });
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[1000, true]]);
    const assistant = agent.chatCtx.items.find((i) => i.type === 'message' && i.role === 'assistant');
    expect(assistant).toMatchObject({ interrupted: true });
    await rig.close();
  });

  it('tool outputs go to the server and a new generation answers them with tool choice auto', async () => {
    const rig = realtimeRig({
      // the client asks for the answer to the tool output itself (§11.4 keys it by the output)
      capabilities: { autoToolReplyGeneration: false },
      replies: [
        scriptedReply('weather', { toolCalls: [{ name: 'get_weather', arguments: '{}', callId: 'c1' }] }),
        scriptedReply('sunny', { text: 'It is sunny.', audioDurationMs: 500 }),
      ],
    });
    const agent = new Agent({
      instructions: 'x',
      tools: [functionTool({ name: 'get_weather', execute: async () => 'sunny' })],
    });
    await rig.start(agent);
    const h = rig.session.generateReply({ instructions: 'weather' });
    await rig.settle(h.waitForPlayout());
    expect(rig.of('function_tools_executed')).toHaveLength(1);
    const methods = rig.rt().calls.map((c) => c.method);
    expect(methods.filter((m) => m === 'generateReply')).toHaveLength(2);
    expect(
      rig
        .rt()
        .calls.filter((c) => c.method === 'updateOptions')
        .map((c) => c.fields),
    ).toEqual([{ toolChoice: 'auto' }, { toolChoice: null }]);
    expect(
      rig.rt().chatCtx.items.some((i) => i.type === 'function_call_output' && i.output === 'sunny'),
    ).toBe(true);
    expect(summary(agent.chatCtx.items)).toEqual([
      'agent_config_update',
      'call:get_weather',
      'output:get_weather=sunny',
      'assistant:It is sunny.',
    ]);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it("a text-only model's reply spoken by the TTS is cut at maxReplyChars, with one warning", async () => {
    const long = `${'word '.repeat(60)}end.`;
    const rig = makeRig({
      options: { maxReplyChars: 50 },
      makeLlm: (clock) =>
        new ScriptedRealtimeModel({
          clock,
          capabilities: { audioOutput: false },
          replies: [scriptedReply('tell', { text: long, modalities: ['text'] })],
        }),
    });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    const h = rig.session.generateReply({ userInput: 'tell' });
    await rig.settle(h.waitForPlayout());
    const warnings = rig.of('warning').filter((w) => w.source === 'maxReplyChars');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/realtime text reply .* cut after 50/);
    const reply = agent.chatCtx.items.find((i) => i.type === 'message' && i.role === 'assistant');
    expect(reply?.type === 'message' ? reply.content.length : -1).toBeLessThanOrEqual(50);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });
});

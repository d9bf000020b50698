/**
 * Issue 3, "Bad input": an exception inside a tool, a hook or a provider stream surfaces as an
 * `error` event, and the session goes on to answer the user's next turn.
 */
import { describe, expect, it } from 'vitest';
import type { ChatContext, ChatItem, ChatMessage } from '../../llm/chat-context';
import { functionTool } from '../../llm/tool-context';
import { Agent } from '../agent';
import { makeRig } from '../../testing/session-rig';

const speeches = [
  { startMs: 500, endMs: 1500, transcript: 'first' },
  { startMs: 6000, endMs: 7000, transcript: 'second' },
];

const messages = (items: ChatItem[]) =>
  items.flatMap((i) => (i.type === 'message' && i.role !== 'system' ? [`${i.role}:${i.content}`] : []));

/** Runs both turns; the second is always answered "Still here." with audio. */
async function twoTurns(setup: (rig: ReturnType<typeof makeRig>) => Agent) {
  const rig = makeRig({ speeches });
  rig.llm.on('second', { content: 'Still here.' });
  rig.tts.on('Still here.', { audioDurationMs: 1000 });
  const agent = setup(rig);
  await rig.start(agent);
  await rig.run(12_000);
  const errors = rig.of('error').map((e) => ({ source: e.source, message: e.message }));
  const played = rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted]);
  const history = messages(agent.chatCtx.items);
  const states = rig.agentStates().map(([s]) => s);
  await rig.close();
  expect(rig.of('close')).toMatchObject([{ reason: 'user_initiated', error: null }]);
  expect(rig.session.pendingWork()).toEqual([]);
  return { rig, errors, played, history, states };
}

describe('an exception surfaces as an error event and the next turn is answered', () => {
  it('inside a tool', async () => {
    const r = await twoTurns((rig) => {
      rig.llm.on('first', { toolCalls: [{ name: 'crashes', arguments: {} }] });
      rig.llm.on('An internal error occurred', { content: '' });
      return new Agent({
        instructions: 'x',
        tools: [functionTool({ name: 'crashes', execute: () => Promise.reject(new Error('null pointer')) })],
      });
    });
    expect(r.errors).toEqual([{ source: 'tools', message: 'function tool "crashes" failed: null pointer' }]);
    expect(r.history).toEqual(['user:first', 'user:second', 'assistant:Still here.']);
    expect(r.played).toEqual([[1000, false]]);
  });

  it('inside the on_user_turn_completed hook', async () => {
    class Broken extends Agent {
      override async onUserTurnCompleted(_ctx: ChatContext, msg: ChatMessage): Promise<void> {
        if (msg.content === 'first') throw new Error('hook broke');
      }
    }
    const r = await twoTurns(() => new Broken({ instructions: 'x' }));
    expect(r.errors).toEqual([{ source: 'agent.on_user_turn_completed', message: 'hook broke' }]);
    expect(r.history).toEqual(['user:second', 'assistant:Still here.']);
    expect(r.played).toEqual([[1000, false]]);
  });

  it('inside the LLM stream', async () => {
    const r = await twoTurns((rig) => {
      rig.llm.on('first', { error: 'LLM provider exploded' });
      return new Agent({ instructions: 'x' });
    });
    expect(r.errors).toEqual([{ source: 'llm', message: 'LLM provider exploded' }]);
    expect(r.history).toEqual(['user:first', 'user:second', 'assistant:Still here.']);
    expect(r.played).toEqual([[1000, false]]);
  });

  it('inside the TTS stream', async () => {
    const r = await twoTurns((rig) => {
      rig.llm.on('first', { content: 'You will not hear this.' });
      rig.tts.on('You will not hear this.', { audioDurationMs: 1000, error: 'TTS provider exploded' });
      return new Agent({ instructions: 'x' });
    });
    expect(r.errors).toEqual([{ source: 'tts', message: 'TTS provider exploded' }]);
    expect(r.history.slice(-2)).toEqual(['user:second', 'assistant:Still here.']);
    expect(r.played).toEqual([[1000, false]]);
    expect(r.states.slice(-3)).toEqual(['thinking', 'speaking', 'listening']);
  });
});

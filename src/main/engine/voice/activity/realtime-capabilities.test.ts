/**
 * The seed's realtime capability rules (agent_activity.py, issue 12 point 2) on the virtual clock,
 * with the scenario format's fake realtime model (every call recorded with its time): each test
 * pins one rule where the engine once deviated or where the rule is easy to lose.
 */
import { describe, expect, it } from 'vitest';
import type { RealtimeCapabilities } from '../../llm/realtime';
import { ScriptedRealtimeModel, type ScriptedRealtimeReply } from '../../testing/scripted/realtime';
import { makeRig, type RigOptions } from '../../testing/session-rig';
import { Agent } from '../agent';

function rtRig(caps: Partial<RealtimeCapabilities>, replies: ScriptedRealtimeReply[], opts: RigOptions = {}) {
  let model: ScriptedRealtimeModel | null = null;
  const rig = makeRig({
    ...opts,
    makeLlm: (clock) => (model = new ScriptedRealtimeModel({ clock, capabilities: caps, replies })),
  });
  const calls = () =>
    (model?.calls ?? [])
      .filter((c) => c.method !== 'startUserActivity')
      .map((c) => [c.method, Math.round(c.t), c.fields] as const);
  return { ...rig, calls };
}

const answer = (key: string, text: string): ScriptedRealtimeReply => ({
  key,
  message: { messageId: `msg_${key}`, text, audioDurationMs: 500, modalities: ['audio', 'text'] },
  toolCalls: [],
  ttftMs: 100,
  durationMs: 300,
});

describe('realtime capability rules of the seed', () => {
  it('without server turn detection, the local end of turn commits the audio and replies with the transcript (L1507-1518, L925-933, L2277-2282)', async () => {
    const rig = rtRig({ turnDetection: false, userTranscription: false }, [answer('hello there', 'Hi.')], {
      speeches: [{ startMs: 500, endMs: 1500, transcript: 'hello there' }],
    });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    await rig.run(4000);
    const after = rig.calls().filter(([, t]) => t > 0);
    expect(after.map(([m]) => m)).toEqual(['commitAudio', 'updateChatCtx', 'generateReply']);
    expect(after[1][2].items).toMatchObject([{ type: 'message', role: 'user', content: 'hello there' }]);
    expect(after[2][2]).toEqual({ instructions: null, key: 'hello there' });
    expect(
      agent.chatCtx.items.flatMap((i) => (i.type === 'message' ? [`${i.role}:${i.content}`] : [])),
    ).toEqual(['user:hello there', 'assistant:Hi.']);
    await rig.close();
  });
});

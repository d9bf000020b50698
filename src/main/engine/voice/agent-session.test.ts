import { describe, expect, it } from 'vitest';
import type { ChatItem } from '../llm/chat-context';
import { makeRig } from '../testing/session-rig';
import { Agent } from './agent';

const messages = (items: ChatItem[]) =>
  items.flatMap((i) => (i.type === 'message' ? [`${i.role}:${i.content}`] : []));

describe('AgentSession', () => {
  it('close interrupts the speech, emits close once and leaves no task, timer or listener', async () => {
    const rig = makeRig({ speeches: [{ startMs: 500, endMs: 1000, transcript: 'hello' }] });
    rig.tts.on('A very long speech.', { audioDurationMs: 60_000, ttfbMs: 0 });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    const h = rig.session.say('A very long speech.', { allowInterruptions: false });
    await rig.run(3000);
    await rig.close();
    await rig.close();
    expect(h.interrupted && h.done()).toBe(true);
    expect(rig.of('speech_lifecycle').find((e) => e.state === 'interrupted')?.cause).toBe('close');
    expect(rig.of('close')).toMatchObject([{ reason: 'user_initiated', error: null }]);
    expect(rig.session.pendingWork()).toEqual([]);
    expect(rig.clock.pendingTimerCount()).toBe(0);
    expect(rig.output.listenerCount()).toBe(0);
    expect([...rig.llm.unclosedStreams(), ...rig.tts.unclosedStreams()]).toEqual([]);
    expect(rig.vad?.streams.every((s) => s.closed) && rig.stt?.streams.every((s) => s.closed)).toBe(true);
    expect(rig.session.agentState).toBe('initializing');
    expect(agent.activity).toBeNull();
    expect(() => agent.session).toThrow(/not running/);
    expect(() => rig.session.say('late')).toThrow(/isn't running/);
  });

  it('closing commits what the user said last, even without a reply', async () => {
    const rig = makeRig({
      speeches: [{ startMs: 500, endMs: 1500, transcript: 'bye now', sttDelayMs: 200 }],
    });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(1800);
    await rig.close();
    expect(messages(rig.session.history.items)).toEqual(['user:bye now']);
    expect(rig.llm.requests).toEqual([]);
  });

  it('drain lets queued speech finish and runs onExit; afterwards nothing can be scheduled', async () => {
    const rig = makeRig();
    const log: string[] = [];
    class Exits extends Agent {
      override async onExit(): Promise<void> {
        log.push(`exit at ${Math.round(this.session.clock.now())}`);
      }
    }
    rig.tts.on('one', { audioDurationMs: 1000, ttfbMs: 0 });
    await rig.start(new Exits({ instructions: 'x' }));
    const h = rig.session.say('one');
    await rig.settle(rig.session.drain());
    expect(h.done() && !h.interrupted).toBe(true);
    expect(log).toEqual(['exit at 0']);
    expect(() => rig.session.say('two')).toThrow(/closing/);
    await rig.close();
    expect(log).toHaveLength(1);
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('marks the user away after userAwayTimeoutMs of mutual silence; a final transcript brings them back', async () => {
    const rig = makeRig({
      options: { userAwayTimeoutMs: 1000 },
      vad: false,
      speeches: [{ startMs: 2000, endMs: 2500, transcript: 'still here' }],
    });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(3000);
    expect(rig.userStates()).toEqual([
      ['away', 1000],
      ['listening', 2700],
    ]);
    await rig.close();
  });

  it('manual turn detection: nothing is answered until commitUserTurn; clearUserTurn drops the transcript', async () => {
    const rig = makeRig({
      options: { turnDetection: 'manual' },
      speeches: [
        { startMs: 500, endMs: 1000, transcript: 'forget this' },
        { startMs: 3000, endMs: 3500, transcript: 'answer this' },
      ],
    });
    rig.llm.on('answer this', { content: 'Answered.' });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    await rig.run(2500);
    expect(rig.llm.requests).toEqual([]);
    rig.session.clearUserTurn();
    await rig.run(4500);
    expect(rig.llm.requests).toEqual([]);
    rig.session.commitUserTurn();
    await rig.run(7000);
    expect(rig.llm.requests.map((r) => r.key)).toEqual(['answer this']);
    expect(messages(agent.chatCtx.items)).toEqual(['system:x', 'user:answer this', 'assistant:Answered.']);
    await rig.close();
  });

  it('closes with reason error after repeated unrecoverable LLM errors', async () => {
    const rig = makeRig();
    rig.llm.on('q', { error: 'quota exceeded' });
    await rig.start(new Agent({ instructions: 'x' }));
    for (let i = 0; i < 4; i++) {
      const h = rig.session.generateReply({ userInput: 'q' });
      await rig.settle(h.waitForPlayout());
    }
    await rig.run(rig.clock.instantMs + 5000);
    // Each says what happened next: the session went on after three, the fourth closed it.
    expect(rig.of('error').map((e) => e.recoverable)).toEqual([true, true, true, false]);
    expect(rig.of('close')).toMatchObject([{ reason: 'error', error: 'quota exceeded' }]);
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('an agent updates its own state while not running, and runs its hooks when started', async () => {
    const agent = new Agent({ instructions: 'before' });
    await agent.updateInstructions('after');
    expect(agent.instructions).toBe('after');
    expect(agent.id).toBe('default_agent');
    class MySupportAgent extends Agent {}
    expect(new MySupportAgent({ instructions: 'x' }).id).toBe('my_support_agent');
  });
});

describe('AgentSession hooks', () => {
  it('an onEnter that throws becomes an error event and the session keeps working', async () => {
    const rig = makeRig();
    class Broken extends Agent {
      override async onEnter(): Promise<void> {
        throw new Error('enter failed');
      }
    }
    rig.tts.on('still here', { audioDurationMs: 300, ttfbMs: 0 });
    await rig.start(new Broken({ instructions: 'x' }));
    await rig.start(new Broken({ instructions: 'ignored: already started' }));
    await rig.run(100);
    expect(rig.of('error').map((e) => [e.source, e.message, e.recoverable])).toEqual([
      ['agent.on_enter', 'enter failed', true],
    ]);
    const h = rig.session.say('still here');
    await rig.settle(h.waitForPlayout());
    expect(rig.of('playback_finished')).toHaveLength(1);
    await rig.close();
    expect(rig.of('speech_lifecycle').some((e) => e.cause === 'close')).toBe(false);
    expect(rig.session.pendingWork()).toEqual([]);
  });
});

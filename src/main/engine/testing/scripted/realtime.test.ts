import { describe, expect, it } from 'vitest';
import { frameDurationMs } from '../../audio/frame';
import { VirtualClock } from '../../base/virtual-clock';
import { ChatContext } from '../../llm/chat-context';
import { ScriptedRealtimeModel } from './realtime';
import type { GenerationCreatedEvent, RealtimeMetrics } from '../../llm/realtime';
import { functionTool } from '../../llm/tool-context';

async function drain<T>(src: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of src) out.push(x);
  return out;
}

async function readGeneration(ev: GenerationCreatedEvent) {
  const msgs = await drain(ev.messageStream);
  const text = drain(msgs[0].textStream);
  const audio = drain(msgs[0].audioStream);
  const calls = drain(ev.functionStream);
  return { msgs, text, audio, calls, modalities: msgs[0].modalities };
}

describe('ScriptedRealtimeModel', () => {
  it('answers generateReply from its script on the clock and reports metrics', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      responses: {
        'greet the user': {
          text: 'Hello!',
          audioDurationMs: 500,
          toolCalls: [{ callId: 'c1', name: 'lookup', arguments: '{}' }],
          ttftMs: 100,
          durationMs: 300,
        },
      },
    });
    const session = model.session();
    const created: GenerationCreatedEvent[] = [];
    const metrics: RealtimeMetrics[] = [];
    session.on('generation_created', (e) => created.push(e));
    session.on('metrics_collected', (m) => metrics.push(m));

    const ev = await session.generateReply({ instructions: 'greet the user' });
    expect(ev.userInitiated).toBe(true);
    expect(created).toEqual([ev]);
    const g = await readGeneration(ev);
    await clock.runUntil(1000);

    expect((await g.text).join('')).toBe('Hello!');
    expect((await g.audio).reduce((a, f) => a + frameDurationMs(f), 0)).toBeCloseTo(500, 6);
    expect((await g.calls).map((c) => [c.name, c.callId, c.createdAt])).toEqual([['lookup', 'c1', 300]]);
    expect(await g.modalities).toEqual(['text', 'audio']);
    expect(metrics).toHaveLength(1);
    expect(metrics[0].ttftMs).toBeCloseTo(100, 2);
    expect(metrics[0]).toMatchObject({ type: 'realtime', requestId: ev.responseId, cancelled: false });
    expect(session.chatCtx.messages().map((m) => [m.role, m.content])).toEqual([['assistant', 'Hello!']]);
    await session.close();
    expect(session.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('plays a server-side user turn: speech events, transcript, then a generation', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({ clock, responses: { 'What time is it?': { text: 'Noon.' } } });
    const session = model.session();
    const seen: string[] = [];
    session.on('input_speech_started', () => seen.push(`started@${clock.instantMs}`));
    session.on('input_speech_stopped', (e) =>
      seen.push(`stopped@${clock.instantMs}:${e.userTranscriptionEnabled}`),
    );
    session.on('input_audio_transcription_completed', (e) =>
      seen.push(`transcript:${e.transcript}:${e.isFinal}`),
    );
    const gens: GenerationCreatedEvent[] = [];
    session.on('generation_created', (e) => gens.push(e));

    session.simulateUserTurn({ transcript: 'What time is it?', speechMs: 800, transcriptionDelayMs: 100 });
    await clock.runUntil(900);
    expect(seen).toEqual(['started@0', 'stopped@800:true', 'transcript:What time is it?:true']);
    expect(gens).toHaveLength(1);
    expect(gens[0].userInitiated).toBe(false);
    const g = await readGeneration(gens[0]);
    await clock.runUntil(2000);
    expect((await g.text).join('')).toBe('Noon.');
    await session.close();
  });

  it('interrupt cancels the running generation and ends its streams', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      responses: { go: { text: 'long answer', ttftMs: 100, durationMs: 5000 } },
    });
    const session = model.session();
    const metrics: RealtimeMetrics[] = [];
    session.on('metrics_collected', (m) => metrics.push(m));
    const g = await readGeneration(await session.generateReply({ instructions: 'go' }));
    await clock.runUntil(200);
    session.interrupt();
    await clock.runUntil(250);
    expect((await g.text).join('')).toBe('long answer');
    expect(await g.calls).toEqual([]);
    expect(metrics[0]).toMatchObject({ cancelled: true });
    expect(session.calls.map((c) => c.method)).toEqual(['generateReply', 'interrupt']);
    expect(clock.pendingTimerCount()).toBe(0);
    await session.close();
  });

  it('records updates, truncates messages and honours capabilities', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      capabilities: { audioOutput: false, turnDetection: false },
    });
    const session = model.session();
    await session.updateInstructions('be brief');
    await session.updateTools([functionTool({ name: 'lookup', execute: () => null })]);
    session.updateOptions({ toolChoice: 'none' });
    const ctx = new ChatContext();
    const msg = ctx.addMessage({ role: 'assistant', content: 'a long reply', createdAt: 1 });
    await session.updateChatCtx(ctx);
    session.truncate({
      messageId: msg.id,
      modalities: ['audio'],
      audioEndMs: 300,
      audioTranscript: 'a long',
    });
    expect(session.instructions).toBe('be brief');
    expect([...session.tools.functionTools.keys()]).toEqual(['lookup']);
    expect(session.toolChoice).toBe('none');
    expect(session.chatCtx.items[0]).toMatchObject({ content: 'a long', interrupted: true });

    const gens: GenerationCreatedEvent[] = [];
    session.on('generation_created', (e) => gens.push(e));
    session.simulateUserTurn({ transcript: 'hi', speechMs: 100 });
    await clock.runUntil(500);
    expect(gens).toEqual([]); // no server turn detection: the client must generate
    const g = await readGeneration(await session.generateReply());
    expect(await g.modalities).toEqual(['text']);
    await clock.runUntil(1000);
    expect(await g.audio).toEqual([]);
    await session.close();
    expect(session.listenerCount()).toBe(0);
    await expect(session.generateReply()).rejects.toThrow(/closed/);
  });
});

/** Why: the scripted realtime model must do exactly what the scenario format (§11) says by default, and its opt-in metrics must be what engine tests expect. */
import { describe, expect, it } from 'vitest';
import { frameDurationMs } from '../../audio/frame';
import { VirtualClock } from '../../base/virtual-clock';
import { ChatContext } from '../../llm/chat-context';
import type { GenerationCreatedEvent, RealtimeMetrics } from '../../llm/realtime';
import { ScriptedRealtimeModel, scriptedReply, type ScriptedRealtimeReply } from './realtime';

function reply(key: string, text: string, extra: Partial<ScriptedRealtimeReply> = {}): ScriptedRealtimeReply {
  return {
    key,
    message: { messageId: `msg_${text}`, text, audioDurationMs: 100, modalities: ['audio', 'text'] },
    toolCalls: [],
    ttftMs: 100,
    durationMs: 300,
    ...extra,
  };
}

/** Reads every stream of a generation, noting the clock time of each piece. */
function watch(clock: VirtualClock, ev: GenerationCreatedEvent) {
  const log: string[] = [];
  const at = () => Math.round(clock.instantMs);
  const done = (async () => {
    for await (const m of ev.messageStream) {
      log.push(`message ${m.messageId}@${at()}`);
      const text = (async () => {
        for await (const c of m.textStream) log.push(`text ${c}@${at()}`);
        log.push(`text end@${at()}`);
      })();
      let audioMs = 0;
      for await (const f of m.audioStream) audioMs += frameDurationMs(f);
      log.push(`audio ${Math.round(audioMs)}@${at()}`);
      await text;
    }
    for await (const c of ev.functionStream) log.push(`call ${c.name}/${c.callId}@${at()}`);
    log.push(`end@${at()}`);
  })();
  return { log, done };
}

describe('ScriptedRealtimeModel (format §11)', () => {
  it('times a generation at G, G+ttftMs and G+durationMs with 3-character chunks', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      replies: [reply('hi', 'Hello!', { toolCalls: [{ callId: 'c1', name: 'f', arguments: '{}' }] })],
    });
    const s = model.session();
    await clock.runUntil(50);
    const ev = await s.generateReply({ instructions: 'hi' });
    expect(ev.userInitiated).toBe(true);
    const w = watch(clock, ev);
    await clock.runUntil(1000);
    await w.done;
    expect(w.log).toEqual([
      'message msg_Hello!@50',
      'text Hel@150',
      'text lo!@150',
      'text end@350',
      'audio 100@350',
      'call f/c1@350',
      'end@350',
    ]);
    await model.close();
    expect(model.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('keys a reply by instructions, else the last user message or tool output; reuses the last', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      replies: [reply('q', 'one'), reply('q', 'two'), reply('sunny', 'It is sunny.')],
    });
    const s = model.session();
    const texts: string[] = [];
    const ask = async (instructions?: string) => {
      const ev = await s.generateReply(instructions === undefined ? {} : { instructions });
      for await (const m of ev.messageStream) texts.push(m.messageId);
    };
    const p = Promise.all([ask('q'), ask('q'), ask('q')]);
    const ctx = new ChatContext();
    ctx.addMessage({ role: 'user', content: 'q', createdAt: 0 });
    await s.updateChatCtx(ctx);
    const p2 = ask();
    ctx.insert({
      type: 'function_call_output',
      id: 'o1',
      callId: 'c1',
      name: 'w',
      output: 'sunny',
      isError: false,
      createdAt: 0,
    });
    await s.updateChatCtx(ctx);
    const p3 = Promise.all([ask(), ask('')]);
    await clock.runUntil(1000);
    await Promise.all([p, p2, p3]);
    expect(texts).toEqual([
      'msg_one',
      'msg_two',
      'msg_two',
      'msg_two',
      'msg_It is sunny.',
      'msg_It is sunny.',
    ]);
    expect(model.calls.filter((c) => c.method === 'generateReply').map((c) => c.fields)).toEqual([
      { instructions: 'q', key: 'q' },
      { instructions: 'q', key: 'q' },
      { instructions: 'q', key: 'q' },
      { instructions: null, key: 'q' },
      { instructions: null, key: 'sunny' },
      { instructions: '', key: 'sunny' },
    ]);
    await model.close();
  });

  it('an unknown key is an empty generation, closed at once; the conversation is only what updateChatCtx set', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({ clock });
    const s = model.session();
    const w = watch(clock, await s.generateReply({ instructions: 'nothing' }));
    await w.done;
    expect(w.log).toEqual(['end@0']);
    s.serverEvent({ kind: 'inputTranscription', itemId: 'item_1', transcript: 'hey', isFinal: true });
    s.truncate({ messageId: 'm', modalities: ['audio'], audioEndMs: 10 });
    expect(s.chatCtx.items).toEqual([]);
    await model.close();
  });

  it('numbers sessions, sends script events to the last open one and records every call', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({ clock, capabilities: { userTranscription: false } });
    const s1 = model.session();
    await s1.updateInstructions('x');
    await clock.runUntil(10);
    const s2 = model.session();
    const seen: string[] = [];
    s1.on('input_speech_started', () => seen.push('s1'));
    s2.on('input_speech_started', () => seen.push('s2'));
    s2.on('input_speech_stopped', (e) => seen.push(`stopped ${e.userTranscriptionEnabled}`));
    expect(model.deliver({ kind: 'inputSpeechStarted' })).toBe(true);
    expect(model.deliver({ kind: 'inputSpeechStopped' })).toBe(true);
    s2.updateOptions({ toolChoice: 'auto' });
    s2.commitAudio();
    await s2.close();
    expect(model.deliver({ kind: 'inputSpeechStarted' })).toBe(false);
    await expect(s2.generateReply()).rejects.toThrow(/closed/);
    expect(seen).toEqual(['s2', 'stopped false']);
    expect(model.calls.map((c) => [c.session, c.method, Math.round(c.t)])).toEqual([
      [1, 'updateInstructions', 0],
      [2, 'updateOptions', 10],
      [2, 'commitAudio', 10],
      [2, 'close', 10],
      [2, 'generateReply', 10],
    ]);
    expect(model.calls[1].fields).toEqual({ toolChoice: 'auto' });
    await model.close();
  });
});

describe('ScriptedRealtimeModel, opt-in server behaviours', () => {
  it('without options: no metrics, interrupt leaves the generation running', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      replies: [scriptedReply('go', { text: 'abc', durationMs: 500 })],
    });
    const s = model.session();
    const metrics: RealtimeMetrics[] = [];
    s.on('metrics_collected', (m) => metrics.push(m));
    const ev = await s.generateReply({ instructions: 'go' });
    expect(ev.responseId).toBeNull();
    const w = watch(clock, ev);
    await clock.runUntil(200);
    s.interrupt();
    await clock.runUntil(1000);
    await w.done;
    expect(w.log.at(-1)).toBe('end@500');
    expect(metrics).toEqual([]);
    await model.close();
  });

  it('metrics: one realtime metrics event per generation that reached its first token', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      metrics: true,
      replies: [scriptedReply('go', { text: 'Hello!', ttftMs: 100, durationMs: 300 })],
    });
    const s = model.session();
    const metrics: RealtimeMetrics[] = [];
    s.on('metrics_collected', (m) => metrics.push(m));
    const ev = await s.generateReply({ instructions: 'go' });
    const w = watch(clock, ev);
    await clock.runUntil(1000);
    await w.done;
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ type: 'realtime', requestId: ev.responseId, cancelled: false });
    expect(metrics[0].ttftMs).toBeCloseTo(100, 2);
    expect(metrics[0].durationMs).toBeCloseTo(300, 2);
    await s.generateReply({ instructions: 'go' });
    await s.close(); // cancelled before its first token: nothing reported
    expect(metrics).toHaveLength(1);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('metrics: a generation ended by close after its first token is reported cancelled', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      metrics: true,
      replies: [
        scriptedReply('go', {
          text: 'long answer',
          durationMs: 5000,
          toolCalls: [{ callId: 'c1', name: 'f', arguments: '{}' }],
        }),
      ],
    });
    const s = model.session();
    const metrics: RealtimeMetrics[] = [];
    s.on('metrics_collected', (m) => metrics.push(m));
    const w = watch(clock, await s.generateReply({ instructions: 'go' }));
    await clock.runUntil(200);
    await s.close();
    await w.done;
    expect(w.log.at(-1)).toBe('end@200');
    expect(w.log.some((l) => l.startsWith('call '))).toBe(false);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({ cancelled: true });
    expect(metrics[0].durationMs).toBeCloseTo(200, 2);
    expect(s.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('simulateUserTurn plays speech, transcript and a server-started generation keyed by it', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({
      clock,
      replies: [scriptedReply('What time is it?', { text: 'Noon.' })],
    });
    const s = model.session();
    const seen: string[] = [];
    s.on('input_speech_started', () => seen.push(`started@${clock.instantMs}`));
    s.on('input_speech_stopped', (e) =>
      seen.push(`stopped@${clock.instantMs}:${e.userTranscriptionEnabled}`),
    );
    s.on('input_audio_transcription_completed', (e) => seen.push(`transcript:${e.transcript}:${e.isFinal}`));
    const gens: GenerationCreatedEvent[] = [];
    s.on('generation_created', (e) => gens.push(e));
    s.simulateUserTurn({ transcript: 'What time is it?', speechMs: 800, transcriptionDelayMs: 100 });
    expect(s.pendingWork()).toEqual(['scripted_realtime.user_turn']);
    await clock.runUntil(900);
    expect(seen).toEqual(['started@0', 'stopped@800:true', 'transcript:What time is it?:true']);
    expect(gens.map((g) => g.userInitiated)).toEqual([false]);
    const w = watch(clock, gens[0]);
    await clock.runUntil(2000);
    await w.done;
    expect(w.log.filter((l) => l.startsWith('text ') && !l.startsWith('text end'))).toEqual([
      'text Noo@1000',
      'text n.@1000',
    ]);
    await model.close();
    expect(model.pendingWork()).toEqual([]);
  });

  it('simulateUserTurn without server turn detection only transcribes; close cancels a pending turn', async () => {
    const clock = new VirtualClock();
    const model = new ScriptedRealtimeModel({ clock, capabilities: { turnDetection: false } });
    const s = model.session();
    const seen: string[] = [];
    s.on('input_speech_started', () => seen.push('started'));
    s.on('input_audio_transcription_completed', (e) => seen.push(e.transcript));
    s.on('generation_created', () => seen.push('generation'));
    s.simulateUserTurn({ transcript: 'hi', speechMs: 100 });
    await clock.runUntil(500);
    expect(seen).toEqual(['hi']);
    s.simulateUserTurn({ transcript: 'again', speechMs: 100 });
    await s.close();
    expect(s.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });
});

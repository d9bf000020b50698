/** Why: the scenario format's fake realtime model (§11) must do exactly what the format says. */
import { describe, expect, it } from 'vitest';
import { frameDurationMs } from '../../audio/frame';
import { VirtualClock } from '../../base/virtual-clock';
import { ChatContext } from '../../llm/chat-context';
import type { GenerationCreatedEvent } from '../../llm/realtime';
import { TimedRealtimeModel, type TimedRealtimeReply } from './timed-realtime';

function reply(key: string, text: string, extra: Partial<TimedRealtimeReply> = {}): TimedRealtimeReply {
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

describe('TimedRealtimeModel (format §11)', () => {
  it('times a generation at G, G+ttftMs and G+durationMs with 3-character chunks', async () => {
    const clock = new VirtualClock();
    const model = new TimedRealtimeModel({
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
    const model = new TimedRealtimeModel({
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
    const model = new TimedRealtimeModel({ clock });
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
    const model = new TimedRealtimeModel({ clock, capabilities: { userTranscription: false } });
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

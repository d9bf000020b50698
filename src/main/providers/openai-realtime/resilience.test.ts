import { afterEach, describe, expect, it } from 'vitest';
import { ChatContext, RealtimeError, functionTool, type ChatItem } from '../../engine';
import { audioFrames, collect, realtimeRig, recordEvents } from '../testing/realtime-rig';
import type { OpenAIRealtimeSettingsInput } from './settings';

type Rig = Awaited<ReturnType<typeof realtimeRig>>;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function open(settings: Partial<OpenAIRealtimeSettingsInput> = {}) {
  rig = await realtimeRig({ settings });
  const session = rig.model.session();
  const ev = recordEvents(session);
  await session.whenOpen();
  return { rig, session, ev };
}

const user = (id: string, content: string): ChatItem => ({
  type: 'message',
  id,
  role: 'user',
  content,
  interrupted: false,
  createdAt: 0,
});

const lookup = functionTool({
  name: 'lookup',
  description: 'Looks up an order',
  parameters: { type: 'object', properties: {} },
  execute: async () => 'found',
});

describe('OpenAI Realtime: lost connections and servers that never answer', () => {
  it('a dropped connection reconnects and restores the settings and the conversation', async () => {
    const { rig, session, ev } = await open();
    await session.updateInstructions('be brief');
    await session.updateTools([lookup]);
    await session.updateChatCtx(new ChatContext([user('u1', 'where is my order?')]));
    rig.server.replies.push({ text: 'Let me check.', audioMs: 100 });
    const gen = await session.generateReply();
    for (const m of await collect(gen.messageStream)) await collect(m.textStream);
    await ev.nth('metrics_collected');
    const before = session.chatCtx.items.map((i) =>
      i.type === 'message' ? `${i.role}:${i.content}` : i.type,
    );
    expect(before).toEqual(['user:where is my order?', 'assistant:Let me check.']);

    rig.server.drop();
    const lost = await ev.nth('error');
    expect(lost.recoverable).toBe(true);
    expect(lost.error.message).toContain('closed the connection');
    // the first reconnect is immediate (the delay is between failed attempts); a reply asked for
    // meanwhile waits and goes out after the session and the conversation are restored
    rig.server.replies.push({ text: 'Back again.' });
    const pending = session.generateReply();
    await ev.nth('session_reconnected');
    expect(rig.server.connections).toHaveLength(2);
    const back = await pending;
    const [bm] = await collect(back.messageStream);
    expect((await collect(bm.textStream)).join('')).toBe('Back again.');

    const second = rig.server.received.filter((r) => r.connection === 2).map((r) => r.event);
    expect(second.map((e) => e.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'conversation.item.create',
      'response.create',
    ]);
    expect(second[0]).toMatchObject({
      type: 'session.update',
      session: { instructions: 'be brief', tools: [{ name: 'lookup' }], model: 'gpt-realtime' },
    });
    const creates = second.filter((e) => e.type === 'conversation.item.create');
    expect(
      creates.map((e) => [
        e.previous_item_id,
        (e.item as { role: string }).role,
        JSON.stringify((e.item as { content: unknown }).content),
      ]),
    ).toEqual([
      ['root', 'user', JSON.stringify([{ type: 'input_text', text: 'where is my order?' }])],
      [
        (creates[0].item as { id: string }).id,
        'assistant',
        JSON.stringify([{ type: 'output_text', text: 'Let me check.' }]),
      ],
    ]);

    // the new connection works: a spoken turn is heard and answered
    rig.server.transcripts.push('thanks');
    rig.server.replies.push({ text: 'You are welcome.', audioMs: 100 });
    for (const f of [...audioFrames(200, true), ...audioFrames(600, false)]) session.pushAudio(f);
    const next = await ev.nth('generation_created', 2);
    const [m] = await collect(next.messageStream);
    expect((await collect(m.textStream)).join('')).toBe('You are welcome.');
    expect(ev.of('session_reconnected')).toHaveLength(1);
  });

  it('gives up after maxReconnectAttempts with an unrecoverable error naming why', async () => {
    const { rig, session, ev } = await open({ maxReconnectAttempts: 2, reconnectDelayMs: 100 });
    rig.server.refuseStatus = 503;
    rig.server.drop();
    expect((await ev.nth('error', 0)).error.message).toContain('closed the connection');
    const first = await ev.nth('error', 1);
    expect(first).toMatchObject({ recoverable: true });
    expect(first.error.message).toContain('refused the connection (503)');
    await rig.clock.advance(100);
    expect(await ev.nth('error', 2)).toMatchObject({ recoverable: true });
    await rig.clock.advance(200);
    const last = await ev.nth('error', 3);
    expect(last.recoverable).toBe(false);
    expect(last.error.message).toContain(
      'gave up after 3 failed connection attempts (providers.llm.maxReconnectAttempts is 2)',
    );
    expect(last.error.message).toContain('503');
    expect(ev.of('session_reconnected')).toEqual([]);
    await expect(session.generateReply()).rejects.toThrow(/gave up/);
  });

  it('generateReply with no response.created rejects at replyTimeoutMs on the clock', async () => {
    const { rig, session } = await open({ replyTimeoutMs: 3000 });
    rig.server.replies.push({ hang: true });
    const reply = session.generateReply();
    const settled = reply.then(
      () => 'resolved',
      (e: Error) => e,
    );
    await rig.server.waitFor('response.create');
    await rig.clock.advance(2999);
    await rig.clock.settle();
    expect(await Promise.race([settled, Promise.resolve('pending')])).toBe('pending');
    await rig.clock.advance(1);
    const err = await settled;
    expect(err).toBeInstanceOf(RealtimeError);
    expect((err as Error).message).toContain('generate_reply timed out');
    expect((err as Error).message).toContain('providers.llm.replyTimeoutMs');
  });

  it('a response that never speaks is cancelled at firstTokenTimeoutMs with a recoverable error', async () => {
    const { rig, session, ev } = await open({ firstTokenTimeoutMs: 4000, totalTimeoutMs: 60000 });
    rig.server.replies.push({ stall: true });
    const gen = await session.generateReply();
    await rig.clock.advance(4000);
    const err = await ev.nth('error');
    expect(err.recoverable).toBe(true);
    expect(err.error.message).toContain('no audio, text or tool call');
    expect(err.error.message).toContain('providers.llm.firstTokenTimeoutMs');
    // the generation's streams end, and the server is told to stop
    expect(await collect(gen.messageStream)).toEqual([]);
    expect(await collect(gen.functionStream)).toEqual([]);
    await rig.server.waitFor('response.cancel');
  });

  it('a response that never ends is cancelled at totalTimeoutMs', async () => {
    const { rig, session, ev } = await open({ firstTokenTimeoutMs: 1000, totalTimeoutMs: 5000 });
    rig.server.replies.push({ text: 'and then', audioMs: 100, keepOpen: true });
    const gen = await session.generateReply();
    const it = gen.messageStream[Symbol.asyncIterator]();
    const m = (await it.next()).value;
    await collect(m.textStream).catch(() => undefined);
    await rig.clock.advance(5000);
    const err = await ev.nth('error');
    expect(err.error.message).toContain('providers.llm.totalTimeoutMs');
    expect((await it.next()).done).toBe(true);
  });
});

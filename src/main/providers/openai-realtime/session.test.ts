import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatContext,
  RealtimeError,
  functionTool,
  type ChatItem,
  type MessageGeneration,
} from '../../engine';
import { collect, realtimeRig, recordEvents, TEST_KEY } from '../testing/realtime-rig';
import type { OpenAIRealtimeSettingsInput } from './settings';

type Rig = Awaited<ReturnType<typeof realtimeRig>>;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

async function open(settings: Partial<OpenAIRealtimeSettingsInput> = {}, apiKey?: string) {
  rig = await realtimeRig({ settings, apiKey });
  const session = rig.model.session();
  const ev = recordEvents(session);
  await session.whenOpen();
  return { rig, session, ev };
}

const msg = (id: string, role: 'user' | 'assistant', content: string): ChatItem => ({
  type: 'message',
  id,
  role,
  content,
  interrupted: false,
  createdAt: 0,
});

const weather = functionTool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  execute: async () => 'sunny',
});

describe('OpenAI Realtime session over TLS', () => {
  it('text input: the chat context diff becomes item create/delete, generateReply resolves at response.created', async () => {
    const { rig, session } = await open();
    await session.updateChatCtx(new ChatContext([msg('u1', 'user', 'hi'), msg('a1', 'assistant', 'hello')]));
    expect(
      rig.server
        .eventsOf('conversation.item.create')
        .map((e) => [e.previous_item_id, (e.item as { id: string }).id]),
    ).toEqual([
      ['root', 'u1'],
      ['u1', 'a1'],
    ]);
    // drop u1, change a1's text, add u2: delete u1, then a1 is replaced, u2 created after it
    await session.updateChatCtx(
      new ChatContext([msg('a1', 'assistant', 'hello!'), msg('u2', 'user', 'weather?')]),
    );
    const sent = rig.server.received
      .slice(-4)
      .map((r) => `${r.event.type}:${String(r.event.item_id ?? (r.event.item as { id: string }).id)}`);
    expect(sent).toEqual([
      'conversation.item.delete:u1',
      'conversation.item.create:u2',
      'conversation.item.delete:a1',
      'conversation.item.create:a1',
    ]);
    expect(rig.server.current.items.ids()).toEqual(['a1', 'u2']);
    expect(session.chatCtx.items.map((i) => i.id)).toEqual(['a1', 'u2']);

    rig.server.replies.push({ text: 'It is sunny.', audioMs: 200 });
    const gen = await session.generateReply({ instructions: 'answer the weather' });
    expect(gen.userInitiated).toBe(true);
    const create = rig.server.eventsOf('response.create')[0] as {
      response: { instructions: string; metadata: Record<string, string> };
    };
    expect(create.response.instructions).toBe('answer the weather');
    const [m] = await collect(gen.messageStream);
    expect((await collect(m.textStream)).join('')).toBe('It is sunny.');
  });

  it('tools and tool choice go in session.update; a tool call, then its output and a reply', async () => {
    const { rig, session } = await open({ toolChoice: 'auto' });
    await session.updateTools([weather]);
    session.updateOptions({ toolChoice: { type: 'function', name: 'get_weather' } });
    await rig.server.waitFor(
      'session.update',
      (e) =>
        (e.session as { tool_choice?: unknown }).tool_choice !== undefined &&
        typeof (e.session as { tool_choice?: unknown }).tool_choice === 'object',
    );
    const updates = rig.server.eventsOf('session.update').map((e) => e.session as Record<string, unknown>);
    expect(updates.at(-2)).toEqual({
      type: 'realtime',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          description: 'The weather in a city',
          parameters: weather.parameters,
        },
      ],
    });
    expect(updates.at(-1)).toEqual({
      type: 'realtime',
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    expect([...session.tools.functionTools.keys()]).toEqual(['get_weather']);

    rig.server.replies.push({
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}', callId: 'call_1' }],
    });
    const gen = await session.generateReply();
    expect(await collect(gen.messageStream)).toEqual([]);
    const calls = await collect(gen.functionStream);
    expect(calls).toMatchObject([
      { type: 'function_call', callId: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
    const callItem = calls[0];
    // the server's copy has the call; the engine answers with the output and asks for the reply
    expect(session.chatCtx.items.map((i) => i.type)).toEqual(['function_call']);
    const ctx = session.chatCtx;
    ctx.items.push({
      type: 'function_call_output',
      id: 'out_1',
      callId: 'call_1',
      name: 'get_weather',
      output: 'sunny',
      isError: false,
      createdAt: 1,
    });
    await session.updateChatCtx(ctx);
    expect(rig.server.eventsOf('conversation.item.create').at(-1)).toMatchObject({
      previous_item_id: callItem.id,
      item: { type: 'function_call_output', call_id: 'call_1', output: 'sunny', id: 'out_1' },
    });
    rig.server.replies.push({ text: 'Sunny in Paris.', audioMs: 100 });
    const reply = await session.generateReply();
    const [m] = await collect(reply.messageStream);
    expect((await collect(m.textStream)).join('')).toBe('Sunny in Paris.');
  });

  it('interrupt sends response.cancel and the cancelled response reports its metrics; truncate sends audio_end_ms', async () => {
    const { rig, session, ev } = await open();
    rig.server.replies.push({ text: 'A long answer that goes on', audioMs: 2000, keepOpen: true });
    const gen = await session.generateReply();
    // the response is held open: its message stream has not ended, take its first message
    const first = await gen.messageStream[Symbol.asyncIterator]().next();
    const m = first.value as MessageGeneration;
    session.interrupt();
    await rig.server.waitFor('response.cancel');
    const metrics = await ev.nth('metrics_collected');
    expect(metrics.cancelled).toBe(true);
    await collect(m.audioStream);
    session.truncate({
      messageId: m.messageId,
      modalities: ['audio', 'text'],
      audioEndMs: 640.4,
      audioTranscript: 'A long',
    });
    await rig.server.waitFor('conversation.item.truncate');
    expect(rig.server.truncations).toEqual([{ itemId: m.messageId, audioEndMs: 640 }]);
    expect(session.chatCtx.getById(m.messageId)).toMatchObject({ content: 'A long', interrupted: true });
    // nothing runs now: a second interrupt sends nothing
    session.interrupt();
    session.commitAudio();
    await rig.server.waitFor('input_audio_buffer.commit');
    expect(rig.server.eventsOf('response.cancel')).toHaveLength(1);
  });

  it('a server error event is a recoverable error naming the setting; the session goes on', async () => {
    const { rig, session, ev } = await open();
    rig.server.sendEvent({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        code: 'invalid_value',
        message: "Invalid value: 'robot'.",
        param: 'session.audio.output.voice',
      },
    });
    const err = await ev.nth('error');
    expect(err.recoverable).toBe(true);
    expect(err.error.message).toContain('providers.llm.voice');
    expect(err.error.message).toContain("Invalid value: 'robot'.");
    rig.server.sendRaw('this is not json');
    const proto = await ev.nth('error', 1);
    expect(proto.recoverable).toBe(true);
    expect(proto.error.message).toContain('not JSON');
    rig.server.replies.push({ text: 'still here' });
    const gen = await session.generateReply();
    const [m] = await collect(gen.messageStream);
    expect((await collect(m.textStream)).join('')).toBe('still here');
  });

  it('a failed response is a recoverable error', async () => {
    const { rig, session, ev } = await open();
    rig.server.replies.push({ text: 'x', fail: true });
    await session.generateReply();
    const err = await ev.nth('error');
    expect(err).toMatchObject({ recoverable: true });
    expect(err.error.message).toContain('the response failed');
  });

  it('unknown server event types are ignored with a debug log line', async () => {
    const { rig, session, ev } = await open();
    rig.server.sendEvent({ type: 'response.brand_new_thing', x: 1 });
    rig.server.replies.push({ text: 'ok' });
    await session.generateReply();
    expect(rig.logs).toContainEqual({
      level: 'debug',
      msg: 'openai realtime: ignored an unknown server event',
      fields: { type: 'response.brand_new_thing' },
    });
    expect(ev.of('error')).toEqual([]);
  });

  it('a 401 is an unrecoverable error naming the key setting; generateReply then rejects', async () => {
    const { session, ev } = await open({}, 'sk-wrong-key-999999');
    const err = await ev.nth('error');
    expect(err.recoverable).toBe(false);
    expect(err.error.message).toContain('OPENAI_API_KEY was rejected (401)');
    expect(err.error.message).toContain('providers.llm.apiKeyName');
    expect(err.error.message).not.toContain('sk-wrong-key-999999');
    expect(ev.of('error')).toHaveLength(1);
    await expect(session.generateReply()).rejects.toThrow(RealtimeError);
    void TEST_KEY;
  });

  it('an unknown model is an unrecoverable error naming the model setting and quoting the server', async () => {
    const { session, ev } = await open({ model: 'gpt-nope' });
    const err = await ev.nth('error');
    expect(err.recoverable).toBe(false);
    expect(err.error.message).toContain('providers.llm.model');
    expect(err.error.message).toContain("The model 'gpt-nope' does not exist");
    await expect(session.generateReply()).rejects.toThrow(/gpt-nope/);
  });
  it('Azure OpenAI: with azureApiVersion the key goes as api-key and the model as the deployment', async () => {
    const { rig, session } = await open({ azureApiVersion: '2025-04-01-preview' });
    expect(rig.server.handshakes).toEqual([
      {
        url: '/v1/realtime?api-version=2025-04-01-preview&deployment=gpt-realtime',
        azureKey: true,
        authorization: false,
      },
    ]);
    expect(rig.model.provider).toBe('azure-openai');
    rig.server.replies.push({ text: 'hello from azure' });
    const gen = await session.generateReply();
    const [m] = await collect(gen.messageStream);
    expect((await collect(m.textStream)).join('')).toBe('hello from azure');
  });
  it('updateOptions: a tool choice, then null resets it to auto', async () => {
    const { rig, session } = await open();
    session.updateOptions({ toolChoice: 'required' });
    session.updateOptions({ toolChoice: null });
    await rig.server.waitFor(
      'session.update',
      (e) => (e.session as { tool_choice?: unknown }).tool_choice === 'auto',
    );
    expect(
      rig.server
        .eventsOf('session.update')
        .slice(-2)
        .map((e) => e.session),
    ).toEqual([
      { type: 'realtime', tool_choice: 'required' },
      { type: 'realtime', tool_choice: 'auto' },
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { Agent, frameDurationMs, functionTool, type AudioFrame, type VirtualClock } from '../../engine';
import { makeSessionRig } from '../../engine/testing';
import { RealtimeTestServer } from '../testing/realtime-test-server';
import { audioFrames, TEST_KEY } from '../testing/realtime-rig';
import { createOpenAIRealtimeModel, type OpenAIRealtimeModel } from '.';

/**
 * A real AgentSession on a virtual clock with the OpenAI Realtime model over TLS. The clock moves
 * only by explicit advances, and only once what the socket brings has arrived (`until`), so a
 * deadline never fires while the test waits on the network.
 */
let server: RealtimeTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/**
 * Waits for what the socket brings; meanwhile runs the timers due now (zero-delay yields of the
 * engine) without moving the virtual time.
 */
async function until(cond: () => boolean, what: string, clock?: VirtualClock): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) {
    await new Promise((r) => setTimeout(r, 5));
    await clock?.advance(0);
  }
  if (!cond()) throw new Error(`never happened: ${what}`);
}

async function sessionRig() {
  server = await RealtimeTestServer.start({ apiKey: TEST_KEY, models: ['gpt-realtime'] });
  const s = server;
  let model: OpenAIRealtimeModel | null = null;
  const rig = makeSessionRig({
    makeLlm: (clock) => {
      model = createOpenAIRealtimeModel(
        { baseURL: s.baseURL, replyTimeoutMs: 600_000, firstTokenTimeoutMs: 0, totalTimeoutMs: 0 },
        { clock, apiKey: TEST_KEY, tls: { ca: s.ca } },
      );
      return model;
    },
  });
  let capturedMs = 0;
  const capture = rig.output.captureFrame.bind(rig.output);
  rig.output.captureFrame = (f: AudioFrame) => {
    capturedMs += frameDurationMs(f);
    return capture(f);
  };
  return {
    rig,
    server: s,
    capturedMs: () => capturedMs,
    model: () => model as unknown as OpenAIRealtimeModel,
  };
}

const summary = (agent: Agent) =>
  agent.chatCtx.items
    .filter((i) => i.type !== 'agent_config_update')
    .map((i) =>
      i.type === 'message'
        ? `${i.role}:${i.content}${i.interrupted ? ' (interrupted)' : ''}`
        : i.type === 'function_call'
          ? `call:${i.name}`
          : i.type === 'function_call_output'
            ? `output:${i.output}`
            : i.type,
    );

describe('AgentSession with the OpenAI Realtime model (test server over TLS)', () => {
  it('an interruption cancels the response and truncates the message at the played position', async () => {
    const { rig, server, capturedMs } = await sessionRig();
    const agent = new Agent({ instructions: 'tell stories' });
    await rig.start(agent);
    server.replies.push({ text: 'Once upon a time there was a fox', audioMs: 2000, keepOpen: true });
    const handle = rig.session.generateReply({ userInput: 'tell me a story' });
    await until(() => capturedMs() >= 2000, 'the reply audio reached the output');
    expect(server.eventsOf('conversation.item.create')).toMatchObject([
      {
        previous_item_id: 'root',
        item: { role: 'user', content: [{ type: 'input_text', text: 'tell me a story' }] },
      },
    ]);
    await rig.clock.advance(700);
    const interrupted = rig.session.interrupt();
    await until(() => server.truncations.length === 1, 'conversation.item.truncate');
    await interrupted;
    const messageId = server.current.items.ids()[1];
    expect(server.truncations).toEqual([{ itemId: messageId, audioEndMs: 700 }]);
    await server.waitFor('response.cancel');
    await until(() => handle.done(), 'the speech ended');
    expect(handle.interrupted).toBe(true);
    expect(summary(agent)).toEqual([
      'user:tell me a story',
      expect.stringMatching(/^assistant:.* \(interrupted\)$/),
    ]);
    await rig.close();
  });

  it('a tool call: the tool runs, its output goes to the server and the engine asks for the reply', async () => {
    const { rig, server, capturedMs } = await sessionRig();
    const lookup = functionTool({
      name: 'lookup_order',
      description: 'Looks up an order',
      parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      execute: async ({ id }: { id: string }) => `order ${id} ships tomorrow`,
    });
    const agent = new Agent({ instructions: 'help', tools: [lookup] });
    await rig.start(agent);
    await server.waitFor('session.update', (e) => JSON.stringify(e).includes('lookup_order'));
    server.replies.push({
      toolCalls: [{ name: 'lookup_order', arguments: '{"id":"42"}', callId: 'call_42' }],
    });
    server.replies.push({ text: 'It ships tomorrow.', audioMs: 300 });
    const handle = rig.session.generateReply({ userInput: 'where is order 42?' });
    await until(() => capturedMs() >= 300, 'the tool reply audio reached the output', rig.clock);
    await rig.clock.advance(300);
    await until(() => server.eventsOf('response.create').length === 2, 'the reply after the tool');
    expect(server.eventsOf('conversation.item.create').map((e) => (e.item as { type: string }).type)).toEqual(
      ['message', 'function_call_output'],
    );
    expect(server.eventsOf('conversation.item.create')[1]).toMatchObject({
      item: { type: 'function_call_output', call_id: 'call_42', output: 'order 42 ships tomorrow' },
    });
    await until(() => summary(agent).length === 4, 'the reply was committed', rig.clock);
    expect(summary(agent)).toEqual([
      'user:where is order 42?',
      'call:lookup_order',
      'output:order 42 ships tomorrow',
      'assistant:It ships tomorrow.',
    ]);
    void handle;
    await rig.close();
  });
  it('a tool that wants no reply: no response is asked for until the application asks for one', async () => {
    const { rig, server, capturedMs } = await sessionRig();
    let noted = '';
    const note = functionTool({
      name: 'take_note',
      description: 'Takes a note',
      parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      execute: async ({ text }: { text: string }) => {
        noted = text;
        return undefined;
      },
    });
    const agent = new Agent({ instructions: 'help', tools: [note] });
    await rig.start(agent);
    await server.waitFor('session.update', (e) => JSON.stringify(e).includes('take_note'));
    server.replies.push({
      toolCalls: [{ name: 'take_note', arguments: '{"text":"call back at 5"}', callId: 'call_n' }],
    });
    const handle = rig.session.generateReply({ userInput: 'note: call back at 5' });
    await until(() => handle.done(), 'the tool step ended', rig.clock);
    expect(noted).toBe('call back at 5');
    expect(server.eventsOf('response.create')).toHaveLength(1);
    // the manual reply
    server.replies.push({ text: 'Noted.', audioMs: 200 });
    const manual = rig.session.generateReply({ instructions: 'confirm the note' });
    await until(() => capturedMs() >= 200, 'the manual reply audio reached the output', rig.clock);
    expect(server.eventsOf('response.create')[1]).toMatchObject({
      response: { instructions: 'confirm the note' },
    });
    await rig.clock.advance(200);
    await until(() => manual.done(), 'the manual reply was played', rig.clock);
    expect(summary(agent).at(-1)).toBe('assistant:Noted.');
    await rig.close();
  });
  it('the user speaking over the reply (server VAD): the server stops it and the message is cut where it was heard', async () => {
    const { rig, server, capturedMs, model } = await sessionRig();
    const agent = new Agent({ instructions: 'tell stories' });
    await rig.start(agent);
    server.replies.push({ text: 'Once upon a time there was a fox', audioMs: 2000, keepOpen: true });
    rig.session.generateReply({ userInput: 'tell me a story' });
    await until(() => capturedMs() >= 2000, 'the reply audio reached the output');
    await rig.clock.advance(450);
    // the microphone's audio, as the session's audio input hands it to the model
    server.transcripts.push('wait, stop');
    server.replies.push({ text: 'Sure.', audioMs: 100 });
    const rt = model().sessions[0];
    for (const f of [...audioFrames(200, true, 48000), ...audioFrames(600, false, 48000)]) rt.pushAudio(f);
    await until(() => server.truncations.length === 1, 'conversation.item.truncate', rig.clock);
    expect(server.truncations[0].audioEndMs).toBe(450);
    await until(
      () => rig.of('user_input_transcribed').some((e) => e.isFinal),
      'the final transcript',
      rig.clock,
    );
    expect(
      rig
        .of('user_input_transcribed')
        .filter((e) => e.isFinal)
        .map((e) => e.transcript),
    ).toEqual(['wait, stop']);
    expect(rig.of('user_state_changed').map((e) => e.newState)[0]).toBe('speaking');
    await rig.close();
  });
});

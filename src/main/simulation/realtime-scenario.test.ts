/**
 * Format v2's realtime keys at the loader and the checker (docs/scenario-format.md §11,
 * §14.2-14.5): the defaults the format gives a generation, the files it refuses and why, and
 * how realtimeCalls / realtimeCallCounts / realtimeChatContext judge a recorded run.
 */
import { describe, expect, it } from 'vitest';
import type { RealtimeCallRecord } from '../engine';
import { checkExpectations, type RunRecord } from './expectations';
import { parseScenario, type LoadResult } from './scenario-loader';
import { ExpectV2Schema } from './scenario-schema-v2';

function issues(r: LoadResult): string[] {
  if (r.ok) throw new Error('expected an invalid scenario');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

const base = { name: 'rt', formatVersion: 2 };

describe('realtime script items (§11)', () => {
  it('gives messages their default id and modalities, and tool calls the file-wide call id', () => {
    const r = parseScenario({
      ...base,
      realtimeModel: { capabilities: { audioOutput: false } },
      script: [
        { realtimeReply: { key: 'a', toolCalls: [{ name: 'f' }] } },
        {
          realtimeReply: {
            key: '',
            message: { text: 'hi' },
            toolCalls: [{ name: 'g', callId: 'x' }, { name: 'h' }],
          },
        },
        { realtimeEvent: { atMs: 5, generation: { message: {} } } },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.scenario.realtime.replies).toEqual([
      {
        key: 'a',
        message: null,
        toolCalls: [{ name: 'f', arguments: '{}', callId: '1' }],
        ttftMs: 100,
        durationMs: 300,
      },
      {
        key: '',
        message: { messageId: 'msg_2', text: 'hi', audioDurationMs: 0, modalities: ['text'] },
        toolCalls: [
          { name: 'g', arguments: '{}', callId: 'x' },
          { name: 'h', arguments: '{}', callId: '2' },
        ],
        ttftMs: 100,
        durationMs: 300,
      },
    ]);
    expect(r.scenario.realtime.events).toEqual([
      {
        atMs: 5,
        scriptIndex: 2,
        event: {
          kind: 'generation',
          userInitiated: false,
          generation: {
            message: { messageId: 'msg_3', text: '', audioDurationMs: 0, modalities: ['text'] },
            toolCalls: [],
            ttftMs: 100,
            durationMs: 300,
          },
        },
      },
    ]);
  });

  it('refuses realtime items without a realtime model, llm items with one, and bad generations', () => {
    expect(issues(parseScenario({ ...base, script: [{ realtimeReply: { key: '' } }] }))).toEqual([
      '$.script[0].realtimeReply: expected no realtimeReply item without $.realtimeModel (format §11)',
    ]);
    // the schema's own refusals come first ...
    expect(
      issues(
        parseScenario({
          ...base,
          realtimeModel: {},
          script: [
            { realtimeEvent: { atMs: 1, generation: { ttftMs: 500, durationMs: 300 } } },
            { realtimeEvent: { atMs: 1, inputSpeechStarted: {}, inputSpeechStopped: {} } },
          ],
        }),
      ),
    ).toEqual([
      '$.script[0].realtimeEvent.generation.ttftMs: expected ttftMs <= durationMs',
      '$.script[1].realtimeEvent: expected a realtimeEvent with exactly one of inputSpeechStarted, inputSpeechStopped, inputTranscription, generation, error; got 2 (inputSpeechStarted, inputSpeechStopped)',
    ]);
    // ... then the rules across keys
    expect(
      issues(
        parseScenario({
          ...base,
          realtimeModel: {},
          script: [
            { llm: { input: 'x' } },
            { realtimeReply: { key: 'k', message: { modalities: ['text'], audioDurationMs: 10 } } },
          ],
        }),
      ),
    ).toEqual([
      '$.script[0].llm: expected no llm item with $.realtimeModel (its LLM is the fake realtime model, §11.1)',
      '$.script[1].realtimeReply.message.audioDurationMs: expected 0 when "audio" is not in the message\'s modalities (["text"]); got 10',
    ]);
  });

  it('in a v1 file the realtime keys and the id entry field are v2 keys', () => {
    const v2Key = 'a format v2 key in a format v1 file (add "formatVersion": 2 at the top to use it)';
    const got = issues(
      parseScenario({
        name: 'a',
        realtimeModel: {},
        expect: { realtimeCallCounts: {}, chatContext: [{ type: 'message', id: 'x' }] },
      }),
    );
    expect(got.sort()).toEqual(
      ['$.expect.chatContext[0].id', '$.expect.realtimeCallCounts', '$.realtimeModel'].map(
        (p) => `${p}: ${v2Key}`,
      ),
    );
  });

  it('the capabilities of later livekit versions are unknown keys', () => {
    expect(
      issues(parseScenario({ ...base, realtimeModel: { capabilities: { supportsSay: true } } })),
    ).toEqual(['$.realtimeModel.capabilities.supportsSay: unknown key (not part of format v2)']);
  });
});

describe('realtime expectations (§14.2-14.4)', () => {
  const call = (
    method: string,
    t: number,
    fields: Record<string, unknown> = {},
    session = 1,
  ): RealtimeCallRecord => ({
    method,
    session,
    t,
    fields,
  });
  const ctxItem = {
    type: 'message',
    id: 'item_1',
    role: 'user',
    content: 'hi',
    interrupted: false,
    createdAt: 1500,
  };
  const run = (calls: RealtimeCallRecord[]): RunRecord => ({
    originMs: 1000,
    events: [],
    llmRequests: [],
    playbackFinished: [],
    chatContext: [],
    realtime: { calls, chatContext: [ctxItem as RunRecord['chatContext'][number]] },
  });
  const check = (expect: unknown, r: RunRecord) =>
    checkExpectations(ExpectV2Schema.parse(expect), r, 250).map((f) => f.message);
  const record = run([
    call('updateInstructions', 900, { instructions: 'x' }),
    call('updateChatCtx', 900, { items: [ctxItem] }),
    call('truncate', 2000, {
      messageId: 'm',
      modalities: ['audio', 'text'],
      audioEndMs: 700,
      audioTranscript: '',
    }),
    call('generateReply', 3000, { instructions: null, key: 'hi' }, 2),
  ]);

  it('matches an ordered subsequence by method, session and fields; start-time calls are at 0', () => {
    expect(
      check(
        {
          realtimeCalls: [
            { method: 'updateInstructions', atMs: 0 },
            { method: 'updateChatCtx', items: [{ type: 'message', id: 'item_1', content: 'hi' }] },
            { method: 'truncate', audioEndMs: 800, modalities: ['audio', 'text'], atMs: 1000 },
            { method: 'generateReply', session: 2, instructions: null },
          ],
          realtimeCallCounts: { truncate: 1, interrupt: 0 },
          realtimeChatContext: [{ type: 'message', id: 'item_1', atMs: 500 }],
        },
        record,
      ),
    ).toEqual([]);
  });

  it('says what differs', () => {
    expect(
      check(
        {
          realtimeCalls: [{ method: 'truncate', audioEndMs: 300 }],
          realtimeCallCounts: { generateReply: 2 },
          realtimeChatContext: [{ type: 'message', id: 'item_2' }],
        },
        record,
      ),
    ).toEqual([
      'realtimeCalls[0]: expected {"method":"truncate","audioEndMs":300}, not found (calls of that method after the previous match: truncate#1{"messageId":"m","modalities":["audio","text"],"audioEndMs":700,"audioTranscript":""}@1000 (audioEndMs 300 != 700 (tolerance 250)))',
      'realtimeCallCounts.generateReply: expected 2, got 1',
      'realtimeChatContext[0]: expected {"type":"message","id":"item_2"}, got {message user "hi"}@500 (id "item_2" != "item_1")',
    ]);
    expect(check({ realtimeCalls: [{ method: 'generateReply', session: 1 }] }, record)[0]).toContain(
      '(session 1 != 2)',
    );
    const { realtime: _r, ...noModel } = record;
    expect(check({ realtimeCallCounts: {} }, noModel)).toEqual([
      'realtimeCallCounts: the scenario has no realtimeModel, so there are no realtime calls to check',
    ]);
  });
});

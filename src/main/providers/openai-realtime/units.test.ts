import { describe, expect, it } from 'vitest';
import { VirtualClock, type ChatItem } from '../../engine';
import { ProviderError } from '../common/provider-error';
import { handshakeError, serverError } from './errors';
import { ResponseGeneration } from './generation';
import { chatCtxUpdateEvents, diffChatItems, fromOpenAIItem, toOpenAIItem } from './items';
import { realtimeMetrics } from './metrics';
import { createOpenAIRealtimeModel } from './model';
import { RemoteConversation } from './remote-conversation';
import { parseRealtimeSettings, sessionConfig } from './settings';

const m = (id: string, content: string, role: 'user' | 'assistant' = 'user'): ChatItem => ({
  type: 'message',
  id,
  role,
  content,
  interrupted: false,
  createdAt: 0,
});

const ctx = {
  provider: 'openai',
  kind: 'realtime' as const,
  origin: 'https://api.openai.com',
  model: 'gpt-realtime',
  apiKeyName: 'OPENAI_API_KEY',
  secrets: ['sk-secret-value-123'],
  timeoutMs: 10000,
  settingPrefix: 'providers.llm',
};

describe('chat context diff (as upstream compute_chat_ctx_diff)', () => {
  it('keeps the longest common subsequence, removes and creates around it, updates changed text', () => {
    const d = diffChatItems(
      [m('a', '1'), m('b', '2'), m('c', '3')],
      [m('a', '1'), m('c', '3!'), m('d', '4')],
    );
    expect(d).toEqual({ toRemove: ['b'], toCreate: [['c', 'd']], toUpdate: [['a', 'c']] });
  });

  it('an item moved is removed and created again at its new place', () => {
    const d = diffChatItems([m('a', ''), m('b', '')], [m('b', ''), m('a', '')]);
    expect(d.toRemove).toHaveLength(1);
    expect(d.toCreate).toHaveLength(1);
  });

  it('events: deletes first, creates with previous_item_id (root at the start), updates as delete + create', () => {
    const evs = chatCtxUpdateEvents([m('a', 'x'), m('b', 'y')], [m('n', 'new'), m('b', 'y2')]);
    expect(
      evs.map(
        (e) =>
          `${e.type}:${'item_id' in e ? e.item_id : 'previous_item_id' in e ? `${e.previous_item_id}>${e.item.id}` : ''}`,
      ),
    ).toEqual([
      'conversation.item.delete:a',
      'conversation.item.create:root>n',
      'conversation.item.delete:b',
      'conversation.item.create:n>b',
    ]);
  });

  it('a server message with no text (audio never synced down) is neither deleted nor replaced', () => {
    expect(chatCtxUpdateEvents([m('audio1', '')], [])).toEqual([]);
    expect(chatCtxUpdateEvents([m('audio1', '')], [m('audio1', 'transcript')])).toEqual([]);
  });

  it('items convert both ways with their ids', () => {
    expect(toOpenAIItem(m('u', 'hi'))).toEqual({
      id: 'u',
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: 'hi' }],
    });
    expect(toOpenAIItem(m('a', 'yo', 'assistant'))).toMatchObject({
      content: [{ type: 'output_text', text: 'yo' }],
    });
    const call: ChatItem = {
      type: 'function_call',
      id: 'f',
      callId: 'c',
      name: 'n',
      arguments: '{}',
      createdAt: 0,
    };
    expect(toOpenAIItem(call)).toEqual({
      id: 'f',
      type: 'function_call',
      call_id: 'c',
      name: 'n',
      arguments: '{}',
    });
    expect(
      fromOpenAIItem(
        {
          id: 'x',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_audio', transcript: 'spoken' }],
        },
        5,
      ),
    ).toEqual({
      type: 'message',
      id: 'x',
      role: 'assistant',
      content: 'spoken',
      interrupted: false,
      createdAt: 5,
    });
    expect(() =>
      toOpenAIItem({ type: 'agent_handoff', id: 'h', oldAgentId: null, newAgentId: 'b', createdAt: 0 }),
    ).toThrow(/no OpenAI Realtime form/);
  });

  it('the remote copy inserts after the previous item, at the start for root/null, at the end when not given', () => {
    const r = new RemoteConversation();
    r.insert(undefined, m('a', ''));
    r.insert('root', m('first', ''));
    r.insert('a', m('b', ''));
    r.insert(null, m('zero', ''));
    expect(r.list().map((i) => i.id)).toEqual(['zero', 'first', 'a', 'b']);
  });
});

describe('metrics', () => {
  it('maps usage and timings; no usage means no token split and zero totals', () => {
    const full = realtimeMetrics(
      {
        id: 'r1',
        status: 'completed',
        usage: {
          input_tokens: 10,
          output_tokens: 5,
          total_tokens: 15,
          input_token_details: {
            audio_tokens: 7,
            text_tokens: 3,
            cached_tokens: 4,
            cached_tokens_details: { audio_tokens: 4 },
          },
          output_token_details: { audio_tokens: 5 },
        },
      },
      { createdAt: 100, firstTokenAt: 350, doneAt: 1100 },
      'L',
    );
    expect(full).toEqual({
      type: 'realtime',
      speechId: null,
      requestId: 'r1',
      timestamp: 100,
      ttftMs: 250,
      durationMs: 1000,
      cancelled: false,
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      label: 'L',
      inputTokenDetails: {
        audioTokens: 7,
        textTokens: 3,
        cachedTokens: 4,
        cachedAudioTokens: 4,
        cachedTextTokens: 0,
      },
      outputTokenDetails: { audioTokens: 5, textTokens: 0 },
    });
    const cancelled = realtimeMetrics(
      { id: 'r2', status: 'cancelled' },
      { createdAt: 0, firstTokenAt: null, doneAt: 20 },
      'L',
    );
    expect(cancelled).toMatchObject({ cancelled: true, ttftMs: -1, inputTokens: 0 });
    expect(cancelled).not.toHaveProperty('inputTokenDetails');
  });
});

describe('a response as a generation', () => {
  it('text counts as the first token only without audio; function calls are sent once', async () => {
    const clock = new VirtualClock();
    const g = new ResponseGeneration('r', 0, true, false, () => clock.now());
    g.itemAdded({ id: 'm1', type: 'message', role: 'assistant', content: [] });
    await clock.advance(30);
    g.textDelta('m1', 'hi', true);
    expect(g.firstTokenAt).toBeCloseTo(30, 0);
    g.functionCall({ itemId: 'f', callId: 'c', name: 'n', arguments: '{}' });
    g.functionCall({ itemId: 'f', callId: 'c', name: 'n', arguments: '{}' });
    g.finish(['text']);
    const msgs = [];
    for await (const x of g.event.messageStream) msgs.push(x);
    expect(await msgs[0].modalities).toEqual(['text']);
    const calls = [];
    for await (const c of g.event.functionStream) calls.push(c);
    expect(calls).toHaveLength(1);
  });
});

describe('errors and settings', () => {
  it('server errors: a bad key or model is fatal and names its setting; a param names its setting', () => {
    expect(
      serverError(
        { type: 'invalid_request_error', code: 'invalid_api_key', message: 'bad key sk-secret-value-123' },
        ctx,
      ),
    ).toMatchObject({
      fatal: true,
      error: { setting: 'providers.llm.apiKeyName', code: 'auth' },
    });
    const model = serverError(
      {
        type: 'invalid_request_error',
        code: 'model_not_found',
        message: 'no model; key sk-secret-value-123',
      },
      ctx,
    );
    expect(model.fatal).toBe(true);
    expect(model.error.setting).toBe('providers.llm.model');
    expect(model.error.message).not.toContain('sk-secret-value-123');
    const voice = serverError(
      {
        type: 'invalid_request_error',
        code: 'invalid_value',
        message: 'bad voice',
        param: 'session.audio.output.voice',
      },
      ctx,
    );
    expect(voice).toMatchObject({
      fatal: false,
      error: { setting: 'providers.llm.voice', retryable: true },
    });
  });

  it('handshake statuses: 401/403 the key, 5xx retryable, 4xx names baseURL', () => {
    expect(handshakeError(403, '', ctx).setting).toBe('providers.llm.apiKeyName');
    expect(handshakeError(502, 'bad gateway', ctx)).toMatchObject({ retryable: true, code: 'server_error' });
    expect(handshakeError(400, 'nope', ctx)).toMatchObject({
      retryable: false,
      setting: 'providers.llm.baseURL',
    });
  });

  it('settings: defaults, a bad field named, temperature refused as not in the GA protocol', () => {
    const s = parseRealtimeSettings({ temperature: undefined }, 'providers.llm');
    expect(s).toMatchObject({
      model: 'gpt-realtime',
      voice: 'marin',
      modalities: ['audio'],
      turnDetection: { type: 'server_vad' },
    });
    expect(() => parseRealtimeSettings({ modalities: ['audio', 'text'] }, 'agents.a.realtime')).toThrow(
      /agents\.a\.realtime\.modalities/,
    );
    expect(() => parseRealtimeSettings({ temperature: 0.7 }, 'providers.llm')).toThrow(/temperature/);
    expect(() => parseRealtimeSettings({ azureApiVersion: '2025-04-01-preview' }, 'p')).toThrow(
      /p\.baseURL is not/,
    );
    expect(() =>
      parseRealtimeSettings({ turnDetection: { type: 'semantic_vad', threshold: 0.5 } }, 'p'),
    ).toThrow(ProviderError);
    const semantic = sessionConfig(
      parseRealtimeSettings(
        {
          turnDetection: { type: 'semantic_vad', eagerness: 'high' },
          inputTranscriptionModel: null,
          maxOutputTokens: 300,
        },
        'p',
      ),
      {
        instructions: null,
        tools: [],
        toolChoice: null,
      },
    );
    expect(semantic.audio?.input).toEqual({
      format: { type: 'audio/pcm', rate: 24000 },
      turn_detection: { type: 'semantic_vad', eagerness: 'high' },
    });
    expect(semantic.max_output_tokens).toBe(300);
    expect(semantic).not.toHaveProperty('instructions');
  });

  it('the factory refuses a missing key naming the key setting, and capabilities follow the settings', () => {
    const clock = new VirtualClock();
    expect(() => createOpenAIRealtimeModel({}, { clock, apiKey: '' })).toThrow(
      /providers\.llm: openai needs an API key — OPENAI_API_KEY is not set/,
    );
    const model = createOpenAIRealtimeModel(
      { turnDetection: null, inputTranscriptionModel: null, modalities: ['text'] },
      { clock, apiKey: 'k' },
    );
    expect(model.capabilities).toEqual({
      messageTruncation: true,
      turnDetection: false,
      userTranscription: false,
      autoToolReplyGeneration: false,
      audioOutput: false,
      manualFunctionCalls: true,
    });
  });
  it('a URL the SDK refuses ends the session at once with an error naming baseURL, without retries', async () => {
    const clock = new VirtualClock();
    const model = createOpenAIRealtimeModel(
      { baseURL: 'https://127.0.0.1:9/v1#fragment' },
      { clock, apiKey: 'k' },
    );
    const session = model.session();
    const errors: Array<{ recoverable: boolean; message: string }> = [];
    session.on('error', (e) => errors.push({ recoverable: e.recoverable, message: e.error.message }));
    await session.whenOpen();
    expect(errors).toHaveLength(1);
    expect(errors[0].recoverable).toBe(false);
    expect(errors[0].message).toContain('could not be set up');
    expect(errors[0].message).toContain('providers.llm.baseURL');
    await model.close();
  });
});

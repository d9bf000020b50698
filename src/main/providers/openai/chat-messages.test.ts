import { describe, expect, it } from 'vitest';
import { ChatContext, type ChatItem } from '../../engine/llm/chat-context';
import { toChatMessages, toToolChoice } from './chat-messages';

function ctx(items: ChatItem[]): ChatContext {
  return new ChatContext(items);
}

const msg = (
  id: string,
  role: 'system' | 'developer' | 'user' | 'assistant',
  content: string,
  t: number,
): ChatItem => ({
  type: 'message',
  id,
  role,
  content,
  interrupted: false,
  createdAt: t,
});

describe('toChatMessages', () => {
  it('groups a reply with its parallel calls into one assistant message followed by the tool outputs', () => {
    const items: ChatItem[] = [
      msg('sys', 'system', 'Be brief.', 0),
      msg('u1', 'user', 'Weather in Paris and Tokyo?', 1),
      // Calls, outputs and the spoken text arrive interleaved in time.
      {
        type: 'function_call',
        id: 'gen1/fnc_0',
        callId: 'c0',
        name: 'weather',
        arguments: '{"city":"Paris"}',
        createdAt: 2,
      },
      {
        type: 'function_call_output',
        id: 'o0',
        callId: 'c0',
        name: 'weather',
        output: 'sunny',
        isError: false,
        createdAt: 3,
      },
      {
        type: 'function_call',
        id: 'gen1/fnc_1',
        callId: 'c1',
        name: 'weather',
        arguments: '{"city":"Tokyo"}',
        createdAt: 3.5,
      },
      msg('gen1', 'assistant', 'Checking.', 4),
      {
        type: 'function_call_output',
        id: 'o1',
        callId: 'c1',
        name: 'weather',
        output: 'rain',
        isError: true,
        createdAt: 5,
      },
      { type: 'agent_config_update', id: 'cfg', instructions: 'x', createdAt: 6 },
      { type: 'agent_handoff', id: 'h', oldAgentId: null, newAgentId: 'b', createdAt: 7 },
      msg('gen2', 'assistant', 'Paris is sunny.', 8),
    ];
    expect(toChatMessages(ctx(items), { developerRole: 'developer' })).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris and Tokyo?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          { id: 'c0', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Tokyo"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c0', content: 'sunny' },
      { role: 'tool', tool_call_id: 'c1', content: 'rain' },
      { role: 'assistant', content: 'Paris is sunny.' },
    ]);
  });

  it('drops calls without an output and maps developer to system for compatible servers', () => {
    const items: ChatItem[] = [
      msg('d', 'developer', 'Rules.', 0),
      { type: 'function_call', id: 'g/fnc_0', callId: 'c0', name: 'slow', arguments: '{}', createdAt: 1 },
      {
        type: 'function_call_output',
        id: 'orphan',
        callId: 'zz',
        name: 'x',
        output: 'lost',
        isError: false,
        createdAt: 2,
      },
    ];
    expect(toChatMessages(ctx(items), { developerRole: 'system' })).toEqual([
      { role: 'system', content: 'Rules.' },
    ]);
    expect(toChatMessages(ctx(items.slice(0, 1)), { developerRole: 'developer' })).toEqual([
      { role: 'developer', content: 'Rules.' },
    ]);
  });

  it('maps tool choices', () => {
    expect(toToolChoice('required')).toBe('required');
    expect(toToolChoice({ type: 'function', name: 'f' })).toEqual({
      type: 'function',
      function: { name: 'f' },
    });
  });
});

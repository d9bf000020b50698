import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import { executed, message, toolStart, vad } from '../../testing/test-events';
import { ChatContextModel } from './chat-context';

const batch = (events: EngineEvent[], reset = false) => ({ reset, events, truncated: false });

describe('ChatContextModel', () => {
  it('rebuilds messages, marking an interrupted one with only what was heard', () => {
    const m = new ChatContextModel();
    m.apply(
      batch([
        message(100, 'u1', 'user', 'What is the weather?'),
        vad(110),
        message(900, 'a1', 'assistant', 'It is sunny and', true),
      ]),
    );
    const { entries } = m.snapshot();
    expect(entries.map((e) => e.kind)).toEqual(['message', 'message']);
    expect(entries[1]).toMatchObject({ role: 'assistant', content: 'It is sunny and', interrupted: true });
  });

  it('adds function calls with their outputs, error outputs marked, at the time the tool started', () => {
    const m = new ChatContextModel();
    m.apply(
      batch([
        message(100, 'u1', 'user', 'weather in Paris?'),
        toolStart(300, 'c1', 'get_weather', '{"city":"Paris"}'),
      ]),
    );
    m.apply(
      batch([
        executed(500, [
          { callId: 'c1', name: 'get_weather', args: '{"city":"Paris"}', output: 'sunny' },
          { callId: 'c2', name: 'book', output: 'no tables', isError: true },
        ]),
        // The reply's message was created before the executed event was emitted.
        message(800, 'a1', 'assistant', 'It is sunny.', false, 450),
      ]),
    );
    const entries = m.snapshot().entries;
    expect(entries.map((e) => e.id)).toEqual(['u1', 'call:c1', 'a1', 'call:c2']);
    expect(entries[1]).toMatchObject({
      kind: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      output: { text: 'sunny', isError: false },
    });
    expect(entries[3]).toMatchObject({ output: { text: 'no tables', isError: true } });
  });

  it('ignores duplicates, keeps the snapshot stable when nothing changed, and starts over on reset', () => {
    const m = new ChatContextModel();
    m.apply(batch([message(1, 'u1', 'user', 'hi')]));
    const before = m.snapshot();
    expect(m.apply(batch([message(1, 'u1', 'user', 'hi'), vad(2)]))).toBe(false);
    expect(m.snapshot()).toBe(before);
    expect(m.apply(batch([message(5, 'u2', 'user', 'again')], true))).toBe(true);
    expect(m.snapshot().entries.map((e) => e.id)).toEqual(['u2']);
  });

  it('says when the start of the context was dropped from the live buffer', () => {
    const m = new ChatContextModel();
    m.apply({ reset: false, events: [message(1, 'u1', 'user', 'hi')], truncated: true });
    expect(m.snapshot().truncated).toBe(true);
  });

  it('shows a handoff between agents', () => {
    const m = new ChatContextModel();
    m.apply(batch([{ type: 'agent_handoff', t: 10, oldAgentId: 'front', newAgentId: 'billing' }]));
    expect(m.snapshot().entries[0]).toMatchObject({ kind: 'handoff', newAgentId: 'billing' });
  });
});

import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import { executed, toolEnd, toolStart } from '../../testing/test-events';
import { ToolCallsModel } from './tool-calls';

const batch = (events: EngineEvent[], reset = false) => ({ reset, events, truncated: false });

describe('ToolCallsModel', () => {
  it('pairs start and end by callId and measures the duration', () => {
    const m = new ToolCallsModel();
    m.apply(batch([toolStart(1000, 'c1', 'get_weather', '{"city":"Oslo"}')]));
    expect(m.snapshot().calls[0]).toMatchObject({ status: 'running', durationMs: null, startedAt: 1000 });
    m.apply(batch([toolEnd(1250, 'c1', 'get_weather', 'rain', false, '{"city":"Oslo"}')]));
    expect(m.snapshot().byId.get('c1')).toMatchObject({
      name: 'get_weather',
      arguments: '{"city":"Oslo"}',
      output: 'rain',
      isError: false,
      durationMs: 250,
      status: 'ok',
      speechId: 'speech_1',
    });
  });

  it('marks errors and tools that returned no output', () => {
    const m = new ToolCallsModel();
    m.apply(
      batch([
        toolStart(0, 'e', 'book'),
        toolStart(0, 'n', 'transfer'),
        toolEnd(40, 'e', 'book', 'table taken', true),
        toolEnd(60, 'n', 'transfer'),
        executed(70, [
          { callId: 'e', name: 'book', output: 'table taken', isError: true },
          { callId: 'n', name: 'transfer', output: null },
        ]),
      ]),
    );
    const { byId, calls } = m.snapshot();
    expect(calls.map((c) => c.callId)).toEqual(['e', 'n']);
    expect(byId.get('e')).toMatchObject({ status: 'error', isError: true, durationMs: 40 });
    expect(byId.get('n')).toMatchObject({ status: 'no_output', output: null, durationMs: 60 });
  });

  it('fills a call whose start was dropped from the executed event, without inventing a duration', () => {
    const m = new ToolCallsModel();
    m.apply(batch([executed(70, [{ callId: 'x', name: 'lookup', args: '{"id":7}', output: 'found' }])]));
    expect(m.snapshot().byId.get('x')).toMatchObject({
      arguments: '{"id":7}',
      output: 'found',
      status: 'ok',
      durationMs: null,
    });
  });

  it('starts over on reset', () => {
    const m = new ToolCallsModel();
    m.apply(batch([toolStart(0, 'a', 'one')]));
    m.apply(batch([toolStart(0, 'b', 'two')], true));
    expect(m.snapshot().calls.map((c) => c.callId)).toEqual(['b']);
  });
});

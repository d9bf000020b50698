import { beforeEach, describe, expect, it } from 'vitest';
import type { StudioStatus } from '../../../shared/studio-api';
import { placeNotice } from './notice-causes';
import { resetStudioStore, useStudioStore } from './studio-store';

const s = () => useStudioStore.getState();
const status = (patch: Partial<StudioStatus> = {}): StudioStatus => ({
  phase: 'idle',
  sessionId: null,
  startedAt: null,
  agentState: 'initializing',
  userState: 'listening',
  currentAgent: null,
  lastError: null,
  transport: 'websocket',
  ...patch,
});

describe('notice causes', () => {
  beforeEach(() => resetStudioStore());

  it('places each failure: transport, session, a control misused, anything else', () => {
    expect(placeNotice({ source: 'getState', code: 'transport' })).toEqual({
      kind: 'banner',
      cause: 'transport',
      resolvedBy: 'reconnect',
    });
    expect(placeNotice({ source: 'llm', code: 'failed', session: true })).toEqual({
      kind: 'banner',
      cause: 'session:llm',
      resolvedBy: 'new_session',
    });
    expect(placeNotice({ source: 'sendText', code: 'no_session' })).toEqual({
      kind: 'inline',
      control: 'send',
    });
    expect(placeNotice({ source: 'say', code: 'invalid_input' })).toEqual({ kind: 'inline', control: 'say' });
    // A start refused for its config names a config field: a banner until a start works.
    expect(placeNotice({ source: 'startSession', code: 'invalid_input' })).toEqual({
      kind: 'banner',
      cause: 'command:startSession',
      resolvedBy: 'command_ok',
    });
    expect(placeNotice({ source: 'microphone', code: 'not_available' })).toMatchObject({
      resolvedBy: 'new_session',
    });
  });

  it('one notice per cause: a repeat replaces it and counts', () => {
    s().pushError({ source: 'llm', code: 'failed', message: 'openai llm: 500', session: true });
    s().pushError({ source: 'startSession', code: 'provider_unavailable', message: 'no key' });
    s().pushError({ source: 'llm', code: 'failed', message: 'openai llm: 502', session: true });
    expect(s().errors.map((e) => [e.cause, e.message, e.count])).toEqual([
      ['command:startSession', 'no key', 1],
      ['session:llm', 'openai llm: 502', 2],
    ]);
  });

  it('transport notices go on reconnect, a command’s on its next success, a session’s with the next session', () => {
    s().pushError({ source: 'ping', code: 'transport', message: 'connection lost' });
    s().pushError({ source: 'getState', code: 'transport', message: 'connection lost' });
    s().pushError({ source: 'startSession', code: 'provider_unavailable', message: 'no key' });
    s().pushError({ source: 'llm', code: 'failed', message: '500', session: true });
    // Two commands cut by one outage: one notice.
    expect(s().errors.filter((e) => e.cause === 'transport')).toHaveLength(1);
    s().resolveNotices('reconnect');
    expect(s().errors.map((e) => e.cause)).toEqual(['command:startSession', 'session:llm']);
    s().resolveNotices('command_ok', 'savePreset');
    expect(s().errors).toHaveLength(2);
    s().setStatus(status({ phase: 'starting', sessionId: 's1' }));
    expect(s().errors.map((e) => e.cause)).toEqual(['command:startSession']);
    s().resolveNotices('command_ok', 'startSession');
    expect(s().errors).toEqual([]);
  });

  it('a misuse goes next to its control, not into the banner, and clears on reuse or a phase change', () => {
    s().setStatus(status());
    s().pushError({ source: 'sendText', code: 'no_session', message: 'no session is running' });
    s().pushError({
      source: 'say',
      code: 'invalid_input',
      field: 'text',
      message: 'Type what the agent should say.',
    });
    expect(s().errors).toEqual([]);
    expect(s().inlineNotices.send?.message).toBe('no session is running');
    s().beginCommand('say');
    expect(s().inlineNotices.say).toBeUndefined();
    expect(s().inlineNotices.send).toBeDefined();
    s().setStatus(status({ phase: 'starting', sessionId: 's1' }));
    expect(s().inlineNotices).toEqual({});
  });
});

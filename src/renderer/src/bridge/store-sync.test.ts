import { beforeEach, describe, expect, it } from 'vitest';
import type { StudioStatus } from '../../../shared/studio-api';
import { StudioConfigSchema } from '../../../shared/config';
import { resetStudioStore, useStudioStore } from '../store/studio-store';
import { createConfigActions } from '../features/config/config-actions';
import { describeError } from '../features/errors/ErrorBanner';
import { FakeStudioClient } from '../testing/fake-studio-client';
import { syncBridgeToStore } from './store-sync';

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
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('syncBridgeToStore', () => {
  beforeEach(() => resetStudioStore());

  it('fetches a snapshot when connected and applies pushes', async () => {
    const fake = new FakeStudioClient().handle('getState', () => ({
      ok: true,
      value: {
        status: status({ phase: 'running', sessionId: 's1' }),
        config: StudioConfigSchema.parse({}),
        events: [{ type: 'agent_false_interruption', t: 5, resumed: true }],
      },
    }));
    const stop = syncBridgeToStore(fake.asBridge(), useStudioStore);
    await tick();
    let s = useStudioStore.getState();
    expect(s.transport).toBe('websocket');
    expect(s.connection.state).toBe('connected');
    expect(s.status?.phase).toBe('running');
    expect(s.feed.size).toBe(1);

    fake.push('status', status({ phase: 'stopping' }));
    fake.push('events', {
      sessionId: 's1',
      events: [{ type: 'agent_false_interruption', t: 6, resumed: false }],
    });
    s = useStudioStore.getState();
    expect(s.status?.phase).toBe('stopping');
    expect(s.feed.size).toBe(2);

    stop();
    expect(fake.listenerCount('status')).toBe(0);
    fake.push('status', status({ phase: 'idle' }));
    expect(useStudioStore.getState().status?.phase).toBe('stopping');
  });

  it('waits for the connection before fetching, and refetches on every reconnect', async () => {
    const fake = new FakeStudioClient('websocket', { state: 'connecting', reason: null, code: null }).handle(
      'getState',
      () => ({
        ok: true,
        value: { status: status(), config: StudioConfigSchema.parse({}), events: [] },
      }),
    );
    syncBridgeToStore(fake.asBridge(), useStudioStore);
    await tick();
    expect(fake.calls).toHaveLength(0);
    fake.setConnection({ state: 'connected', reason: null, code: null });
    await tick();
    fake.setConnection({ state: 'disconnected', reason: null, code: 1006 });
    expect(useStudioStore.getState().connection.state).toBe('disconnected');
    fake.setConnection({ state: 'connected', reason: null, code: null });
    await tick();
    expect(fake.calls.map((c) => c.command)).toEqual(['getState', 'getState']);
  });

  it('a reconnect clears the banner of what failed for want of a connection, and only that', async () => {
    let online = true;
    const fake = new FakeStudioClient().handle('getState', () =>
      online
        ? { ok: true, value: { status: status(), config: StudioConfigSchema.parse({}), events: [] } }
        : { ok: false, error: { code: 'transport', message: 'connection lost (close 1012: restart)' } },
    );
    syncBridgeToStore(fake.asBridge(), useStudioStore);
    await tick();
    // The config editor's own getState is cut by the drop, as in web mode under load.
    online = false;
    const config = createConfigActions({
      client: fake,
      actions: { run: () => Promise.reject(new Error('not used')) },
      store: useStudioStore,
    });
    const refreshed = config.refresh();
    fake.setConnection({ state: 'disconnected', reason: 'restart', code: 1012 });
    expect(await refreshed).toBe(false);
    const s = useStudioStore.getState();
    s.pushError({ source: 'startSession', code: 'invalid_input', message: 'bad mode', field: 'inputMode' });
    s.pushError({ source: 'llm', code: 'failed', message: 'openai llm: 500', session: true });
    expect(useStudioStore.getState().errors.map(describeError)).toEqual([
      'Connection to the studio failed — connection lost (close 1012: restart)',
      'Start session failed — invalid_input (inputMode): bad mode',
      'Session error (llm): openai llm: 500 — the session keeps running',
    ]);

    // Still down: the notice stays, the status says why.
    fake.setConnection({ state: 'connecting', reason: 'restart', code: 1012 });
    expect(useStudioStore.getState().errors).toHaveLength(3);
    online = true;
    fake.setConnection({ state: 'connected', reason: null, code: null });
    await tick();
    expect(useStudioStore.getState().errors.map((e) => e.source)).toEqual(['startSession', 'llm']);
  });

  it('shows a failing getState as an error notice', async () => {
    const fake = new FakeStudioClient().handle('getState', () => ({
      ok: false,
      error: { code: 'failed', message: 'host broke' },
    }));
    syncBridgeToStore(fake.asBridge(), useStudioStore);
    await tick();
    expect(useStudioStore.getState().errors).toMatchObject([
      { source: 'getState', code: 'failed', message: 'host broke' },
    ]);
  });

  it('shows a live session error event in the error banner, naming its source', async () => {
    const fake = new FakeStudioClient().handle('getState', () => ({
      ok: true,
      value: {
        status: status({ phase: 'running', sessionId: 's1' }),
        config: StudioConfigSchema.parse({}),
        events: [],
      },
    }));
    syncBridgeToStore(fake.asBridge(), useStudioStore);
    await tick();
    fake.push('events', {
      sessionId: 's1',
      events: [
        { type: 'agent_false_interruption', t: 5, resumed: true },
        {
          type: 'error',
          t: 6,
          source: 'llm',
          message: 'openai llm: 500 the server failed',
          recoverable: true,
        },
      ],
    });
    const s = useStudioStore.getState();
    expect(s.feed.size).toBe(2);
    expect(s.errors).toMatchObject([
      { source: 'llm', code: 'failed', message: 'openai llm: 500 the server failed' },
    ]);
    // The same source again while its notice is shown adds nothing.
    fake.push('events', {
      sessionId: 's1',
      events: [{ type: 'error', t: 7, source: 'llm', message: 'openai llm: 500 again', recoverable: true }],
    });
    expect(useStudioStore.getState().errors).toHaveLength(1);
    expect(useStudioStore.getState().errors[0]).toMatchObject({ count: 2, message: 'openai llm: 500 again' });
  });

  it('an error that closed the session says the session ended, not that it keeps running', async () => {
    const fake = new FakeStudioClient().handle('getState', () => ({
      ok: true,
      value: {
        status: status({ phase: 'running', sessionId: 's1' }),
        config: StudioConfigSchema.parse({}),
        events: [],
      },
    }));
    syncBridgeToStore(fake.asBridge(), useStudioStore);
    await tick();
    fake.push('events', {
      sessionId: 's1',
      events: [{ type: 'error', t: 6, source: 'tts', message: 'voice died', recoverable: false }],
    });
    expect(useStudioStore.getState().errors.map(describeError)).toEqual([
      'Session error (tts): voice died — the session ended',
    ]);
    // The next session makes it past.
    fake.push('status', status({ phase: 'starting', sessionId: 's2' }));
    expect(useStudioStore.getState().errors).toEqual([]);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { resetStudioStore, useStudioStore } from '../store/studio-store';
import { FakeStudioClient } from '../testing/fake-studio-client';
import { createStudioActions } from './studio-actions';

describe('studio actions', () => {
  beforeEach(() => resetStudioStore());

  it('turns a failed command into a visible error notice', async () => {
    const fake = new FakeStudioClient().handle('startSession', () => ({
      ok: false,
      error: { code: 'not_available', message: 'The engine is not built yet' },
    }));
    const actions = createStudioActions({ client: fake, store: useStudioStore });
    expect(await actions.start()).toBe(false);
    expect(useStudioStore.getState().errors).toMatchObject([
      { source: 'startSession', code: 'not_available', message: 'The engine is not built yet' },
    ]);
    expect(useStudioStore.getState().inFlight).toEqual({});
    expect(useStudioStore.getState().lastOutcome).toMatchObject({
      command: 'startSession',
      ok: false,
      code: 'not_available',
    });
  });

  it('measures a ping round trip and checks the nonce', async () => {
    let t = 100;
    const fake = new FakeStudioClient().handle('ping', ({ nonce }) => {
      t += 7;
      return { ok: true, value: { nonce, receivedAt: 42 } };
    });
    const actions = createStudioActions({
      client: fake,
      store: useStudioStore,
      now: () => t,
      makeNonce: () => 'n1',
    });
    expect(await actions.ping()).toBe(true);
    expect(useStudioStore.getState().lastPing).toEqual({ nonce: 'n1', roundTripMs: 7, receivedAt: 42 });
    expect(useStudioStore.getState().lastOutcome).toBeNull();

    fake.handle('ping', () => ({ ok: true, value: { nonce: 'other', receivedAt: 0 } }));
    expect(await actions.ping()).toBe(false);
    expect(useStudioStore.getState().errors[0]).toMatchObject({ source: 'ping', code: 'transport' });
  });

  it('a read a view makes on its own does not replace the answer to what the user did', async () => {
    const fake = new FakeStudioClient()
      .handle('startSession', () => ({
        ok: false,
        error: { code: 'provider_unavailable', message: 'no key' },
      }))
      .handle('listRecordings', () => ({ ok: true, value: { recordings: [], problems: [] } }));
    const actions = createStudioActions({ client: fake, store: useStudioStore });
    expect(await actions.start()).toBe(false);
    await actions.run('listRecordings', {});
    expect(useStudioStore.getState().lastOutcome).toMatchObject({ command: 'startSession', ok: false });
  });

  it('trims text and refuses to send nothing without a round trip', async () => {
    const fake = new FakeStudioClient().handle('sendText', () => ({ ok: true, value: { accepted: true } }));
    const actions = createStudioActions({ client: fake, store: useStudioStore });
    expect(await actions.sendText('   ')).toBe(false);
    expect(fake.calls).toHaveLength(0);
    // A misuse of the Send control is said next to it, not in the banner.
    expect(useStudioStore.getState().errors).toEqual([]);
    expect(useStudioStore.getState().inlineNotices.send).toMatchObject({
      code: 'invalid_input',
      message: 'Type something to send.',
    });
    expect(await actions.sendText('  hello ')).toBe(true);
    expect(fake.calls).toEqual([{ command: 'sendText', input: { text: 'hello' } }]);
    expect(useStudioStore.getState().inlineNotices).toEqual({});
  });

  it('a command that works again clears the notice of its last failure, and only that one', async () => {
    let broken = true;
    const fake = new FakeStudioClient()
      .handle('savePreset', () =>
        broken
          ? { ok: false, error: { code: 'failed', message: 'disk full' } }
          : { ok: true, value: { preset: { name: 'a', savedAt: null, problem: null } } },
      )
      .handle('deletePreset', () => ({ ok: false, error: { code: 'failed', message: 'locked' } }));
    const actions = createStudioActions({ client: fake, store: useStudioStore });
    await actions.run('savePreset', { name: 'a' });
    await actions.run('deletePreset', { name: 'a' });
    expect(useStudioStore.getState().errors.map((e) => e.source)).toEqual(['savePreset', 'deletePreset']);
    broken = false;
    await actions.run('savePreset', { name: 'a' });
    expect(useStudioStore.getState().errors.map((e) => e.source)).toEqual(['deletePreset']);
  });

  it('Start from the keyboard while a session runs is said next to Start, without a round trip', async () => {
    const fake = new FakeStudioClient().handle('startSession', () => ({
      ok: true,
      value: { sessionId: 's2' },
    }));
    const actions = createStudioActions({ client: fake, store: useStudioStore });
    useStudioStore.getState().setStatus({
      phase: 'running',
      sessionId: 's1',
      startedAt: 1,
      agentState: 'listening',
      userState: 'listening',
      currentAgent: null,
      lastError: null,
      transport: 'websocket',
    });
    useStudioStore.getState().setConnection({ state: 'connected', reason: null, code: null });
    expect(await actions.start()).toBe(false);
    expect(fake.calls).toEqual([]);
    expect(useStudioStore.getState().inlineNotices.start?.message).toBe(
      'A session is already running: stop it first.',
    );
    expect(useStudioStore.getState().errors).toEqual([]);
  });

  it('stop and interrupt call their commands', async () => {
    const fake = new FakeStudioClient()
      .handle('stopSession', () => ({ ok: true, value: { stopped: true } }))
      .handle('interrupt', () => ({ ok: true, value: { interrupted: false } }));
    const actions = createStudioActions({ client: fake, store: useStudioStore });
    expect(await actions.stop()).toBe(true);
    expect(await actions.interrupt()).toBe(true);
    expect(fake.calls.map((c) => c.command)).toEqual(['stopSession', 'interrupt']);
  });
});

describe('the session panel verbs', () => {
  beforeEach(() => resetStudioStore());

  function setup() {
    const client = new FakeStudioClient();
    client.handle('say', () => ({ ok: true, value: { speechId: 's1' } }));
    client.handle('generateReply', () => ({ ok: true, value: { speechId: 's2' } }));
    client.handle('interrupt', () => ({ ok: true, value: { interrupted: true } }));
    return { client, actions: createStudioActions({ client, store: useStudioStore }) };
  }

  it('say sends trimmed text and refuses an empty one without a round trip', async () => {
    const { client, actions } = setup();
    expect(await actions.say('  Hello there ')).toBe(true);
    expect(await actions.say('   ')).toBe(false);
    expect(client.calls).toEqual([{ command: 'say', input: { text: 'Hello there' } }]);
    expect(useStudioStore.getState().inlineNotices.say).toMatchObject({ code: 'invalid_input' });
    expect(useStudioStore.getState().errors).toEqual([]);
  });

  it('generate reply sends instructions only when there are some; interrupt sends force only when asked', async () => {
    const { client, actions } = setup();
    await actions.generateReply('');
    await actions.generateReply(' Be brief ');
    await actions.interrupt(false);
    await actions.interrupt(true);
    await actions.interrupt();
    expect(client.calls.map((c) => c.input)).toEqual([
      {},
      { instructions: 'Be brief' },
      {},
      { force: true },
      {},
    ]);
  });
});

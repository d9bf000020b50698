import { beforeEach, describe, expect, it } from 'vitest';
import { FakeStudioClient } from '../../testing/fake-studio-client';
import { createStudioActions } from '../../bridge/studio-actions';
import { resetStudioStore, useStudioStore } from '../../store/studio-store';
import { createSessionVerbs } from './session-verbs';

function setup() {
  const client = new FakeStudioClient();
  client.handle('say', () => ({ ok: true, value: { speechId: 's1' } }));
  client.handle('generateReply', () => ({ ok: true, value: { speechId: 's2' } }));
  client.handle('interrupt', () => ({ ok: true, value: { interrupted: true } }));
  const verbs = createSessionVerbs(createStudioActions({ client, store: useStudioStore }), useStudioStore);
  return { client, verbs };
}

describe('session verbs', () => {
  beforeEach(() => resetStudioStore());

  it('say sends trimmed text and refuses an empty one without a round trip', async () => {
    const { client, verbs } = setup();
    expect(await verbs.say('  Hello there ')).toBe(true);
    expect(await verbs.say('   ')).toBe(false);
    expect(client.calls).toEqual([{ command: 'say', input: { text: 'Hello there' } }]);
    expect(useStudioStore.getState().inlineNotices.say).toMatchObject({ code: 'invalid_input' });
    expect(useStudioStore.getState().errors).toEqual([]);
  });

  it('generate reply sends instructions only when there are some; interrupt sends force only when asked', async () => {
    const { client, verbs } = setup();
    await verbs.generateReply('');
    await verbs.generateReply(' Be brief ');
    await verbs.interrupt(false);
    await verbs.interrupt(true);
    expect(client.calls.map((c) => c.input)).toEqual([{}, { instructions: 'Be brief' }, {}, { force: true }]);
  });
});

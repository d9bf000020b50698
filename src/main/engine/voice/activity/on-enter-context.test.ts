// Why: the onEnter mark rides in the speech task store instead of its own AsyncLocalStorage
// (issue 13.2); these pin that it reads as before: set only under the hook, across awaits,
// carried into speech and tool tasks started from there, and leaving the task store's own fields.
import { describe, expect, it } from 'vitest';
import type { Agent, SessionView } from '../agent';
import { speechTaskContext } from '../speech-handle';
import { currentOnEnter, runUnderOnEnter, type OnEnterData } from './on-enter-context';

const data = { session: {} as SessionView, agent: {} as Agent } satisfies OnEnterData;

describe('onEnter context', () => {
  it('is set only while the hook runs, also after awaits inside it', async () => {
    expect(currentOnEnter()).toBeUndefined();
    const seen = await runUnderOnEnter(data, async () => {
      const before = currentOnEnter();
      await Promise.resolve();
      await new Promise((r) => setImmediate(r));
      return [before, currentOnEnter()];
    });
    expect(seen).toEqual([data, data]);
    expect(seen[0]).toBe(data);
    expect(currentOnEnter()).toBeUndefined();
  });

  it('keeps the speech task fields around it and is carried by a task that passes it on', async () => {
    const handle = { id: 'speech_x' } as never;
    await speechTaskContext.run({ speechHandle: handle, functionCallName: 'tool_a' }, () =>
      runUnderOnEnter(data, async () => {
        expect(speechTaskContext.getStore()).toMatchObject({
          speechHandle: handle,
          functionCallName: 'tool_a',
        });
        // as the activity's speech tasks and the tool runner do
        const onEnter = speechTaskContext.getStore()?.onEnter;
        await speechTaskContext.run({ speechHandle: null, functionCallName: 'tool_b', onEnter }, async () => {
          await Promise.resolve();
          expect(currentOnEnter()).toBe(data);
        });
      }),
    );
  });
});

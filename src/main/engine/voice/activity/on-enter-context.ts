/**
 * Marks the agent whose `onEnter` hook is running (upstream `_OnEnterContextVar`): a reply it
 * starts hides the tools flagged IGNORE_ON_ENTER. Its own module so the reply modules can read
 * it without importing the activity. It lives in the speech task store (speechTaskContext), not
 * in an AsyncLocalStorage of its own: on Node 20 each enabled storage adds a hook to every
 * promise (issue 13.2). Speech and tool tasks carry it on from where they were started.
 */
import type { Agent, SessionView } from '../agent';
import { speechTaskContext } from '../speech-handle';

export interface OnEnterData {
  session: SessionView;
  agent: Agent;
}

/** Runs `fn` (the onEnter hook) marked as running under `data`'s onEnter. */
export function runUnderOnEnter<T>(data: OnEnterData, fn: () => T): T {
  const cur = speechTaskContext.getStore();
  return speechTaskContext.run(
    {
      speechHandle: cur?.speechHandle ?? null,
      functionCallName: cur?.functionCallName ?? null,
      onEnter: data,
    },
    fn,
  );
}

/** The onEnter the current async work runs under, if any. */
export function currentOnEnter(): OnEnterData | undefined {
  return (speechTaskContext.getStore()?.onEnter as OnEnterData | null | undefined) ?? undefined;
}

/**
 * Marks the agent whose `onEnter` hook is running (upstream `_OnEnterContextVar`): a reply it
 * starts hides the tools flagged IGNORE_ON_ENTER. Its own module so the reply modules can read
 * it without importing the activity.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Agent, SessionView } from '../agent';

export const onEnterContext = new AsyncLocalStorage<{ session: SessionView; agent: Agent }>();

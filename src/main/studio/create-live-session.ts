/**
 * Builds a live session for a plan: its one event stream first (so what happens while the
 * providers are built is already on it, in order), then the engine and the I/O of the plan's
 * kind (session-io/open-session.ts), then the kind-agnostic LiveSession that runs them.
 */
import { LiveSession, type LiveSessionDeps } from './live-session';
import { openSession, type LivePlan } from './session-io/open-session';
import { SessionEvents } from './session-io/session-events';

export async function createLiveSession(plan: LivePlan, deps: LiveSessionDeps): Promise<LiveSession> {
  const events = new SessionEvents(deps.clock, (ev) => deps.onEvent(ev), deps.logger);
  const opened = await openSession(plan, {
    sessionId: deps.sessionId,
    clock: deps.clock,
    events,
    createProviders: deps.createProviders,
    onAudio: (chunk) => deps.onAudio(chunk),
    joinRoom: deps.joinRoom,
    logger: deps.logger,
  });
  return new LiveSession(deps, events, opened);
}

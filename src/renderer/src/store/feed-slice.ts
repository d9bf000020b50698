/**
 * The store's side of the event feed (event-feed.ts). The feed is mutated in place and
 * `feedVersion` bumps once per reset or append (main batches ~50 ms), so a batch costs one store
 * notification, not one per event. Dense views subscribe with `useStudioStore.subscribe` and read
 * through a `FeedReader` outside React; only coarse widgets select `feedVersion`/`feedSource`.
 *
 * `sessionView` is the agent/user state and current agent as the feed's events say — the one
 * place the header, the session panel and the microphone read them from, live or replayed (main's
 * `status` push carries the phase; it no longer repeats what the events already say).
 */
import type { StateCreator } from 'zustand';
import type { AgentState, EngineEvent, UserState } from '../../../shared/engine-events';
import { EventFeed, sameSource, type FeedSource } from './event-feed';
import type { StudioStore } from './studio-store';

/** Enough for several minutes of a busy session at the trace rate the engine emits. */
export const EVENT_BUFFER_CAPACITY = 20_000;

export interface SessionView {
  agentState: AgentState | null;
  userState: UserState | null;
  currentAgent: string | null;
  /** The reason of the feed's `close` event, once it has one (a replayed recording's end). */
  closeReason: string | null;
}

export const EMPTY_SESSION_VIEW: SessionView = {
  agentState: null,
  userState: null,
  currentAgent: null,
  closeReason: null,
};

export interface FeedSlice {
  feed: EventFeed;
  /** Bumped once per reset or append; the only field that changes when events arrive. */
  feedVersion: number;
  /** The feed's source (a new object only on reset): select it to show "live" or "replay". */
  feedSource: FeedSource;
  /** What the feed's events say about the session's agent and user, for the header and controls. */
  sessionView: SessionView;
  /** Bumped by showLive(); the bridge answers with a fresh getState snapshot of the live session. */
  liveRequests: number;
  /**
   * Replaces the feed's content with a new source's first events (`seed`: state known before
   * them; `capacity`: how many events the feed holds from now on; default unchanged).
   */
  resetFeed(
    source: FeedSource,
    events?: readonly EngineEvent[],
    seed?: Partial<SessionView>,
    capacity?: number,
  ): void;
  /** Appends events of the current source. */
  appendFeed(events: readonly EngineEvent[]): void;
  /**
   * A live batch from main: appended while the feed follows live (a batch of another session
   * starts that session's view); ignored while a recording is replayed. Returns whether it was taken.
   */
  appendLive(sessionId: string, events: readonly EngineEvent[]): boolean;
  /** Leaves a replay (or anything else) for the live session; the bridge refills the feed. */
  showLive(): void;
}

/** Folds the state-bearing events of a batch into the view; returns the same object when none is. */
export function foldSessionView(view: SessionView, events: readonly EngineEvent[]): SessionView {
  let next = view;
  for (const ev of events) {
    if (ev.type === 'agent_state_changed') next = { ...next, agentState: ev.newState };
    else if (ev.type === 'user_state_changed') next = { ...next, userState: ev.newState };
    else if (ev.type === 'agent_handoff') next = { ...next, currentAgent: ev.newAgentId };
    else if (ev.type === 'close') next = { ...next, closeReason: ev.reason };
  }
  return next;
}

export function initialFeedState(capacity = EVENT_BUFFER_CAPACITY) {
  const feed = new EventFeed(capacity);
  return {
    feed,
    feedVersion: 0,
    feedSource: feed.source,
    sessionView: EMPTY_SESSION_VIEW,
    liveRequests: 0,
  };
}

export const createFeedSlice: StateCreator<StudioStore, [], [], FeedSlice> = (set, get) => ({
  ...initialFeedState(),
  resetFeed: (source, events = [], seed = {}, capacity) => {
    const { feed, feedVersion } = get();
    feed.reset(source, events, capacity ?? feed.capacity);
    set({
      feedVersion: feedVersion + 1,
      feedSource: feed.source,
      sessionView: foldSessionView({ ...EMPTY_SESSION_VIEW, ...seed }, events),
    });
  },
  appendFeed: (events) => {
    if (events.length === 0) return;
    const { feed, feedVersion, sessionView } = get();
    feed.append(events);
    set({ feedVersion: feedVersion + 1, sessionView: foldSessionView(sessionView, events) });
  },
  appendLive: (sessionId, events) => {
    const { feed } = get();
    if (feed.source.kind !== 'live') return false;
    if (events.length === 0) return true;
    const source: FeedSource = { kind: 'live', sessionId };
    if (!sameSource(feed.source, source)) get().resetFeed(source, events);
    else get().appendFeed(events);
    return true;
  },
  showLive: () => {
    get().resetFeed({ kind: 'live', sessionId: null });
    set({ liveRequests: get().liveRequests + 1 });
  },
});

type ViewState = Pick<FeedSlice, 'sessionView' | 'feedSource'> & {
  status: { phase: string; agentState: AgentState; userState: UserState; currentAgent: string | null } | null;
};

/**
 * What the header shows: a replay's states come from its events; a live session's from its
 * events while it runs, and main's reset values (from its status) once it has ended.
 */
type StateKey = 'agentState' | 'userState' | 'currentAgent';
function pick<K extends StateKey>(s: ViewState, key: K): NonNullable<Pick<SessionView, StateKey>[K]> | null {
  const live = s.feedSource.kind === 'live';
  const running = s.status !== null && s.status.phase !== 'idle' && s.status.phase !== 'error';
  if (!live || running) {
    const v = s.sessionView[key];
    if (v !== null) return v;
  }
  if (!live) return null;
  return s.status?.[key] ?? null;
}

export const selectAgentState = (s: ViewState): AgentState | null => pick(s, 'agentState');
export const selectUserState = (s: ViewState): UserState | null => pick(s, 'userState');
export const selectCurrentAgent = (s: ViewState): string | null => pick(s, 'currentAgent');

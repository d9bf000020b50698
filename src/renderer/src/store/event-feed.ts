/**
 * The renderer's one event feed. Every view that draws engine events (timeline, waterfall and
 * metrics, chat context, tools, event log, counters, the session state in the header) reads them
 * from here and nowhere else, whether they come from the live session (main's `events` batches
 * and the `getState` snapshot) or from a recording being replayed. A source change is one
 * `reset`, new events one `append`; views never compare buffers to guess what changed.
 *
 * Sequence numbers: every event appended gets the next integer (`seq`), for the life of the page,
 * across resets — a seq is never reused. The feed keeps the newest `capacity` events; older ones
 * are dropped (a reader that falls behind is told: `truncated`). A reset starts a new `epoch`:
 * events appended before it are never handed out again.
 *
 * Reading: a view holds a `FeedReader` and calls `read(feed)` whenever the store's `feedVersion`
 * changes (zustand transient updates: `useStudioStore.subscribe`, no React render per batch). It
 * gets exactly the events it has not seen, each once, and `reset: true` when it must drop what it
 * derived first (a new source, a new session, a reload's snapshot). Code that wants every change
 * synchronously can `feed.subscribe(listener)` instead.
 *
 * Usage (replay, for instance):
 *   const feed = useStudioStore.getState().feed;            // or the slice's actions:
 *   useStudioStore.getState().resetFeed({ kind: 'replay', recordingId }, firstPage);
 *   useStudioStore.getState().appendFeed(nextPage);
 *   useStudioStore.getState().showLive();                    // back to the live session
 */
import type { EngineEvent } from '../../../shared/engine-events';
import { RingBuffer } from './ring-buffer';

/** Where the feed's events come from. `live` follows main's session (null before any). */
export type FeedSource = { kind: 'live'; sessionId: string | null } | { kind: 'replay'; recordingId: string };

/** One change of the feed, as `subscribe` listeners and readers see it. */
export interface FeedChange {
  /** True when what came before is gone: drop derived state, then apply `events`. */
  reset: boolean;
  source: FeedSource;
  /** Seq of `events[0]`; `toSeq` is one past the last (`toSeq - fromSeq === events.length`). */
  fromSeq: number;
  toSeq: number;
  events: readonly EngineEvent[];
  /** True when older events of this source were dropped before this reader saw them. */
  truncated: boolean;
}

/** The part of a change that a derived model needs to apply it. */
export type EventBatch = Pick<FeedChange, 'reset' | 'events' | 'truncated'>;

export type FeedListener = (change: FeedChange) => void;

export function sameSource(a: FeedSource, b: FeedSource): boolean {
  if (a.kind === 'live') return b.kind === 'live' && a.sessionId === b.sessionId;
  return b.kind === 'replay' && a.recordingId === b.recordingId;
}

export class EventFeed {
  private ring: RingBuffer<EngineEvent>;
  private cap: number;
  private end = 0;
  private epochStart = 0;
  private epochNo = 0;
  private src: FeedSource = { kind: 'live', sessionId: null };
  private readonly listeners = new Set<FeedListener>();

  constructor(capacity: number) {
    this.cap = capacity;
    this.ring = new RingBuffer<EngineEvent>(capacity);
  }

  /** How many events the feed holds at most (a reset may change it: a replay holds its whole recording). */
  get capacity(): number {
    return this.cap;
  }

  get source(): FeedSource {
    return this.src;
  }

  /** Bumps on every reset. */
  get epoch(): number {
    return this.epochNo;
  }

  /** Events held now (at most `capacity`). */
  get size(): number {
    return this.ring.size;
  }

  /** One past the newest event's seq: the seq the next appended event gets. */
  get nextSeq(): number {
    return this.end;
  }

  /** Seq of the oldest event held. */
  get firstSeq(): number {
    return this.end - this.ring.size;
  }

  /** Seq of the first event of the current source (events before it belong to an older one). */
  get epochStartSeq(): number {
    return this.epochStart;
  }

  /** Events the current source has appended, including those since dropped. */
  get appendedCount(): number {
    return this.end - this.epochStart;
  }

  /** The event with this seq, or undefined when it is dropped, from an older source or not yet there. */
  at(seq: number): EngineEvent | undefined {
    if (seq < this.firstSeq || seq >= this.end) return undefined;
    return this.ring.at(seq - this.firstSeq);
  }

  /** Events with fromSeq <= seq < toSeq that are still held, oldest first. */
  slice(fromSeq: number, toSeq = this.end): EngineEvent[] {
    const from = Math.max(fromSeq, this.firstSeq);
    const to = Math.min(toSeq, this.end);
    const out: EngineEvent[] = [];
    for (let s = from; s < to; s++) out.push(this.ring.at(s - this.firstSeq) as EngineEvent);
    return out;
  }

  /** Everything held, oldest first. */
  toArray(): EngineEvent[] {
    return this.ring.toArray();
  }

  /**
   * Starts a new source: drops every event held, then appends `events` as its first. `capacity`
   * (default: unchanged) sizes the feed for the new source, e.g. a replay of 100,000 events.
   */
  reset(source: FeedSource, events: readonly EngineEvent[] = [], capacity = this.cap): void {
    if (capacity !== this.cap) {
      this.ring = new RingBuffer<EngineEvent>(capacity);
      this.cap = capacity;
    }
    this.ring.clear();
    this.epochNo += 1;
    this.epochStart = this.end;
    this.src = source;
    this.ring.pushMany(events);
    this.end += events.length;
    const kept = events.length > this.capacity ? events.slice(events.length - this.capacity) : events;
    this.notify({
      reset: true,
      source,
      fromSeq: this.end - kept.length,
      toSeq: this.end,
      events: kept,
      truncated: kept.length < events.length,
    });
  }

  /** Appends events of the current source; nothing happens for an empty list. */
  append(events: readonly EngineEvent[]): void {
    if (events.length === 0) return;
    this.ring.pushMany(events);
    this.end += events.length;
    const kept = events.length > this.capacity ? events.slice(events.length - this.capacity) : events;
    this.notify({
      reset: false,
      source: this.src,
      fromSeq: this.end - kept.length,
      toSeq: this.end,
      events: kept,
      truncated: kept.length < events.length,
    });
  }

  /** Calls `listener` synchronously after every reset and append; returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(change: FeedChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (err) {
        // One broken view must not starve the others of events.
        console.error('event feed listener failed', err);
      }
    }
  }
}

/**
 * A view's position in the feed. `read` hands over what the view has not seen yet, each event
 * once; a reader created late (a view mounted mid-session) gets everything held as a reset.
 */
export class FeedReader {
  private next = 0;
  private epoch = -1;

  /** What is new since the last read, or null when nothing is. */
  read(feed: EventFeed): FeedChange | null {
    const reset = this.epoch !== feed.epoch;
    if (!reset && this.next >= feed.nextSeq) return null;
    const from = reset ? feed.epochStartSeq : this.next;
    const held = Math.max(from, feed.firstSeq);
    const events = feed.slice(held);
    this.epoch = feed.epoch;
    this.next = feed.nextSeq;
    return { reset, source: feed.source, fromSeq: held, toSeq: feed.nextSeq, events, truncated: held > from };
  }

  /** Forget the position: the next read is a reset with everything held. */
  rewind(): void {
    this.epoch = -1;
    this.next = 0;
  }
}

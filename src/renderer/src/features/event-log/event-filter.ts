/**
 * Filtering and windowing for the event log. A session can hold 100,000 events, so the log
 * never filters or renders them all per batch: matches are kept as an index that grows with
 * each appended batch (only new events are tested), and only the rows in view are rendered.
 */
import type { EngineEvent, EngineEventType } from '../../../../shared/engine-events';
import { FeedReader, type EventFeed } from '../../store/event-feed';
import { summarizeEvent } from './event-summary';

export interface EventFilter {
  /** Types to show; null shows every type. */
  types: ReadonlySet<EngineEventType> | null;
  /** Case-insensitive text the type or the summary must contain; blank matches everything. */
  query: string;
}

export const ALL_EVENTS: EventFilter = { types: null, query: '' };

const searchCache = new WeakMap<EngineEvent, string>();

/** Lower-cased type + summary, cached per event object: searching again costs a lookup. */
export function searchTextOf(ev: EngineEvent): string {
  let text = searchCache.get(ev);
  if (text === undefined) {
    text = `${ev.type} ${summarizeEvent(ev)}`.toLowerCase();
    searchCache.set(ev, text);
  }
  return text;
}

export function compileFilter(filter: EventFilter): (ev: EngineEvent) => boolean {
  const needle = filter.query.trim().toLowerCase();
  const types = filter.types;
  if (!types && !needle) return () => true;
  return (ev) => (!types || types.has(ev.type)) && (!needle || searchTextOf(ev).includes(needle));
}

function filterKey(filter: EventFilter): string {
  return `${filter.types ? [...filter.types].sort().join(',') : '*'}|${filter.query.trim().toLowerCase()}`;
}

/**
 * The matching events of the feed as feed sequence numbers, so an append only adds numbers at
 * the end and a dropped front only removes them there. A feed reset (a new session, a reload's
 * snapshot, a replay) starts the list over.
 */
export class FilteredEventIndex {
  private matches: number[] = [];
  private head = 0;
  private key = '';
  private reader = new FeedReader();
  /** Bumps on every change, as a cheap snapshot for React's useSyncExternalStore. */
  version = 0;
  /** Events tested against the filter so far: a sync costs only what it had not seen. */
  examined = 0;

  /** Brings the index up to date; returns true when the visible list changed. */
  sync(feed: EventFeed, filter: EventFilter): boolean {
    const key = filterKey(filter);
    const refilter = key !== this.key;
    if (refilter) {
      this.key = key;
      this.reader = new FeedReader();
    }
    const batch = this.reader.read(feed);
    if (!batch && !refilter) return false;
    if (refilter || batch?.reset) {
      this.matches = [];
      this.head = 0;
    }
    const test = compileFilter(filter);
    if (batch) {
      for (let i = 0; i < batch.events.length; i++)
        if (test(batch.events[i])) this.matches.push(batch.fromSeq + i);
      this.examined += batch.events.length;
    }
    const first = feed.firstSeq;
    while (this.head < this.matches.length && this.matches[this.head] < first) this.head++;
    // Compact now and then so the dropped front does not grow without bound.
    if (this.head > 4096 && this.head * 2 > this.matches.length) {
      this.matches = this.matches.slice(this.head);
      this.head = 0;
    }
    this.version++;
    return true;
  }

  get count(): number {
    return this.matches.length - this.head;
  }

  /** The k-th match, oldest first. */
  eventAt(feed: EventFeed, k: number): EngineEvent | undefined {
    const seq = this.matches[this.head + k];
    return seq === undefined ? undefined : feed.at(seq);
  }

  /** The feed sequence number of the k-th match: a stable React key for its row. */
  seqAt(k: number): number {
    return this.matches[this.head + k];
  }
}

export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge so a fast scroll shows no blank band. */
  overscan?: number;
}

/** Rows [start, end) to render for a scroll position; everything else is empty space. */
export function visibleRange({ scrollTop, viewportHeight, rowHeight, count, overscan = 8 }: WindowInput): {
  start: number;
  end: number;
} {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + visible + overscan);
  return { start, end: Math.max(start, end) };
}

/** Row r of the list in the chosen order, as a match number (oldest first). */
export function matchForRow(row: number, count: number, newestFirst: boolean): number {
  return newestFirst ? count - 1 - row : row;
}

/** Preset groups for the type filter: everything, and everything but the 100 Hz VAD trace. */
export function typesForChoice(
  choice: string,
  all: readonly EngineEventType[],
): ReadonlySet<EngineEventType> | null {
  if (choice === 'all') return null;
  if (choice === 'no_vad') return new Set(all.filter((t) => t !== 'vad_inference'));
  return new Set(all.filter((t) => t === choice));
}

/**
 * Every engine event, newest first (or oldest first), with a type filter and a text search.
 * Built for 100,000 events: matching is incremental (FilteredEventIndex), updates are coalesced
 * to one per animation frame, and only the rows in view exist in the DOM. A row opens its raw
 * JSON below the list and moves the timeline's cursor to it; the filtered events export as JSONL.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { ENGINE_EVENT_TYPES, type EngineEvent } from '../../../../shared/engine-events';
import { useStudioStore } from '../../store/studio-store';
import {
  FilteredEventIndex,
  matchForRow,
  typesForChoice,
  visibleRange,
  type EventFilter,
} from './event-filter';
import { formatEventTime, summarizeEvent } from './event-summary';
import { downloadText, exportFileName, toJsonl } from '../inspector/event-export';
import { EventInspector } from '../inspector/EventInspector';
import { pickEvent } from '../inspector/inspect-actions';
import './event-log.css';

/** Fixed row height: windowing needs it, and one line per event reads best anyway. */
export const EVENT_ROW_HEIGHT = 22;

function EventRow({
  ev,
  top,
  selected,
  onPick,
}: {
  ev: EngineEvent;
  top: number;
  selected: boolean;
  onPick(ev: EngineEvent): void;
}) {
  const summary = summarizeEvent(ev);
  const tone = ev.type === 'error' ? ' event-error' : ev.type === 'warning' ? ' event-warning' : '';
  return (
    <div
      className={`event-row${tone}`}
      data-testid="event-row"
      data-type={ev.type}
      data-selected={selected ? 'true' : undefined}
      style={{ top, height: EVENT_ROW_HEIGHT }}
      title={summary}
      onClick={() => onPick(ev)}
    >
      <span className="event-time mono">{formatEventTime(ev.t)}</span>
      <span className="event-type mono">{ev.type}</span>
      <span className="event-summary">{summary}</span>
    </div>
  );
}

/** Batches arrive every ~50 ms; the log re-renders at most once per animation frame. */
function subscribeOncePerFrame(onChange: () => void): () => void {
  let frame = 0;
  const off = useStudioStore.subscribe((s, prev) => {
    if (s.feedVersion === prev.feedVersion || frame !== 0) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      onChange();
    });
  });
  return () => {
    off();
    if (frame !== 0) cancelAnimationFrame(frame);
  };
}

export function EventLog({ onOpenTool }: { onOpenTool?: () => void }) {
  const [typeChoice, setTypeChoice] = useState('no_vad');
  const [query, setQuery] = useState('');
  const [newestFirst, setNewestFirst] = useState(true);
  const [follow, setFollow] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(320);
  const [index] = useState(() => new FilteredEventIndex());
  const viewport = useRef<HTMLDivElement>(null);
  const inspected = useStudioStore((s) => s.inspectedEvent);

  const filter = useMemo<EventFilter>(
    () => ({ types: typesForChoice(typeChoice, ENGINE_EVENT_TYPES), query }),
    [typeChoice, query],
  );
  // Idempotent: with no new events and the same filter the index (and its version) stay as they are.
  const getVersion = useCallback(() => {
    index.sync(useStudioStore.getState().feed, filter);
    return index.version;
  }, [filter, index]);
  useSyncExternalStore(subscribeOncePerFrame, getVersion);

  const count = index.count;
  const prev = useRef({ count, filter });
  useLayoutEffect(() => {
    const el = viewport.current;
    // A new filter is a new list, not growth: nothing to keep still.
    const grown = prev.current.filter === filter ? count - prev.current.count : 0;
    prev.current = { count, filter };
    if (!el) return;
    if (follow) {
      // Follow: pin the newest end after every change.
      const target = newestFirst ? 0 : el.scrollHeight - el.clientHeight;
      if (Math.abs(el.scrollTop - target) > 1) el.scrollTop = target;
    } else if (newestFirst && grown > 0) {
      // Reading older rows while new ones arrive on top: keep them still by shifting with the growth.
      el.scrollTop += grown * EVENT_ROW_HEIGHT;
    }
  }, [count, filter, follow, newestFirst]);

  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onScroll = () => {
    const el = viewport.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atNewest = newestFirst
      ? el.scrollTop < EVENT_ROW_HEIGHT
      : el.scrollHeight - el.scrollTop - el.clientHeight < EVENT_ROW_HEIGHT;
    if (atNewest !== follow) setFollow(atNewest);
  };

  // Its JSON opens below (a tool's has "Open in Tools"); the cursor (a replay's playhead) moves to it.
  const onPick = (ev: EngineEvent) => pickEvent(ev);

  const onExport = () => {
    const { feed } = useStudioStore.getState();
    index.sync(feed, filter);
    const events: EngineEvent[] = [];
    for (let k = 0; k < index.count; k++) {
      const ev = index.eventAt(feed, k);
      if (ev) events.push(ev);
    }
    downloadText(exportFileName(feed.source, events.length), toJsonl(events), 'application/x-ndjson');
  };

  const { start, end } = visibleRange({ scrollTop, viewportHeight, rowHeight: EVENT_ROW_HEIGHT, count });
  const { feed: eventLog } = useStudioStore.getState();
  const rows: ReactNode[] = [];
  for (let row = start; row < end; row++) {
    const k = matchForRow(row, count, newestFirst);
    const ev = index.eventAt(eventLog, k);
    if (ev)
      rows.push(
        <EventRow
          key={index.seqAt(k)}
          ev={ev}
          top={row * EVENT_ROW_HEIGHT}
          selected={ev === inspected}
          onPick={onPick}
        />,
      );
  }

  return (
    <section className="panel event-log-panel" data-testid="event-log" aria-labelledby="event-log-title">
      <div className="panel-title-row">
        <h2 id="event-log-title">Event log</h2>
        <span className="muted" data-testid="event-log-count" data-count={count} data-total={eventLog.size}>
          {count === eventLog.size ? `${count} events` : `${count} of ${eventLog.size}`}
        </span>
      </div>
      <div className="event-log-controls">
        <select
          aria-label="Event type"
          data-testid="event-log-type-filter"
          value={typeChoice}
          onChange={(e) => setTypeChoice(e.target.value)}
        >
          <option value="all">All types</option>
          <option value="no_vad">All but vad_inference</option>
          {ENGINE_EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <input
          type="search"
          aria-label="Search events"
          placeholder="Search…"
          data-testid="event-log-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select
          aria-label="Order"
          data-testid="event-log-order"
          value={newestFirst ? 'newest' : 'oldest'}
          onChange={(e) => setNewestFirst(e.target.value === 'newest')}
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
        <label className="event-log-follow" title="Keep the newest event in view">
          <input
            type="checkbox"
            data-testid="event-log-follow"
            checked={follow}
            onChange={(e) => setFollow(e.target.checked)}
          />
          follow
        </label>
        <button
          type="button"
          data-testid="event-log-export"
          disabled={count === 0}
          title="Download the events the filter shows, oldest first, one JSON object a line"
          onClick={onExport}
        >
          Export JSONL
        </button>
      </div>
      <div className="event-log-viewport" ref={viewport} onScroll={onScroll} data-testid="event-log-viewport">
        <div className="event-log-spacer" style={{ height: count * EVENT_ROW_HEIGHT }}>
          {rows}
        </div>
        {count === 0 ? (
          <p className="muted event-log-empty" data-testid="event-log-empty">
            {eventLog.size === 0 ? 'No events yet.' : 'No event matches the filter.'}
          </p>
        ) : null}
      </div>
      <EventInspector onOpenTool={onOpenTool} />
    </section>
  );
}

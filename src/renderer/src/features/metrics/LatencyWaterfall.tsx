/**
 * The latency timeline of one turn: its segments drawn from the events' own timestamps on one
 * axis that starts when the user stopped speaking (or the reply was asked for) and ends when the
 * agent's audio began, parallel work on parallel rows, stretches no event explains on a row of
 * their own. The coverage line says how much of the silence named segments explain. Clicking a
 * segment (bar or table row) selects its interval on the main timeline. The turn selector
 * defaults to the newest turn.
 */
import { useStudioStore } from '../../store/studio-store';
import { formatDuration, formatTime } from '../timeline/view/timeline-viewport';
import {
  ROW_LABELS,
  ROW_ORDER,
  type LatencySegment,
  type TurnTimeline,
} from '../../../../shared/turn-timeline';
import { pickSegment } from './segment-pick';
import { useTurns } from './turns-memo';
import { SEGMENT_COLORS } from './waterfall-colors';
import './metrics.css';

function turnLabel(t: TurnTimeline): string {
  const e2e = t.e2eMs === null ? 'no audio' : formatDuration(t.e2eMs);
  const tags = [
    t.anchor === 'reply_requested' ? 'typed/API' : '',
    t.preemptive ? 'preemptive' : '',
    t.queued ? 'queued' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `Turn ${t.index} at ${formatTime(t.startAt, 100)} — ${e2e}${tags ? ` (${tags})` : ''}`;
}

const pct = (ms: number, total: number) => `${total <= 0 ? 0 : (ms / total) * 100}%`;

function segmentTitle(s: LatencySegment): string {
  const before = s.startedBeforeMs > 0 ? `, began ${formatDuration(s.startedBeforeMs)} before the turn` : '';
  return `${s.label}: ${formatDuration(s.endMs - s.startMs)} (+${formatDuration(s.startMs)} → +${formatDuration(s.endMs)}${before})`;
}

function SegmentBar({ s, totalMs, selected }: { s: LatencySegment; totalMs: number; selected: boolean }) {
  return (
    <button
      type="button"
      className={`latency-bar${s.nested ? ' nested' : ''}${s.kind === 'gap' ? ' gap' : ''}`}
      data-testid="latency-segment"
      data-kind={s.kind}
      data-start-at={Math.round(s.startAt)}
      data-end-at={Math.round(s.endAt)}
      data-selected={selected}
      title={segmentTitle(s)}
      aria-label={segmentTitle(s)}
      style={{
        left: pct(s.startMs, totalMs),
        width: pct(s.endMs - s.startMs, totalMs),
        background: SEGMENT_COLORS[s.kind],
      }}
      onClick={() => pickSegment(s)}
    >
      {s.startedBeforeMs > 0 && <span className="latency-early">◂</span>}
    </button>
  );
}

function TurnChart({ turn }: { turn: TurnTimeline }) {
  const selection = useStudioStore((st) => st.timelineSelection);
  const last = turn.segments.reduce((m, s) => Math.max(m, s.endMs), 0);
  const totalMs = Math.max(turn.e2eMs ?? last, 1);
  const isSelected = (s: LatencySegment) =>
    selection !== null &&
    selection.startMs === s.startAt &&
    selection.endMs === s.endAt &&
    selection.label === s.label;
  const rows = ROW_ORDER.filter((r) => turn.segments.some((s) => s.row === r));
  return (
    <div className="latency-chart" data-testid="waterfall-chart" role="group" aria-label="Turn timeline">
      <div className="latency-row latency-axis" aria-hidden="true">
        <span className="latency-row-label" />
        <div className="latency-track">
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <span key={f} className="latency-tick" style={{ left: `${f * 100}%` }}>
              {formatDuration(f * totalMs)}
            </span>
          ))}
        </div>
      </div>
      {turn.e2eMs !== null && (
        <div className="latency-row" data-row="total">
          <span className="latency-row-label">Silence heard</span>
          <div className="latency-track">
            <span
              className="latency-bar total"
              style={{ left: 0, width: '100%' }}
              title={formatDuration(turn.e2eMs)}
            />
          </div>
        </div>
      )}
      {rows.map((r) => (
        <div key={r} className="latency-row" data-row={r}>
          <span className="latency-row-label">{ROW_LABELS[r]}</span>
          <div className="latency-track">
            {turn.segments
              .filter((s) => s.row === r)
              .map((s) => (
                <SegmentBar key={s.id} s={s} totalMs={totalMs} selected={isSelected(s)} />
              ))}
          </div>
        </div>
      ))}
    </div>
  );
}

function SegmentTable({ turn }: { turn: TurnTimeline }) {
  const ordered = [...turn.segments].sort(
    (a, b) => a.startMs - b.startMs || Number(a.nested) - Number(b.nested),
  );
  return (
    <table className="waterfall-table mono" aria-label="Latency segments">
      <thead>
        <tr>
          <th>Segment</th>
          <th className="num">from</th>
          <th className="num">duration</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((s) => (
          <tr
            key={s.id}
            data-testid="waterfall-part"
            data-key={s.kind}
            data-ms={Math.round(s.endMs - s.startMs)}
            onClick={() => pickSegment(s)}
          >
            <td>
              <span className="swatch" style={{ background: SEGMENT_COLORS[s.kind] }} />
              {s.nested ? `  ${s.label}` : s.label}
            </td>
            <td className="num">+{formatDuration(s.startMs)}</td>
            <td className="num">{formatDuration(s.endMs - s.startMs)}</td>
          </tr>
        ))}
        {turn.e2eMs === null ? (
          <tr data-testid="waterfall-part" data-key="e2e" data-ms="">
            <td colSpan={3} className="muted">
              No agent audio followed this turn (interrupted or not answered).
            </td>
          </tr>
        ) : (
          <tr data-testid="waterfall-part" data-key="e2e" data-ms={Math.round(turn.e2eMs)}>
            <td>
              {turn.anchor === 'user_stopped'
                ? 'Silence heard (user stopped → agent audio)'
                : 'Reply asked for → agent audio'}
            </td>
            <td />
            <td className="num">{formatDuration(turn.e2eMs)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function LatencyWaterfall() {
  const { timelines: turns } = useTurns();
  const selectedId = useStudioStore((s) => s.selectedTurnId);
  const selectTurn = useStudioStore((s) => s.selectTurn);
  const turn = turns.find((t) => t.id === selectedId) ?? turns.at(-1) ?? null;
  const coverage = turn?.coverage ?? null;
  return (
    <section
      className="panel metrics-panel"
      data-testid="latency-waterfall"
      data-turns={turns.length}
      data-turn-id={turn?.id ?? ''}
      data-turn-start-at={turn ? Math.round(turn.startAt) : ''}
      data-e2e-ms={turn?.e2eMs === null || !turn ? '' : Math.round(turn.e2eMs)}
      data-coverage={coverage === null ? '' : coverage.toFixed(4)}
      aria-labelledby="waterfall-title"
    >
      <div className="panel-title-row metrics-title-row">
        <h2 id="waterfall-title">Latency per turn</h2>
        {turns.length > 0 && (
          <select
            data-testid="waterfall-turn-select"
            aria-label="Turn"
            value={turn?.id ?? ''}
            onChange={(e) => selectTurn(e.target.value === turns.at(-1)?.id ? null : e.target.value)}
          >
            {turns.map((t) => (
              <option key={t.id} value={t.id}>
                {turnLabel(t)}
              </option>
            ))}
          </select>
        )}
      </div>
      {!turn ? (
        <p className="muted">No turn yet: the timeline appears once the agent answers a user turn.</p>
      ) : (
        <div className="waterfall">
          <p className="latency-coverage muted" data-testid="latency-coverage">
            {turn.e2eMs === null
              ? 'No audio followed: the segments show how far the reply got.'
              : `Named segments explain ${Math.floor((coverage ?? 0) * 1000) / 10} % of ${formatDuration(turn.e2eMs)} ${
                  turn.anchor === 'user_stopped'
                    ? 'of silence, from the user stopping speaking to the agent’s audio'
                    : 'from the reply being asked for to the agent’s audio'
                }. Click a segment to select it on the timeline.`}
          </p>
          <TurnChart turn={turn} />
          <SegmentTable turn={turn} />
        </div>
      )}
    </section>
  );
}

/**
 * The latency waterfall of one turn: its parts laid end to end under the end-to-end bar, so the
 * eye checks that they add up to the silence the user heard. Exact numbers sit in the table
 * beside the chart; the turn selector defaults to the newest turn.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStudioStore } from '../../store/studio-store';
import { formatDuration, formatTime } from '../timeline/view/timeline-viewport';
import { useTurns } from './turns-store';
import { type TurnLatency, waterfallRows } from './turn-latency';
import { PART_COLORS } from './waterfall-colors';
import './metrics.css';

function turnLabel(t: TurnLatency): string {
  const e2e = t.e2eMs === null ? 'no audio' : formatDuration(t.e2eMs);
  return `Turn ${t.index} at ${formatTime(t.startAt, 100)} — ${e2e}`;
}

function WaterfallChart({ turn }: { turn: TurnLatency }) {
  const rows = waterfallRows(turn).map((r) => ({
    ...r,
    name: r.short,
    value: r.durationMs,
    shown: r.missing ? 'n/a' : formatDuration(r.durationMs),
  }));
  return (
    <div className="waterfall-chart" data-testid="waterfall-chart">
      <ResponsiveContainer width="100%" height={Math.max(150, rows.length * 28 + 30)}>
        <BarChart
          data={rows}
          layout="vertical"
          margin={{ top: 4, right: 56, bottom: 4, left: 8 }}
          barCategoryGap={4}
        >
          <CartesianGrid horizontal={false} stroke="rgba(139,149,165,0.15)" />
          <XAxis
            type="number"
            tickFormatter={(v: number) => formatDuration(v)}
            stroke="#8b95a5"
            fontSize={11}
          />
          <YAxis type="category" dataKey="name" width={150} stroke="#8b95a5" fontSize={11} interval={0} />
          <Tooltip
            cursor={{ fill: 'rgba(255,255,255,0.04)' }}
            contentStyle={{ background: '#161a21', border: '1px solid #262c36', fontSize: 12 }}
            formatter={(_v, _n, item) => [(item.payload as { shown: string }).shown, 'duration']}
          />
          <Bar dataKey="offsetMs" stackId="w" fill="transparent" isAnimationActive={false} />
          <Bar dataKey="value" stackId="w" isAnimationActive={false}>
            {rows.map((r) => (
              <Cell key={r.key} fill={PART_COLORS[r.key]} fillOpacity={r.nested ? 0.6 : 1} />
            ))}
            <LabelList dataKey="shown" position="right" fill="#e3e7ee" fontSize={11} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function LatencyWaterfall() {
  const { turns } = useTurns();
  const selectedId = useStudioStore((s) => s.selectedTurnId);
  const selectTurn = useStudioStore((s) => s.selectTurn);
  const turn = turns.find((t) => t.id === selectedId) ?? turns.at(-1) ?? null;
  const rows = turn ? waterfallRows(turn) : [];
  return (
    <section
      className="panel metrics-panel"
      data-testid="latency-waterfall"
      data-turns={turns.length}
      data-turn-id={turn?.id ?? ''}
      data-e2e-ms={turn?.e2eMs === null || !turn ? '' : Math.round(turn.e2eMs)}
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
        <p className="muted">No turn yet: the waterfall appears once the agent answers a user turn.</p>
      ) : (
        <div className="waterfall">
          <WaterfallChart turn={turn} />
          <table className="waterfall-table mono" aria-label="Latency parts">
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.key}
                  data-testid="waterfall-part"
                  data-key={r.key}
                  data-ms={r.missing ? '' : Math.round(r.durationMs)}
                >
                  <td>
                    <span className="swatch" style={{ background: PART_COLORS[r.key] }} />
                    {r.nested ? `  ${r.label}` : r.label}
                  </td>
                  <td className="num">{r.missing ? 'n/a' : formatDuration(r.durationMs)}</td>
                </tr>
              ))}
              {turn.e2eMs === null && (
                <tr data-testid="waterfall-part" data-key="e2e" data-ms="">
                  <td colSpan={2} className="muted">
                    No agent audio followed this turn (interrupted or not answered).
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

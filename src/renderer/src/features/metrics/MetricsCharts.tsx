/** Session charts: end-to-end latency, TTFT and TTFB per turn, and tokens per LLM request. */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration } from '../timeline/view/timeline-viewport';
import { useTurns } from './turns-memo';
import { chartSeries } from './chart-series';
import { silentTokenLabels } from './turn-latency';
import { PART_COLORS } from './waterfall-colors';

/** Points drawn at most: a long session shows its most recent turns and requests. */
export const MAX_CHART_POINTS = 300;

const tooltipStyle = { background: '#161a21', border: '1px solid #262c36', fontSize: 12 };

export function MetricsCharts() {
  const { turns: metricTurns, tokens, timelines: turns } = useTurns();
  const series = chartSeries(turns.slice(-MAX_CHART_POINTS), metricTurns);
  const tokenPoints = tokens.slice(-MAX_CHART_POINTS);
  const silent = silentTokenLabels(tokenPoints);
  // No request reported any usage: nothing to draw (some LLMs silent: a note above the bars).
  const noUsage =
    tokenPoints.length > 0 && tokenPoints.every((p) => p.prompt + p.cached + p.completion === 0);
  const dots = series.length <= 60;
  return (
    <section
      className="panel metrics-panel"
      data-testid="metrics-charts"
      data-turns={turns.length}
      aria-labelledby="metrics-title"
    >
      <div className="panel-title-row metrics-title-row">
        <h2 id="metrics-title">Session metrics</h2>
        {turns.length > MAX_CHART_POINTS && (
          <span className="muted">
            last {MAX_CHART_POINTS} of {turns.length} turns
          </span>
        )}
      </div>
      {series.length === 0 && tokenPoints.length === 0 ? (
        <p className="muted">Charts fill in as turns complete.</p>
      ) : (
        <div className="metrics-grid">
          <div data-testid="chart-latency">
            <h3 className="chart-title">Latency per turn</h3>
            <ResponsiveContainer width="100%" height={180}>
              <LineChart data={series} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="rgba(139,149,165,0.15)" />
                {/* Every turn's number while they fit: recharts' default thins ticks it thinks would
                    touch, and a missing "3" reads as a missing turn. */}
                <XAxis
                  dataKey="turn"
                  stroke="#8b95a5"
                  fontSize={11}
                  interval={series.length <= 24 ? 0 : 'preserveEnd'}
                />
                <YAxis
                  stroke="#8b95a5"
                  fontSize={11}
                  tickFormatter={(v: number) => formatDuration(v)}
                  width={56}
                />
                <Tooltip
                  contentStyle={tooltipStyle}
                  formatter={(v) => (typeof v === 'number' ? formatDuration(v) : 'n/a')}
                />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Line
                  dataKey="e2e"
                  name="end to end"
                  stroke={PART_COLORS.e2e}
                  dot={dots}
                  isAnimationActive={false}
                  connectNulls
                />
                <Line
                  dataKey="ttft"
                  name="LLM TTFT"
                  stroke={PART_COLORS.llm_ttft}
                  dot={dots}
                  isAnimationActive={false}
                  connectNulls
                />
                <Line
                  dataKey="ttfb"
                  name="TTS TTFB"
                  stroke={PART_COLORS.tts_ttfb}
                  dot={dots}
                  isAnimationActive={false}
                  connectNulls
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <div data-testid="chart-tokens">
            <h3 className="chart-title">Tokens per LLM request</h3>
            {noUsage ? (
              // Zeros from an LLM that reports no usage are not "used none": say so, draw nothing.
              <p className="muted chart-note" data-testid="chart-tokens-none">
                No token usage reported: {silent.join(', ')} sent none with{' '}
                {tokenPoints.length === 1 ? 'its request' : `its ${tokenPoints.length} requests`}.
              </p>
            ) : (
              <>
                {silent.length > 0 ? (
                  <p className="muted chart-note" data-testid="chart-tokens-partial">
                    No usage reported by {silent.join(', ')}: {silent.length === 1 ? 'its' : 'their'} requests
                    show no bar.
                  </p>
                ) : null}
                <ResponsiveContainer width="100%" height={180}>
                  <BarChart data={tokenPoints} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
                    <CartesianGrid stroke="rgba(139,149,165,0.15)" />
                    <XAxis
                      dataKey="request"
                      stroke="#8b95a5"
                      fontSize={11}
                      interval={tokenPoints.length <= 24 ? 0 : 'preserveEnd'}
                    />
                    <YAxis stroke="#8b95a5" fontSize={11} width={56} />
                    <Tooltip contentStyle={tooltipStyle} />
                    <Legend wrapperStyle={{ fontSize: 11 }} />
                    <Bar
                      dataKey="prompt"
                      name="prompt"
                      stackId="t"
                      fill="#9b7bff"
                      isAnimationActive={false}
                    />
                    <Bar
                      dataKey="cached"
                      name="cached prompt"
                      stackId="t"
                      fill="rgba(155,123,255,0.45)"
                      isAnimationActive={false}
                    />
                    <Bar
                      dataKey="completion"
                      name="completion"
                      stackId="t"
                      fill="#2fc4c4"
                      isAnimationActive={false}
                    />
                  </BarChart>
                </ResponsiveContainer>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * Every LLM and TTS request of the session (live or replayed), newest last, with its timing,
 * tokens and cost; picking one (here, on the timeline's LLM/TTS lane or from an event) opens
 * its inspector below and moves the cursor to its start.
 */
import { useMemo } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { formatEventTime } from '../event-log/event-summary';
import { pickRequest } from './inspect-actions';
import { RenderGuard } from './InspectorParts';
import { LlmRequestInspector } from './LlmRequestInspector';
import { formatCount, formatMs, formatUsd } from './number-format';
import { collectRequests, requestCost, turnCosts } from './request-model';
import { TtsRequestInspector } from './TtsRequestInspector';
import './inspector-views.css';

export function RequestsPanel() {
  const feedVersion = useStudioStore((s) => s.feedVersion);
  const pricing = useStudioStore((s) => s.studioConfig?.pricing);
  const selected = useStudioStore((s) => s.inspectedRequest);
  const requests = useMemo(
    () => collectRequests(useStudioStore.getState().feed.toArray()),
    // The feed is mutated in place; its version says when to read it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [feedVersion],
  );
  const turns = useMemo(() => turnCosts(requests.llm, pricing), [requests, pricing]);
  const llm =
    selected?.kind === 'llm' ? requests.llm.find((r) => r.requestId === selected.requestId) : undefined;
  const tts =
    selected?.kind === 'tts' ? requests.tts.find((r) => r.requestId === selected.requestId) : undefined;

  return (
    <section className="panel requests-panel" data-testid="requests-panel" aria-labelledby="requests-title">
      <div className="panel-title-row">
        <h2 id="requests-title">Requests</h2>
        <span className="muted">
          {requests.llm.length} LLM · {requests.tts.length} TTS
        </span>
      </div>
      {requests.llm.length + requests.tts.length === 0 ? (
        <p className="muted">No LLM or TTS request yet.</p>
      ) : (
        <div className="requests-list">
          <table>
            <thead>
              <tr>
                <th>At</th>
                <th>Kind</th>
                <th>Speech</th>
                <th>First</th>
                <th>Duration</th>
                <th>Tokens / audio</th>
                <th>Cost</th>
              </tr>
            </thead>
            <tbody>
              {requests.llm.map((r) => {
                const cost = requestCost(r, pricing);
                return (
                  <tr
                    key={r.requestId}
                    data-testid="llm-request-row"
                    data-request-id={r.requestId}
                    aria-selected={selected?.kind === 'llm' && selected.requestId === r.requestId}
                    onClick={() => pickRequest({ kind: 'llm', requestId: r.requestId }, r.startT)}
                  >
                    <td className="mono">{formatEventTime(r.startT)}</td>
                    <td>LLM</td>
                    <td className="mono">{r.speechId ?? '–'}</td>
                    <td>{r.ttftMs === null ? '–' : formatMs(r.ttftMs)}</td>
                    <td>{r.durationMs === null ? 'running' : formatMs(r.durationMs)}</td>
                    <td>{r.response?.usage ? formatCount(r.response.usage.totalTokens) : '–'}</td>
                    <td title={cost.usd === null ? cost.why : undefined}>
                      {cost.usd === null ? '?' : formatUsd(cost.usd)}
                    </td>
                  </tr>
                );
              })}
              {requests.tts.map((r) => (
                <tr
                  key={r.requestId}
                  data-testid="tts-request-row"
                  data-request-id={r.requestId}
                  aria-selected={selected?.kind === 'tts' && selected.requestId === r.requestId}
                  onClick={() => pickRequest({ kind: 'tts', requestId: r.requestId }, r.startT)}
                >
                  <td className="mono">{formatEventTime(r.startT)}</td>
                  <td>TTS</td>
                  <td className="mono">{r.speechId ?? '–'}</td>
                  <td>{r.firstByteMs === null ? '–' : formatMs(r.firstByteMs)}</td>
                  <td>{r.durationMs === null ? 'running' : formatMs(r.durationMs)}</td>
                  <td>{r.audioMs === null ? '–' : formatMs(r.audioMs)}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && !llm && !tts ? (
        <p className="muted" data-testid="request-missing">
          {selected.kind.toUpperCase()} request {selected.requestId} is not in the events shown now.
        </p>
      ) : null}
      {llm ? (
        <RenderGuard value={llm.events}>
          <LlmRequestInspector
            r={llm}
            cost={requestCost(llm, pricing)}
            turn={llm.speechId ? (turns.get(llm.speechId) ?? null) : null}
          />
        </RenderGuard>
      ) : null}
      {tts ? (
        <RenderGuard value={tts.events}>
          <TtsRequestInspector r={tts} />
        </RenderGuard>
      ) : null}
    </section>
  );
}

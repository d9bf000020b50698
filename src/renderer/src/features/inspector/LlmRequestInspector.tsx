/**
 * One LLM request as it went out and came back: the chat context, tools, tool choice and options
 * sent; the streamed text and tool calls; usage, TTFT, duration, and its cost and its turn's
 * where the model's price is in the config. Long texts are cut with "show all".
 */
import type { ChatItemData } from '../../../../shared/engine-events';
import { formatEventTime } from '../event-log/event-summary';
import { ClippedText, Fact, JsonView } from './InspectorParts';
import { formatCount, formatMs, formatUsd } from './number-format';
import type { Cost, LlmRequestView, TurnCost } from './request-model';

function costText(cost: Cost): string {
  return cost.usd === null ? `unknown — ${cost.why}` : formatUsd(cost.usd);
}

function itemLabel(item: ChatItemData): string {
  switch (item.type) {
    case 'message':
      return `${item.role}${item.interrupted ? ' (interrupted)' : ''}`;
    case 'function_call':
      return `call ${item.name} (${item.callId})`;
    case 'function_call_output':
      return `${item.isError ? 'error from' : 'output of'} ${item.name} (${item.callId})`;
    case 'agent_handoff':
      return 'handoff';
    case 'agent_config_update':
      return 'agent config update';
    default:
      return String((item as { type?: unknown }).type);
  }
}

function itemText(item: ChatItemData): string {
  switch (item.type) {
    case 'message':
      return item.content;
    case 'function_call':
      return item.arguments;
    case 'function_call_output':
      return item.output;
    case 'agent_handoff':
      return `${item.oldAgentId ?? '–'} → ${item.newAgentId}`;
    case 'agent_config_update':
      return JSON.stringify(item);
    default:
      return JSON.stringify(item);
  }
}

export function LlmRequestInspector({
  r,
  cost,
  turn,
}: {
  r: LlmRequestView;
  cost: Cost;
  turn: TurnCost | null;
}) {
  const usage = r.response?.usage ?? null;
  const req = r.request;
  return (
    <section className="request-inspector" data-testid="llm-request-inspector" data-request-id={r.requestId}>
      <h3>
        LLM request <span className="mono">{r.requestId}</span>
        {r.speechId ? <span className="muted"> · speech {r.speechId}</span> : null}
      </h3>
      <dl className="inspect-facts">
        <Fact label="Model">
          {req ? `${req.model ?? 'unknown model'} (${req.provider ?? 'unknown provider'})` : 'not recorded'}
        </Fact>
        <Fact label="Started">{formatEventTime(r.startT)}</Fact>
        <Fact label="TTFT" testId="llm-ttft">
          {r.ttftMs === null ? (r.endT === null ? 'waiting' : 'no token') : formatMs(r.ttftMs)}
        </Fact>
        <Fact label="Duration" testId="llm-duration">
          {r.durationMs === null ? 'running' : formatMs(r.durationMs)}
        </Fact>
        <Fact label="Tokens" testId="llm-usage">
          {usage
            ? `${formatCount(usage.promptTokens)} in (${formatCount(usage.promptCachedTokens)} cached) · ${formatCount(usage.completionTokens)} out · ${formatCount(usage.totalTokens)} total`
            : r.endT === null
              ? 'running'
              : 'no usage reported'}
        </Fact>
        <Fact label="Cost" testId="llm-cost">
          {costText(cost)}
        </Fact>
        {turn ? (
          <Fact label="Turn cost" testId="turn-cost">
            {costText(turn.cost)} ({turn.requests} request{turn.requests === 1 ? '' : 's'})
          </Fact>
        ) : null}
        {r.error ? (
          <Fact label="Error" testId="llm-error">
            {r.error}
          </Fact>
        ) : null}
      </dl>
      {req ? (
        <>
          <h4>
            Chat context sent ({formatCount(req.chatContext.length)} items
            {req.omittedItems > 0 ? `; ${formatCount(req.omittedItems)} older items not recorded` : ''})
          </h4>
          <ol className="llm-chat-context" data-testid="llm-chat-context">
            {req.chatContext.map((item) => (
              <li key={item.id} data-testid="llm-chat-item" data-kind={item.type}>
                <span className="chat-item-label mono">{itemLabel(item)}</span>
                <ClippedText text={itemText(item)} limit={1_000} />
              </li>
            ))}
          </ol>
          <h4>Tools ({req.toolDefinitions.length})</h4>
          <ul className="llm-tools" data-testid="llm-tools">
            {req.toolDefinitions.map((t) => (
              <li key={t.name}>
                <details>
                  <summary>
                    <span className="mono">{t.name}</span> <span className="muted">{t.description}</span>
                  </summary>
                  <JsonView value={t.parameters} testId="llm-tool-parameters" />
                </details>
              </li>
            ))}
          </ul>
          <h4>Tool choice and options</h4>
          <p data-testid="llm-tool-choice">
            tool choice: <span className="mono">{r.toolChoice ?? 'not set (the model decides)'}</span>
          </p>
          <JsonView value={req.options} testId="llm-options" />
        </>
      ) : (
        <p className="muted" data-testid="llm-request-not-recorded">
          The chat context, tools and options were not recorded for this request (a recording from before the
          studio kept them); its timing is above.
        </p>
      )}
      <h4>Response</h4>
      {r.response ? (
        <div data-testid="llm-response">
          {r.response.text ? <ClippedText text={r.response.text} /> : <p className="muted">no text</p>}
          {r.response.toolCalls.map((c) => (
            <p key={c.callId} className="mono">
              call {c.name}({c.arguments}) {c.callId}
            </p>
          ))}
        </div>
      ) : (
        <p className="muted" data-testid="llm-response">
          {r.endT === null ? 'streaming…' : 'not recorded'}
        </p>
      )}
      <details>
        <summary>Raw events ({r.events.length})</summary>
        <JsonView value={r.events} testId="llm-raw-events" />
      </details>
    </section>
  );
}

/**
 * The agent's chat context, live: what the LLM will see on the next turn. Interrupted replies
 * show only what the user heard (the engine truncates them), badged so a developer can tell a
 * short answer from a cut-off one. Function calls sit with their outputs; a click opens the call
 * in the tool inspector.
 */
import { useEffect, useRef } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { formatEventTime } from '../event-log/event-summary';
import { emptyMessageText, type ChatEntry } from './chat-context';
import { useChatContext } from './use-conversation';
import { usePlayheadCursor } from '../replay/use-playhead-cursor';
import './chat.css';

function MessageRow({
  entry,
  emptyText,
}: {
  entry: Extract<ChatEntry, { kind: 'message' }>;
  /** Shown, muted, when the message has no text: why it has none. */
  emptyText: string;
}) {
  return (
    <li
      className={`chat-item chat-${entry.role}`}
      data-testid="chat-item"
      data-at={entry.at}
      data-kind="message"
      data-role={entry.role}
      data-state={entry.interrupted ? 'interrupted' : 'complete'}
    >
      <div className="chat-meta">
        <span className="chat-role">{entry.role}</span>
        <span className="muted mono">{formatEventTime(entry.at)}</span>
        {entry.interrupted ? (
          <span
            className="badge badge-warn"
            data-testid="chat-interrupted-badge"
            data-state="interrupted"
            title="The agent was interrupted: the message keeps only what the user heard"
          >
            interrupted
          </span>
        ) : null}
      </div>
      <div className="chat-content" data-testid="chat-content">
        {entry.content || (
          <span className="muted" data-testid="chat-empty-content">
            {emptyText}
          </span>
        )}
      </div>
    </li>
  );
}

function CallRow({
  entry,
  onOpen,
}: {
  entry: Extract<ChatEntry, { kind: 'function_call' }>;
  onOpen(callId: string): void;
}) {
  const out = entry.output;
  return (
    <li
      className="chat-item chat-tool"
      data-testid="chat-item"
      data-at={entry.at}
      data-kind="function_call"
      data-call-id={entry.callId}
    >
      <div className="chat-meta">
        <span className="chat-role">function call</span>
        <span className="muted mono">{formatEventTime(entry.at)}</span>
        <button
          type="button"
          className="link"
          onClick={() => onOpen(entry.callId)}
          title="Open in the tool inspector"
        >
          inspect
        </button>
      </div>
      <div className="chat-content mono">
        {entry.name}({entry.arguments})
      </div>
      <div
        className={`chat-output mono${out?.isError ? ' chat-output-error' : ''}`}
        data-testid="chat-function-output"
        data-error={out ? String(out.isError) : undefined}
      >
        {out ? (
          <>
            {out.isError ? (
              <span className="badge badge-danger">error</span>
            ) : (
              <span className="muted">→ </span>
            )}
            {out.text}
          </>
        ) : (
          <span className="muted">no output</span>
        )}
      </div>
    </li>
  );
}

export function ChatContextPanel({ onOpenTool }: { onOpenTool?: () => void }) {
  const chat = useChatContext();
  const { entries, truncated } = chat;
  const selectTool = useStudioStore((s) => s.selectTool);
  const listRef = useRef<HTMLOListElement>(null);
  const stickRef = useRef(true);
  // During a replay the item current at the playhead is highlighted.
  usePlayheadCursor(listRef);

  // Stay at the newest turn unless the user scrolled up to read.
  useEffect(() => {
    const el = listRef.current;
    if (el && stickRef.current) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const open = (callId: string) => {
    selectTool(callId);
    onOpenTool?.();
  };

  return (
    <section className="panel chat-panel" data-testid="chat-context" aria-labelledby="chat-title">
      <div className="panel-title-row">
        <h2 id="chat-title">Chat context</h2>
        <span className="muted" data-testid="chat-count">
          {entries.length} items
        </span>
      </div>
      {truncated ? (
        <p className="muted">The start of this session was dropped from the live buffer.</p>
      ) : null}
      {entries.length === 0 ? (
        <p className="muted" data-testid="chat-empty">
          No conversation yet. Start a session or send a text turn.
        </p>
      ) : (
        <ol
          className="chat-list"
          ref={listRef}
          onScroll={(e) => {
            const el = e.currentTarget;
            stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {entries.map((e) =>
            e.kind === 'message' ? (
              <MessageRow key={e.id} entry={e} emptyText={emptyMessageText(e, chat)} />
            ) : e.kind === 'function_call' ? (
              <CallRow key={e.id} entry={e} onOpen={open} />
            ) : (
              <li
                key={e.id}
                className="chat-item chat-handoff"
                data-testid="chat-item"
                data-kind="handoff"
                data-at={e.at}
              >
                <span className="muted">
                  handoff {e.oldAgentId ?? '–'} → <strong>{e.newAgentId}</strong> at {formatEventTime(e.at)}
                </span>
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}

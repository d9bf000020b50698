/**
 * The recordings browser: every recorded session (newest first) with its date, duration, turns,
 * agent, input kind, end reason and size; a search over title, agent and id; open (replay) and
 * delete (after a confirmation); a box per row to pick two and compare them in the diff view.
 * The list reloads when a session ends, since it was just recorded.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { RecordingSummary } from '../../../../shared/recording';
import type { RecordingProblem } from '../../../../shared/studio-api';
import { useStudio } from '../../bridge/studio-context';
import { useStudioStore } from '../../store/studio-store';
import { CompareBar } from './CompareBar';
import { canToggle, togglePick, withoutDeleted, type PickedRecording } from './compare-selection';
import { formatDate, formatDuration, formatSize } from './format';
import { replaySession } from './replay-instance';
import './replay.css';

function RecordingRow({
  rec,
  active,
  confirming,
  picked,
  pickable,
  onPick,
  onOpen,
  onAskDelete,
  onDelete,
  onCancel,
}: {
  rec: RecordingSummary;
  active: boolean;
  confirming: boolean;
  picked: boolean;
  pickable: boolean;
  onPick(): void;
  onOpen(): void;
  onAskDelete(): void;
  onDelete(): void;
  onCancel(): void;
}) {
  const crashed = rec.endReason === 'crashed';
  return (
    <li
      className={`recording-row${active ? ' recording-active' : ''}`}
      data-testid="recording-row"
      data-recording-id={rec.id}
      data-end-reason={rec.endReason}
      data-duration-ms={Math.round(rec.durationMs)}
    >
      <label className="recording-title" title={rec.id}>
        <input
          type="checkbox"
          data-testid="recording-compare"
          aria-label={`Compare ${rec.title || rec.id}`}
          checked={picked}
          disabled={!pickable}
          onChange={onPick}
        />{' '}
        {rec.title || rec.id}
      </label>
      <div className="recording-facts muted">
        <span data-testid="recording-date">{formatDate(rec.startedAt)}</span>
        <span data-testid="recording-duration">{formatDuration(rec.durationMs)}</span>
        <span data-testid="recording-turns">
          {rec.turns} turn{rec.turns === 1 ? '' : 's'}
        </span>
        <span data-testid="recording-agent">{rec.agents.join(', ') || '—'}</span>
        <span data-testid="recording-input">{rec.inputKind}</span>
        <span
          data-testid="recording-end"
          className={crashed ? 'badge badge-warn' : undefined}
          title={
            crashed
              ? 'The studio stopped before the session ended; the duration is up to its last event'
              : undefined
          }
        >
          {rec.endReason}
        </span>
        <span data-testid="recording-size">{formatSize(rec.sizeBytes)}</span>
      </div>
      <div className="button-row recording-actions">
        {confirming ? (
          <>
            <span>Delete this recording?</span>
            <button
              type="button"
              className="danger"
              data-testid="recording-delete-confirm"
              onClick={onDelete}
            >
              Delete
            </button>
            <button type="button" data-testid="recording-delete-cancel" onClick={onCancel}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button type="button" className="primary" data-testid="recording-open" onClick={onOpen}>
              {active ? 'Reopen' : 'Open'}
            </button>
            <button type="button" data-testid="recording-delete" onClick={onAskDelete}>
              Delete
            </button>
          </>
        )}
      </div>
    </li>
  );
}

export function RecordingsPanel() {
  const { actions } = useStudio();
  const [recordings, setRecordings] = useState<RecordingSummary[] | null>(null);
  const [problems, setProblems] = useState<RecordingProblem[]>([]);
  /** Why the last listing failed, until one succeeds (main's message; the banner has it too). */
  const [listError, setListError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [picked, setPicked] = useState<PickedRecording[]>([]);
  const replay = useSyncExternalStore(replaySession.view.subscribe, replaySession.view.get);
  const phase = useStudioStore((s) => s.status?.phase ?? null);
  const connected = useStudioStore((s) => s.connection.state === 'connected');

  const load = useCallback(async () => {
    const r = await actions.run('listRecordings', query.trim() ? { query: query.trim() } : {});
    if (!r.ok) {
      setListError(`${r.error.message} (${r.error.code})`);
      return;
    }
    setListError(null);
    setRecordings(r.value.recordings);
    setProblems(r.value.problems);
  }, [actions, query]);

  // Reload on search (debounced), on reconnect, and when a session ends (a new recording).
  useEffect(() => {
    if (!connected) return;
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [load, connected, phase]);

  const remove = async (id: string) => {
    setConfirming(null);
    if (replaySession.view.get()?.id === id) replaySession.close();
    const r = await actions.run('deleteRecording', { id });
    if (!r.ok) return;
    setPicked((p) => withoutDeleted(p, id));
    await load();
  };

  return (
    <section
      className="panel recordings"
      data-testid="recordings"
      data-state={listError ? 'failed' : recordings === null ? 'loading' : 'listed'}
      aria-labelledby="recordings-title"
    >
      <div className="panel-title-row">
        <h2 id="recordings-title">Recordings</h2>
        <button type="button" className="link" data-testid="recordings-refresh" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <input
        type="search"
        placeholder="Search title, agent or id…"
        aria-label="Search recordings"
        data-testid="recordings-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <CompareBar picked={picked} onClear={() => setPicked([])} />
      {listError ? (
        <p className="field-error" data-testid="recordings-error" role="alert">
          The recordings could not be listed: {listError}. Refresh to try again.
        </p>
      ) : null}
      {recordings === null ? (
        listError ? null : (
          <p className="muted">Loading…</p>
        )
      ) : recordings.length === 0 ? (
        <p className="muted" data-testid="recordings-empty">
          {query.trim()
            ? 'No recording matches.'
            : 'No recordings yet: every session is recorded as it runs.'}
        </p>
      ) : (
        <ul className="recording-list" data-testid="recording-list" data-count={recordings.length}>
          {recordings.map((rec) => (
            <RecordingRow
              key={rec.id}
              rec={rec}
              active={replay?.id === rec.id}
              confirming={confirming === rec.id}
              picked={picked.some((p) => p.id === rec.id)}
              pickable={canToggle(picked, rec.id)}
              onPick={() => setPicked((p) => togglePick(p, rec))}
              onOpen={() => void openRecording(rec.id)}
              onAskDelete={() => setConfirming(rec.id)}
              onDelete={() => void remove(rec.id)}
              onCancel={() => setConfirming(null)}
            />
          ))}
        </ul>
      )}
      {problems.length > 0 ? (
        <details className="recording-problems" data-testid="recording-problems">
          <summary>
            {problems.length} recording{problems.length === 1 ? '' : 's'} could not be listed
          </summary>
          <ul>
            {problems.map((p) => (
              <li key={p.id}>
                <span className="mono">{p.id}</span>: {p.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** Opens a recording from the browser and puts it in the address (a link to share or reload). */
export async function openRecording(id: string, atMs: number | null = null): Promise<void> {
  history.replaceState(null, '', `${location.pathname}${location.search}#/recordings/${id}`);
  await replaySession.open(id, atMs);
}

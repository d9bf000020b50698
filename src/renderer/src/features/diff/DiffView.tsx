/**
 * The diff of two runs (A the baseline, B the candidate — a re-run by default): both timelines
 * on one axis, a summary, and a table per turn of what changed. Shown above the live timeline
 * while a diff is open; Close returns to the studio as it was.
 */
import { useMemo } from 'react';
import { useStudio } from '../../bridge/studio-context';
import type { RecordingDiffInfo } from '../../../../shared/recording-diff';
import { DiffTimelines } from './DiffTimelines';
import { diffRows, summaryLines, type DiffCell, type DiffRow } from './diff-format';
import { closeDiff, openDiff, useDiffStore } from './diff-store';
import './diff.css';

function Cell({ cell, testId }: { cell: DiffCell; testId?: string }) {
  return (
    <td
      className={cell.changed ? 'diff-changed' : undefined}
      data-testid={testId}
      data-changed={cell.changed}
    >
      {cell.changed ? (
        <>
          <span className="diff-a">{cell.a}</span> → <span className="diff-b">{cell.b}</span>
          {cell.delta && <span className="diff-delta"> ({cell.delta})</span>}
        </>
      ) : (
        cell.a
      )}
    </td>
  );
}

function TextCell({ cell, testId }: { cell: DiffCell; testId: string }) {
  return (
    <td
      className={cell.changed ? 'diff-changed diff-text' : 'diff-text'}
      data-testid={testId}
      data-changed={cell.changed}
    >
      {cell.changed ? (
        <>
          <div className="diff-a">A: {cell.a}</div>
          <div className="diff-b">B: {cell.b}</div>
        </>
      ) : (
        cell.a
      )}
    </td>
  );
}

function TurnRow({ row }: { row: DiffRow }) {
  return (
    <tr
      data-testid="diff-turn-row"
      data-turn={row.turn}
      data-presence={row.presence}
      data-eot-a-ms={row.endOfTurnMs.a ?? ''}
      data-eot-b-ms={row.endOfTurnMs.b ?? ''}
    >
      <td>{row.turn}</td>
      <td className="diff-text">
        {row.transcript}
        {row.presence !== 'both' && <span className="muted"> ({row.presence})</span>}
      </td>
      <Cell cell={row.endOfTurn} testId="diff-eot" />
      <Cell cell={row.interruptions} />
      <Cell cell={row.falseInterruptions} />
      <Cell cell={row.e2e} />
      <Cell cell={row.llmTtft} />
      <Cell cell={row.ttsTtfb} />
      <TextCell cell={row.reply} testId="diff-reply" />
      <TextCell cell={row.tools} testId="diff-tools" />
    </tr>
  );
}

function DiffBody({ info, notes }: { info: RecordingDiffInfo; notes: string[] }) {
  const rows = useMemo(() => diffRows(info.report), [info]);
  const lines = useMemo(() => summaryLines(info.report), [info]);
  return (
    <>
      <DiffTimelines a={info.a} b={info.b} />
      <div className="diff-summary" data-testid="diff-summary">
        {info.report.warnings.map((w) => (
          <p key={w} className="diff-warning" role="note">
            {w}
          </p>
        ))}
        {notes.map((n) => (
          <p key={n} className="diff-warning" role="note" data-testid="diff-rerun-note">
            Re-run: {n}
          </p>
        ))}
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      </div>
      <div className="diff-table-wrap">
        <table className="diff-table" data-testid="diff-table">
          <thead>
            <tr>
              <th>#</th>
              <th>User</th>
              <th title="When the user's turn ended, ms after the run's start">End of turn</th>
              <th>Interruptions</th>
              <th>False int.</th>
              <th title="User stopped speaking → agent started speaking">E2E latency</th>
              <th>LLM TTFT</th>
              <th>TTS TTFB</th>
              <th>Reply</th>
              <th>Tool calls</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <TurnRow key={row.turn} row={row} />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p className="muted">Neither run has a user turn.</p>}
      </div>
    </>
  );
}

export function DiffView() {
  const state = useDiffStore((s) => s.state);
  const { actions } = useStudio();
  if (state.phase === 'closed') return null;
  const title =
    state.phase === 'rerunning' ? `Re-running ${state.source}…` : `Diff: A ${state.a} · B ${state.b}`;
  return (
    <section
      className="panel diff-view"
      data-testid="diff-view"
      data-phase={state.phase}
      aria-labelledby="diff-title"
    >
      <div className="panel-title-row">
        <h2 id="diff-title">{title}</h2>
        <div className="button-row">
          {state.phase === 'failed' && state.b !== '(re-run)' && (
            <button type="button" onClick={() => void openDiff(actions, state.a, state.b)}>
              Retry
            </button>
          )}
          <button type="button" data-testid="diff-close" onClick={closeDiff}>
            Close
          </button>
        </div>
      </div>
      {(state.phase === 'loading' || state.phase === 'rerunning') && (
        <p className="muted" role="status">
          {state.phase === 'loading'
            ? 'Comparing the two runs…'
            : 'The recorded caller is played again with the current config…'}
        </p>
      )}
      {state.phase === 'failed' && (
        <p className="diff-warning" role="alert" data-testid="diff-error">
          {state.message}
        </p>
      )}
      {state.phase === 'open' && <DiffBody info={state.info} notes={state.notes} />}
    </section>
  );
}

/**
 * What the header says about the session, derived from what is known rather than from the last
 * thing heard: main's status while the connection holds, "disconnected" when it does not (the
 * last status may be long out of date), "ended (reason)" once a session closed, and for a
 * recording open in the views the recording's own end — never the live session's state.
 *
 * The session controls use the live phase only: whatever is replayed, their commands act on main.
 */
import type { ConnectionState } from '../../bridge/connection';
import type { StudioStatus } from '../../../../shared/studio-api';

export type HeaderPhase =
  'connecting' | 'idle' | 'starting' | 'running' | 'stopping' | 'ended' | 'disconnected';

export interface PhaseView {
  phase: HeaderPhase;
  /** Why it ended (`ended` only): a close reason, `error`, or a recording's end reason. */
  reason: string | null;
  /** What the header shows: `ended (user_initiated)`. */
  label: string;
  /** Elapsed time: since `from`; frozen at `to` when set, still counting when `ticking`. */
  elapsed: { from: number; to: number | null; ticking: boolean } | null;
  /** A recording is shown: the phase and elapsed time are its own. */
  replay: boolean;
  /** One line for the tooltip. */
  title: string;
}

export interface LivePhaseInputs {
  status: Pick<StudioStatus, 'phase' | 'startedAt' | 'lastError' | 'endedAt' | 'endReason'> | null;
  connection: ConnectionState;
}

export interface ReplayPhaseInputs {
  /** The recording's `close` event reason, when its events hold one. */
  closeReason: string | null;
  /** The recording's end reason and duration (null while it is opened). */
  summary: { endReason: string; durationMs: number } | null;
}

const label = (phase: HeaderPhase, reason: string | null) => (reason ? `${phase} (${reason})` : phase);

export function livePhase({ status, connection }: LivePhaseInputs): PhaseView {
  const view = (
    phase: HeaderPhase,
    title: string,
    reason: string | null = null,
    elapsed: PhaseView['elapsed'] = null,
  ): PhaseView => ({ phase, reason, label: label(phase, reason), elapsed, replay: false, title });
  if (connection !== 'connected') {
    if (status === null) return view('connecting', 'Connecting to the studio…');
    // The last status is from before the drop: a session said to run may have ended since.
    const lastKnown =
      status.phase === 'running' || status.phase === 'starting' || status.phase === 'stopping';
    return view(
      'disconnected',
      lastKnown
        ? `Connection lost; the session was ${status.phase} when it dropped. Elapsed time stops until it is back.`
        : 'Connection lost: the state shown returns when it is back.',
      null,
      lastKnown && status.startedAt !== null ? { from: status.startedAt, to: null, ticking: false } : null,
    );
  }
  if (status === null) return view('connecting', 'Loading the studio’s state…');
  const { phase, startedAt } = status;
  if (phase === 'starting' || phase === 'running' || phase === 'stopping')
    return view(
      phase,
      `The session is ${phase}`,
      null,
      startedAt === null ? null : { from: startedAt, to: null, ticking: true },
    );
  const reason = status.endReason ?? (phase === 'error' ? 'error' : null);
  if (reason === null) return view('idle', 'No session has run yet: Start one');
  const frozen =
    startedAt !== null && status.endedAt != null
      ? { from: startedAt, to: status.endedAt, ticking: false }
      : null;
  const why = status.lastError && reason === 'error' ? `: ${status.lastError}` : '';
  return view('ended', `The last session ended (${reason})${why}. Start a new one.`, reason, frozen);
}

/** A recording has ended by definition: its close reason, else the reader's end reason (`crashed`). */
export function replayPhase({ closeReason, summary }: ReplayPhaseInputs): PhaseView {
  const reason = closeReason ?? summary?.endReason ?? null;
  return {
    phase: 'ended',
    reason,
    label: label('ended', reason),
    elapsed: summary ? { from: 0, to: summary.durationMs, ticking: false } : null,
    replay: true,
    title: 'A recording is shown: its own end and duration. Back to live shows the live session.',
  };
}

export interface ControlStates {
  start: boolean;
  stop: boolean;
  /** Send, Say, Generate reply, Interrupt: they act on a running session. */
  turn: boolean;
  /** Why a disabled control is disabled, for its tooltip. */
  why: { start: string | null; stop: string | null; turn: string | null };
}

/** Which session controls can work in a live phase (before in-flight commands are counted). */
export function controlStates(live: HeaderPhase): ControlStates {
  const offline = live === 'disconnected' || live === 'connecting' ? 'Not connected to the studio' : null;
  const busy = live === 'starting' || live === 'running' || live === 'stopping';
  const start = offline ?? (busy ? `A session is ${live}: stop it first` : null);
  const stop =
    offline ??
    (live === 'starting' || live === 'running'
      ? null
      : live === 'stopping'
        ? 'The session is already stopping'
        : 'No session is running');
  const turn =
    offline ??
    (live === 'running'
      ? null
      : `No session is running${live === 'starting' || live === 'stopping' ? ` (it is ${live})` : ''}: start one first`);
  return { start: start === null, stop: stop === null, turn: turn === null, why: { start, stop, turn } };
}

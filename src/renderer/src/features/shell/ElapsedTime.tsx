/**
 * Session elapsed time. It ticks on its own one-second interval so only this element
 * re-renders, never the tree around it. It stops at the session's end (main's end time, so the
 * number is the session's length) and stops counting while the connection is lost.
 */
import { useEffect, useState } from 'react';
import type { PhaseView } from './session-phase';
import { useHeaderPhase } from './use-phase-view';

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The text of an elapsed clock at wall time `now`. */
export function elapsedText(elapsed: PhaseView['elapsed'], now: number): string {
  if (elapsed === null) return '--:--';
  return formatElapsed((elapsed.to ?? now) - elapsed.from);
}

/** The elapsed text of a phase, re-rendering once a second only while it counts. */
export function useElapsedText(elapsed: PhaseView['elapsed']): string {
  const ticking = elapsed?.ticking === true;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [ticking]);
  return elapsedText(elapsed, now);
}

export function ElapsedTime() {
  const view = useHeaderPhase();
  const text = useElapsedText(view.elapsed);
  const frozen = view.elapsed !== null && !view.elapsed.ticking;
  return (
    <span
      className="stat"
      data-testid="elapsed"
      data-frozen={String(frozen)}
      title={view.replay ? 'The recording’s duration' : 'Time since the session started; it stops at its end'}
    >
      <span className="stat-label">Elapsed</span>
      <span className="stat-value mono" data-testid="elapsed-value">
        {text}
      </span>
    </span>
  );
}

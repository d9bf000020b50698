/**
 * Session elapsed time. It ticks on its own one-second interval so only this element
 * re-renders, never the tree around it.
 */
import { useEffect, useState } from 'react';
import { useStudioStore } from '../../store/studio-store';

export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function ElapsedTime() {
  const startedAt = useStudioStore((s) => s.status?.startedAt ?? null);
  const active = useStudioStore(
    (s) => s.status?.phase === 'running' || s.status?.phase === 'starting' || s.status?.phase === 'stopping',
  );
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null || !active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [startedAt, active]);
  const text = startedAt !== null && active ? formatElapsed(now - startedAt) : '--:--';
  return (
    <span className="stat" data-testid="elapsed" title="Time since the session started">
      <span className="stat-label">Elapsed</span>
      <span className="stat-value mono">{text}</span>
    </span>
  );
}

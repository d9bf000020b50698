/**
 * Failed commands, stated plainly (which command, which error code, the studio's message), and
 * errors of the running session, which are not failures of the session itself. One notice per
 * cause (a repeat counts), gone when its cause is resolved (store/notice-causes.ts). A lost
 * connection is named as such, not after whichever request was in flight when it dropped: which
 * request notices first is chance, the cause is one.
 */
import { commandLabel } from '../commands/command-labels';
import type { ErrorNotice } from '../../store/feedback-slice';
import { TRANSPORT_CAUSE } from '../../store/notice-causes';
import { useStudioStore } from '../../store/studio-store';
import { useLivePhase } from '../shell/use-phase-view';

export function describeError(notice: ErrorNotice): string {
  if (notice.session)
    return `Session error (${notice.source}): ${notice.message} — ${notice.recoverable === false ? 'the session ended' : 'the session keeps running'}`;
  if (notice.cause === TRANSPORT_CAUSE) return `Connection to the studio failed — ${notice.message}`;
  const what = commandLabel(notice.source);
  const field = notice.field ? ` (${notice.field})` : '';
  return `${what} failed — ${notice.code}${field}: ${notice.message}`;
}

export function ErrorBanner() {
  const errors = useStudioStore((s) => s.errors);
  const dismiss = useStudioStore((s) => s.dismissError);
  const dismissAll = useStudioStore((s) => s.dismissAllErrors);
  // A session error outlives its session until the next one starts: once it is over, the banner
  // must not say it "keeps running".
  const live = useLivePhase().phase;
  const over = live === 'ended' || live === 'idle';
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <ul>
        {errors.map((e) => (
          <li
            key={e.id}
            data-testid="error-notice"
            data-code={e.code}
            data-source={e.source}
            data-cause={e.cause}
            data-count={e.count}
          >
            <span className="error-text">
              {describeError(over && e.session ? { ...e, recoverable: false } : e)}
            </span>
            {e.count > 1 ? (
              <span className="error-count" title={`${e.count} failures of this cause; the latest is shown`}>
                {` ×${e.count}`}
              </span>
            ) : null}
            <button
              type="button"
              className="link"
              onClick={() => dismiss(e.id)}
              data-testid="error-dismiss"
              aria-label="Dismiss"
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {errors.length > 1 ? (
        <button type="button" className="link" onClick={dismissAll} data-testid="error-dismiss-all">
          Dismiss all
        </button>
      ) : null}
    </div>
  );
}

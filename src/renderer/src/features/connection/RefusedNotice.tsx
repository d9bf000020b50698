/**
 * A refusal is final (no reconnect), so it gets a full explanation instead of a small badge:
 * the usual cause is an old or mistyped URL, and the fix is on the user's side.
 */
import { useStudioStore } from '../../store/studio-store';

export function RefusedNotice() {
  const connection = useStudioStore((s) => s.connection);
  if (connection.state !== 'refused') return null;
  return (
    <div className="refused" role="alert" data-testid="refused-notice">
      <strong>The studio refused this window.</strong>
      <span data-testid="refused-reason">{connection.reason ?? 'No reason given.'}</span>
      <span className="muted">
        Open the URL that <code>npm run web</code> printed to sign this browser in; its code works once, and a
        restarted server prints a new one.
      </span>
    </div>
  );
}

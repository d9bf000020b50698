/**
 * Transport checks: a ping that round-trips main (proving the whole transport path, not just
 * a socket), and how many engine events this window has received.
 */
import { useStudio } from '../../bridge/studio-context';
import { useStudioStore } from '../../store/studio-store';
import { EventCounter } from './EventCounter';

export function DiagnosticsPanel() {
  const { actions } = useStudio();
  const lastPing = useStudioStore((s) => s.lastPing);
  const pinging = useStudioStore((s) => s.inFlight.ping !== undefined);
  const connected = useStudioStore((s) => s.connection.state === 'connected');
  return (
    <section className="panel" data-testid="diagnostics" aria-labelledby="diagnostics-title">
      <h2 id="diagnostics-title">Diagnostics</h2>
      <div className="button-row">
        <button
          type="button"
          data-testid="ping-button"
          disabled={!connected || pinging}
          onClick={() => void actions.ping()}
        >
          Ping
        </button>
        <output className="mono" data-testid="ping-result">
          {lastPing ? `pong ${lastPing.nonce} in ${Math.round(lastPing.roundTripMs)} ms` : 'not pinged yet'}
        </output>
      </div>
      <EventCounter />
    </section>
  );
}

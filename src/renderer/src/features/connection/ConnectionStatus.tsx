/** The transport and whether it reaches main; when refused, the server's reason in plain words. */
import type { ConnectionState } from '../../bridge/connection';
import { useStudioStore } from '../../store/studio-store';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  refused: 'Refused',
  disconnected: 'Disconnected — reconnecting',
};

export function ConnectionStatus() {
  const connection = useStudioStore((s) => s.connection);
  const transport = useStudioStore((s) => s.transport);
  return (
    <div className="connection" data-testid="connection-status" data-state={connection.state} role="status">
      <span className="connection-dot" aria-hidden="true" />
      <span data-testid="connection-label">{LABELS[connection.state]}</span>
      <span
        className="connection-transport"
        data-testid="transport"
        title="How this window talks to the studio"
      >
        {transport === 'ipc' ? 'IPC' : transport === 'websocket' ? 'WebSocket' : '…'}
      </span>
      {connection.reason && connection.state !== 'connected' ? (
        <span className="connection-reason" data-testid="connection-reason">
          {connection.reason}
          {connection.code !== null ? ` (${connection.code})` : ''}
        </span>
      ) : null}
    </div>
  );
}

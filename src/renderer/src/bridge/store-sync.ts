/**
 * Feeds the store from the bridge: connection changes, pushed status, event batches into the one
 * event feed (feed-slice.ts; ignored while a recording is replayed there), and a
 * full `getState` whenever the connection (re)opens — pushes missed while disconnected are
 * gone, so only a fresh snapshot makes the view true again. Reopening also resolves the banner's
 * transport notices (commands that failed because the connection was down): they are stale once
 * it is back (notice-causes.ts). A live session's `error` events
 * (a provider answering 500, a cut stream) are also shown in the error banner: main only records
 * them in the event log and `status.lastError`, and the banner is what the user sees.
 */
import type { StoreApi } from 'zustand';
import type { StudioStore } from '../store/studio-store';
import type { StudioBridge } from './connection';

export function syncBridgeToStore(bridge: StudioBridge, store: StoreApi<StudioStore>): () => void {
  const { client, monitor } = bridge;
  const state = () => store.getState();
  let disposed = false;
  let refreshSeq = 0;

  const refresh = async (): Promise<void> => {
    const seq = ++refreshSeq;
    const r = await client.invoke('getState', {});
    // A newer refresh (after a quick reconnect) or a dispose supersedes this answer.
    if (disposed || seq !== refreshSeq) return;
    if (r.ok) {
      const { status, events } = r.value;
      state().resolveNotices('command_ok', 'getState');
      state().setStatus(status);
      // While a recording is replayed the feed stays on it; showLive() asks for this snapshot again.
      if (state().feed.source.kind === 'live')
        state().resetFeed({ kind: 'live', sessionId: status.sessionId }, events, {
          agentState: status.agentState,
          userState: status.userState,
          currentAgent: status.currentAgent,
        });
    } else if (monitor.connection.state === 'connected') {
      // A transport error while disconnected is already visible in the connection status.
      state().pushError({ source: 'getState', ...r.error });
    }
  };

  state().setTransport(client.transport);
  state().setConnection(monitor.connection);
  const offs = [
    monitor.onConnectionChange((info) => {
      state().setConnection(info);
      if (info.state !== 'connected') return;
      // Back online: what failed for want of a connection ("Connection to the studio failed —
      // connection lost") is no longer true, and the snapshot below shows what is.
      state().resolveNotices('reconnect');
      void refresh();
    }),
    client.on('status', (status) => state().setStatus(status)),
    client.on('events', (batch) => {
      if (!state().appendLive(batch.sessionId, batch.events)) return;
      for (const ev of batch.events) {
        if (ev.type !== 'error') continue;
        // A problem the renderer reported itself (the microphone) comes back from main as an
        // event too: the notice already shown says it.
        if (state().errors.some((e) => e.source === ev.source && !e.session)) continue;
        // One notice per source (a repeat replaces it and counts), until the next session.
        state().pushError({
          source: ev.source,
          code: 'failed',
          message: ev.message,
          session: true,
          recoverable: ev.recoverable,
        });
      }
    }),
  ];
  // Back from a replay: the live session's snapshot refills the feed.
  offs.push(
    store.subscribe((s, prev) => {
      if (s.liveRequests !== prev.liveRequests) void refresh();
    }),
  );
  if (monitor.connection.state === 'connected') void refresh();

  return () => {
    disposed = true;
    for (const off of offs) off();
  };
}

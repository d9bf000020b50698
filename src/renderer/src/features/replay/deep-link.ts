/**
 * Deep links to a recording at a time: `#/recordings/<id>?t=<ms>`, `t` on the recording's event
 * clock (the events' `t`, as the playhead's data-time-ms). A hash route works the same in web mode
 * (http://127.0.0.1:PORT/#/…) and in the desktop app (app://studio/#/…), and never reaches the server.
 */
const ROUTE = /^#\/recordings\/([A-Za-z0-9_-]{1,200})(?:\?(.*))?$/;

export interface ReplayLink {
  id: string;
  /** Null: from the start. */
  atMs: number | null;
}

export function parseReplayLink(hash: string): ReplayLink | null {
  const m = ROUTE.exec(hash);
  if (!m) return null;
  const t = new URLSearchParams(m[2] ?? '').get('t');
  const atMs = t === null || t.trim() === '' ? null : Number(t);
  return { id: m[1], atMs: atMs !== null && Number.isFinite(atMs) ? atMs : null };
}

export function formatReplayLink(id: string, atMs: number | null): string {
  return atMs === null ? `#/recordings/${id}` : `#/recordings/${id}?t=${Math.round(atMs)}`;
}

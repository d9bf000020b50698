/**
 * The event log's export: the filtered events as JSONL (one JSON object a line, the recording's
 * own event format), downloaded with a Blob and an anchor — which works the same in Electron and
 * in web mode, with no file dialog in main.
 */
import type { FeedSource } from '../../store/event-feed';

/** One JSON object per line, each line ending in a newline. */
export function toJsonl(events: readonly unknown[]): string {
  let out = '';
  for (const ev of events) out += `${JSON.stringify(ev)}\n`;
  return out;
}

/** `events-live-<session>-<n>.jsonl` or `events-replay-<recording>-<n>.jsonl`, safe as a file name. */
export function exportFileName(source: FeedSource, count: number): string {
  const id = source.kind === 'live' ? (source.sessionId ?? 'none') : source.recordingId;
  const safe = id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `events-${source.kind}-${safe}-${count}.jsonl`;
}

/** What a download needs from the page; the real one is `document` and `URL`. */
export interface DownloadEnv {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  createAnchor(): { href: string; download: string; click(): void; remove?(): void };
  append(el: unknown): void;
}

const browserEnv = (): DownloadEnv => ({
  createObjectURL: (b) => URL.createObjectURL(b),
  revokeObjectURL: (u) => URL.revokeObjectURL(u),
  createAnchor: () => document.createElement('a'),
  append: (el) => document.body.append(el as Node),
});

/** Saves `text` as a file named `name` through the browser's download. */
export function downloadText(
  name: string,
  text: string,
  type: string,
  env: DownloadEnv = browserEnv(),
): void {
  const url = env.createObjectURL(new Blob([text], { type }));
  const a = env.createAnchor();
  a.href = url;
  a.download = name;
  env.append(a);
  a.click();
  a.remove?.();
  // The click has started the download; the URL can go on the next turn.
  setTimeout(() => env.revokeObjectURL(url), 0);
}

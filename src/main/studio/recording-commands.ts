/**
 * The studio API's recording commands: list, open, read pages of events and windows of audio,
 * delete. The reading itself is the recording module's (src/main/recording); this module owns
 * what the API adds around it — query filtering, page and window caps, and an LRU of open
 * recordings, so a replay that pages in 100,000 events or fetches audio every second does not
 * re-open (re-read the manifest, index and WAV headers of) the recording on every call.
 * Recordings idle for `idleMs` are closed, and a deleted one is closed before its files go.
 */
import type { RecordingSummary } from '../../shared/recording';
import { MAX_RECORDING_PAGE, type OpenedRecordingInfo, type RecordingProblem } from '../../shared/studio-api';
import type { OpenedRecording } from '../recording/api';
import type { Logger } from '../log';
import { fail, ok, type CommandHandlers } from './command-router';
import { errorText } from '../engine';

/** What the commands need from the recording module, over one recordings directory. */
export interface RecordingLibrary {
  /** Every recording's summary (manifests only) and the entries that could not be read, and why. */
  list(): Promise<{ recordings: RecordingSummary[]; problems: RecordingProblem[] }>;
  /** Opens one recording; throws an Error whose message says what is wrong (missing, newer version, damaged). */
  open(id: string): Promise<OpenedRecording>;
  /** Removes a recording's files; false when there was none of that id. */
  remove(id: string): Promise<boolean>;
}

export interface RecordingCommandsOptions {
  library: RecordingLibrary;
  logger: Logger;
  /** Waits for recordings still being written (a session that just ended). */
  settled?: () => Promise<void>;
  /** How many recordings stay open at once (default 4). */
  maxOpen?: number;
  /** An open recording unused this long is closed (default 5 minutes). */
  idleMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export type RecordingCommandName =
  'listRecordings' | 'openRecording' | 'readRecordingEvents' | 'readRecordingAudio' | 'deleteRecording';

/** Events openRecording answers with: one page, enough for the first view of any recording. */
export const FIRST_PAGE = MAX_RECORDING_PAGE;

interface Entry {
  opening: Promise<OpenedRecording>;
  timer: unknown;
}

/** True when a summary matches a free-text query: every word in the title, an agent or the id. */
export function matchesQuery(summary: RecordingSummary, query: string | undefined): boolean {
  const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [summary.title, summary.id, ...summary.agents].join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export class RecordingCommands {
  readonly handlers: Pick<CommandHandlers, RecordingCommandName>;
  /** Open recordings, least recently used first (Map keeps insertion order; a use re-inserts). */
  private readonly open = new Map<string, Entry>();
  private readonly library: RecordingLibrary;
  private readonly logger: Logger;
  private readonly settled: () => Promise<void>;
  private readonly maxOpen: number;
  private readonly idleMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(options: RecordingCommandsOptions) {
    this.library = options.library;
    this.logger = options.logger;
    this.settled = options.settled ?? (() => Promise.resolve());
    this.maxOpen = options.maxOpen ?? 4;
    this.idleMs = options.idleMs ?? 5 * 60_000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms).unref());
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.handlers = {
      listRecordings: (input) =>
        this.guard(async () => {
          await this.settled();
          const { recordings, problems } = await this.library.list();
          const shown = recordings
            .filter((r) => matchesQuery(r, input.query))
            .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
          return { recordings: shown, problems };
        }),
      openRecording: ({ id }) =>
        this.guard(async () => {
          await this.settled();
          // A recording re-opened from the browser is read afresh: it may have changed since.
          await this.close(id);
          const rec = await this.get(id);
          const firstPage = await rec.readEvents(0, Math.min(FIRST_PAGE, rec.eventCount));
          return { ...this.describe(rec), firstPage };
        }),
      readRecordingEvents: (input) =>
        this.guard(async () => {
          const rec = await this.get(input.id);
          if (input.from !== undefined && input.count !== undefined) {
            const events = await rec.readEvents(input.from, Math.min(input.count, MAX_RECORDING_PAGE));
            return { from: input.from, events, truncated: false };
          }
          const events = await rec.readEventsInTime(input.fromT as number, input.toT as number);
          const truncated = events.length > MAX_RECORDING_PAGE;
          return { from: null, events: truncated ? events.slice(0, MAX_RECORDING_PAGE) : events, truncated };
        }),
      readRecordingAudio: (input) =>
        this.guard(async () => {
          const rec = await this.get(input.id);
          const audio = await rec.readAudio(input.track, input.fromT, input.durationMs);
          if (!audio) return { audio: null };
          const { data } = audio;
          // PCM16 little-endian: the byte order of every platform the studio runs on.
          const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
          return {
            audio: {
              track: input.track,
              sampleRate: audio.sampleRate,
              channels: audio.channels,
              startT: audio.startT,
              pcmBase64: bytes.toString('base64'),
            },
          };
        }),
      deleteRecording: ({ id }) =>
        this.guard(async () => {
          await this.settled();
          await this.close(id);
          return { deleted: await this.library.remove(id) };
        }),
    };
  }

  /** Ids of the recordings open now, least recently used first (for tests and diagnostics). */
  openIds(): string[] {
    return [...this.open.keys()];
  }

  /** Closes every open recording (studio shutdown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.close(id)));
  }

  private describe(rec: OpenedRecording): Omit<OpenedRecordingInfo, 'firstPage'> {
    const { manifest, summary } = rec;
    const startT = manifest.startedAtT;
    return {
      summary,
      startT,
      endT: startT + summary.durationMs,
      config: manifest.config,
      providers: manifest.providers,
      audio: { user: manifest.audio.user, agent: manifest.audio.agent },
      eventCount: rec.eventCount,
      notices: [...rec.notices],
    };
  }

  /** The open recording of `id`, opening it (and closing the least recently used) when needed. */
  private async get(id: string): Promise<OpenedRecording> {
    let entry = this.open.get(id);
    if (entry) {
      this.open.delete(id);
      this.clearTimer(entry.timer);
    } else {
      const opening = this.library.open(id);
      entry = { opening, timer: null };
      // A failed open is not kept: the next call tries again (the file may have been repaired).
      opening.catch(() => {
        if (this.open.get(id)?.opening === opening) this.forget(id);
      });
    }
    entry.timer = this.setTimer(() => void this.close(id), this.idleMs);
    this.open.set(id, entry);
    while (this.open.size > this.maxOpen) {
      const oldest = this.open.keys().next().value as string;
      await this.close(oldest);
    }
    return entry.opening;
  }

  private forget(id: string): Entry | undefined {
    const entry = this.open.get(id);
    if (!entry) return undefined;
    this.open.delete(id);
    this.clearTimer(entry.timer);
    return entry;
  }

  private async close(id: string): Promise<void> {
    const entry = this.forget(id);
    if (!entry) return;
    try {
      await (await entry.opening).close();
    } catch (err) {
      // An open that failed has nothing to close; a close that failed leaves nothing to retry.
      this.logger.log('debug', 'recording close', { id, error: errorText(err) });
    }
  }

  /** Every failure becomes a typed result; the recording module's messages name what is wrong. */
  private async guard<T>(fn: () => Promise<T>) {
    try {
      return ok(await fn());
    } catch (err) {
      // The recording module's RecordingError carries the API code (invalid_input for a bad id).
      const code = (err as { code?: unknown } | null)?.code;
      if (code === 'invalid_input' || code === 'not_available')
        return fail(code, errorText(err), code === 'invalid_input' ? 'id' : undefined);
      return fail('failed', errorText(err));
    }
  }
}

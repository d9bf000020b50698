/**
 * Records a live session for replay: `<dir>/<sessionId>.jsonl`, one JSON value per line — a
 * header `{version, sessionId, createdAt, config}`, then every engine event as the host pushed it
 * (already redacted), then `{type:'recording_end', durationMs, eventCount}`. Lines are buffered
 * and appended asynchronously, so the event path never waits on the disk: while one append is in
 * flight the next lines gather and go out together in the following one. A write failure is
 * logged once and stops the recording; it never disturbs the session.
 */
import { appendFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { StudioConfig } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import type { Logger, Redactor } from '../log';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../private-files';

export const RECORDING_VERSION = 1;
export const RECORDING_EXT = '.jsonl';

export interface RecordingHeader {
  version: number;
  sessionId: string;
  createdAt: string;
  config: StudioConfig;
}

export interface RecordingEnd {
  type: 'recording_end';
  durationMs: number;
  eventCount: number;
}

/** Where recordings go when the host is given no dir: $STUDIO_RECORDINGS_DIR, else the XDG config dir. */
export function defaultRecordingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STUDIO_RECORDINGS_DIR) return resolve(env.STUDIO_RECORDINGS_DIR);
  const home = homedir();
  const base = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : tmpdir());
  return join(base, 'voice-agent-studio', 'recordings');
}

export interface RecorderOptions {
  dir: string;
  sessionId: string;
  config: StudioConfig;
  now: () => number;
  /** The header passes through it as a whole line (the config holds no secrets, by design). */
  redact: Redactor;
  logger: Logger;
}

export class SessionRecorder {
  readonly file: string;
  private lines: string[] = [];
  private inFlight: Promise<void> | null = null;
  private dirReady = false;
  private failed = false;
  private closed = false;
  private eventCount = 0;
  private readonly startedAt: number;

  get sessionId(): string {
    return this.opts.sessionId;
  }

  constructor(private readonly opts: RecorderOptions) {
    this.file = join(opts.dir, `${opts.sessionId}${RECORDING_EXT}`);
    this.startedAt = opts.now();
    const header: RecordingHeader = {
      version: RECORDING_VERSION,
      sessionId: opts.sessionId,
      createdAt: new Date(this.startedAt).toISOString(),
      config: opts.config,
    };
    this.enqueue(opts.redact(JSON.stringify(header)));
  }

  /** Queues one (already redacted) event; returns at once. Ignored after close. */
  push(ev: EngineEvent): void {
    if (this.closed) return;
    this.eventCount += 1;
    this.enqueue(JSON.stringify(ev));
  }

  /** Appends the end line and resolves once everything queued is on disk (or the write failed). */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      const end: RecordingEnd = {
        type: 'recording_end',
        durationMs: Math.max(0, this.opts.now() - this.startedAt),
        eventCount: this.eventCount,
      };
      this.enqueue(JSON.stringify(end));
    }
    return this.flush();
  }

  /** Resolves once every line queued so far has been written. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private enqueue(line: string): void {
    if (this.failed) return;
    this.lines.push(line);
    this.inFlight ??= this.drain();
  }

  private async drain(): Promise<void> {
    // Let the current synchronous burst of events gather before the first append.
    await Promise.resolve();
    try {
      if (!this.dirReady) {
        // Transcripts: the folder is 0700 and the file 0600 (private-files.ts).
        await ensurePrivateDir(this.opts.dir, this.opts.logger);
        this.dirReady = true;
      }
      while (this.lines.length > 0) {
        const chunk = `${this.lines.join('\n')}\n`;
        this.lines = [];
        await appendFile(this.file, chunk, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
      }
    } catch (err) {
      this.failed = true;
      this.lines = [];
      this.opts.logger.log('warn', 'recording stopped: write failed', {
        file: this.file,
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      this.inFlight = null;
    }
  }
}

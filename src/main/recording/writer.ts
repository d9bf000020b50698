/**
 * Writes one recording folder (docs/recording-format.md) while a session runs. Nothing on the
 * event or audio path waits on the disk: pushEvent and pushAudio only queue, and one drain loop
 * writes what gathered (while one write is in flight the next batch gathers — the approach of
 * the v1 recorder). Audio is placed on the event clock when it is pushed (wav-track.ts), so the
 * queue holds ready sample runs. The first write error stops the recording: onFailure is called
 * once, the manifest gets `disk_error` if it can still be written, and nothing throws.
 */
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineEvent } from '../../shared/engine-events';
import {
  AGENT_WAV,
  EVENT_INDEX_STRIDE,
  EVENTS_FILE,
  INDEX_FILE,
  RECORDING_FORMAT,
  RECORDING_FORMAT_VERSION,
  USER_WAV,
  type RecordingManifest,
} from '../../shared/recording';
import { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../private-files';
import type { AudioTrackName, PcmChunk, RecordingEnd, RecordingWriter, RecordingWriterOptions } from './api';
import { checkRecordingId } from './errors';
import { writeManifestAtomically } from './manifest';
import { countEvent, emptyStats } from './stats';
import { TrackAligner } from './wav-track';
import { patchWavSizes, wavHeader, WAV_HEADER_BYTES } from './wav-file';
import { errorText } from '../engine';

const TITLE_CHARS = 80;

/** `<YYYYMMDD-HHMMSS>-<sessionId>`, UTC, so folder names sort by start time. */
export function recordingIdFor(startedAtMs: number, sessionId: string): string {
  const iso = new Date(startedAtMs).toISOString(); // 2026-12-07T10:20:30.123Z
  return `${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${sessionId}`;
}

interface Track {
  aligner: TrackAligner;
  file: string;
  fh: FileHandle | null;
  runs: Int16Array[];
  bytesWritten: number;
  overlapWarned: boolean;
  refusedWarned: boolean;
}

export function createRecordingWriter(opts: RecordingWriterOptions): RecordingWriter {
  return new FolderRecordingWriter(opts);
}

class FolderRecordingWriter implements RecordingWriter {
  readonly id: string;
  readonly path: string;
  private readonly manifest: RecordingManifest;
  private readonly stats = emptyStats();
  private lines: string[] = [];
  private indexLines: string[] = [];
  private bytesQueued = 0;
  private lastT: number;
  private firstUserWords: string | null = null;
  private manifestDirty = true;
  private readonly tracks: Record<AudioTrackName, Track>;
  private eventsFh: FileHandle | null = null;
  private indexFh: FileHandle | null = null;
  private inFlight: Promise<void> | null = null;
  private failed = false;
  private closing: Promise<void> | null = null;
  private closed = false;
  /** Which file the drain is writing, for the failure message. */
  private current = '';

  constructor(private readonly opts: RecordingWriterOptions) {
    this.id = recordingIdFor(opts.startedAtMs, opts.sessionId);
    checkRecordingId(this.id);
    this.path = join(opts.dir, this.id);
    this.lastT = opts.startedAtT;
    const track = (file: string): Track => ({
      aligner: new TrackAligner(),
      file: join(this.path, file),
      fh: null,
      runs: [],
      bytesWritten: 0,
      overlapWarned: false,
      refusedWarned: false,
    });
    this.tracks = { user: track(USER_WAV), agent: track(AGENT_WAV) };
    this.manifest = {
      format: RECORDING_FORMAT,
      version: RECORDING_FORMAT_VERSION,
      appVersion: opts.appVersion,
      id: this.id,
      sessionId: opts.sessionId,
      startedAt: new Date(opts.startedAtMs).toISOString(),
      startedAtT: opts.startedAtT,
      endedAt: null,
      endReason: null,
      durationMs: null,
      inputKind: opts.inputKind,
      agents: [...opts.agents],
      providers: opts.providers.map((p) => ({ ...p })),
      config: redactedCopy(opts.config, opts.redact),
      audio: { user: null, agent: null },
      stats: null,
      source: opts.source ?? null,
      title: titleOf(opts.agents, null),
    };
    this.kick();
  }

  pushEvent(ev: EngineEvent): void {
    if (this.closing || this.failed) return;
    const line = `${JSON.stringify(ev)}\n`;
    const index = this.stats.eventCount;
    if (index % EVENT_INDEX_STRIDE === 0)
      this.indexLines.push(`${JSON.stringify([index, this.bytesQueued, ev.t, { ...this.stats }])}\n`);
    countEvent(this.stats, ev);
    if (typeof ev.t === 'number' && Number.isFinite(ev.t)) this.lastT = ev.t;
    if (
      this.firstUserWords === null &&
      ev.type === 'conversation_item_added' &&
      ev.item.type === 'message' &&
      ev.item.role === 'user'
    )
      this.firstUserWords = ev.item.content;
    this.lines.push(line);
    this.bytesQueued += Buffer.byteLength(line);
    this.kick();
  }

  pushAudio(track: AudioTrackName, tMs: number, chunk: PcmChunk): void {
    if (this.closing || this.failed) return;
    const t = this.tracks[track];
    const placed = t.aligner.place(tMs, chunk);
    if ('refused' in placed) {
      if (!t.refusedWarned)
        this.opts.logger.log('warn', 'recording: audio chunk skipped', { track, reason: placed.refused });
      t.refusedWarned = true;
      return;
    }
    if (placed.started) {
      const { sampleRate, offsetMs } = t.aligner.start!;
      this.manifest.audio[track] = {
        file: track === 'user' ? USER_WAV : AGENT_WAV,
        sampleRate,
        channels: 1,
        offsetMs,
      };
      this.manifestDirty = true;
    }
    if (t.aligner.droppedSamples > 0 && !t.overlapWarned) {
      t.overlapWarned = true;
      this.opts.logger.log('warn', 'recording: audio overlapping what was already recorded was dropped', {
        track,
        atMs: tMs,
      });
    }
    t.runs.push(...placed.runs);
    this.kick();
  }

  close(end: RecordingEnd): Promise<void> {
    this.closing ??= (async () => {
      // Everything queued goes out first; only then does the manifest say the recording ended.
      while (this.inFlight) await this.inFlight;
      this.closed = true;
      if (!this.failed) {
        const m = this.manifest;
        m.endedAt = new Date(end.endedAtMs).toISOString();
        m.endReason = end.reason;
        m.durationMs = Math.max(0, end.endT - m.startedAtT);
        try {
          for (const t of Object.values(this.tracks)) {
            if (!t.fh) continue;
            this.current = t.file;
            await patchWavSizes(t.fh, t.bytesWritten);
          }
          this.current = join(this.path, 'manifest.json');
          this.finishManifest();
          await writeManifestAtomically(this.path, this.manifest);
        } catch (err) {
          await this.fail(err);
        }
      }
      await this.closeFiles();
    })();
    return this.closing;
  }

  private kick(): void {
    if (this.failed || this.closed) return;
    this.inFlight ??= this.drain();
  }

  private async drain(): Promise<void> {
    // Let the current synchronous burst gather before the first write.
    await Promise.resolve();
    try {
      if (!this.eventsFh) await this.openFolder();
      while (this.hasWork()) {
        if (this.manifestDirty) {
          this.manifestDirty = false;
          this.current = join(this.path, 'manifest.json');
          this.finishManifest();
          await writeManifestAtomically(this.path, this.manifest);
        }
        for (const t of Object.values(this.tracks)) await this.writeTrack(t);
        if (this.lines.length > 0) {
          const chunk = this.lines.join('');
          const index = this.indexLines.join('');
          this.lines = [];
          this.indexLines = [];
          this.current = join(this.path, EVENTS_FILE);
          await this.eventsFh!.write(chunk, null, 'utf8');
          if (index) {
            this.current = join(this.path, INDEX_FILE);
            await this.indexFh!.write(index, null, 'utf8');
          }
        }
      }
    } catch (err) {
      await this.fail(err);
    } finally {
      this.inFlight = null;
    }
  }

  private hasWork(): boolean {
    return (
      !this.failed &&
      (this.manifestDirty ||
        this.lines.length > 0 ||
        this.tracks.user.runs.length > 0 ||
        this.tracks.agent.runs.length > 0)
    );
  }

  private async openFolder(): Promise<void> {
    this.current = this.opts.dir;
    await ensurePrivateDir(this.opts.dir, this.opts.logger);
    this.current = this.path;
    await mkdir(this.path, { mode: PRIVATE_DIR_MODE });
    this.current = join(this.path, EVENTS_FILE);
    this.eventsFh = await open(this.current, 'a', PRIVATE_FILE_MODE);
    this.current = join(this.path, INDEX_FILE);
    this.indexFh = await open(this.current, 'a', PRIVATE_FILE_MODE);
  }

  private async writeTrack(t: Track): Promise<void> {
    if (t.runs.length === 0) return;
    const runs = t.runs;
    t.runs = [];
    this.current = t.file;
    if (!t.fh) {
      const { sampleRate } = t.aligner.start!;
      t.fh = await open(t.file, 'w', PRIVATE_FILE_MODE);
      await t.fh.write(wavHeader(sampleRate, 1, 0), 0, WAV_HEADER_BYTES, 0);
    }
    const bytes = Buffer.concat(runs.map((r) => Buffer.from(r.buffer, r.byteOffset, r.byteLength)));
    await t.fh.write(bytes, 0, bytes.length, WAV_HEADER_BYTES + t.bytesWritten);
    t.bytesWritten += bytes.length;
  }

  private finishManifest(): void {
    this.manifest.title = titleOf(this.manifest.agents, this.firstUserWords);
    if (this.manifest.endedAt !== null) this.manifest.stats = { ...this.stats };
  }

  private async fail(err: unknown): Promise<void> {
    if (this.failed) return;
    this.failed = true;
    this.lines = [];
    this.indexLines = [];
    for (const t of Object.values(this.tracks)) t.runs = [];
    const message = `recording stopped: writing ${this.current} failed (${errorText(err)})`;
    this.opts.logger.log('warn', 'recording stopped: write failed', {
      file: this.current,
      error: errorText(err),
    });
    try {
      this.opts.onFailure?.(message);
    } catch (cbErr) {
      this.opts.logger.log('warn', 'recording: onFailure threw', { error: errorText(cbErr) });
    }
    // The events up to the last one queued may not all be on disk; the manifest says disk_error
    // and the reader counts what the events file really holds.
    const m = this.manifest;
    m.endedAt = new Date((this.opts.now ?? Date.now)()).toISOString();
    m.endReason = 'disk_error';
    m.durationMs = Math.max(0, this.lastT - m.startedAtT);
    m.stats = null;
    try {
      await writeManifestAtomically(this.path, m);
    } catch {
      // The folder may be gone or the disk full: the failure was already reported.
    }
    await this.closeFiles();
  }

  private async closeFiles(): Promise<void> {
    const handles = [this.eventsFh, this.indexFh, this.tracks.user.fh, this.tracks.agent.fh];
    this.eventsFh = this.indexFh = this.tracks.user.fh = this.tracks.agent.fh = null;
    for (const fh of handles) await fh?.close().catch(() => undefined);
  }
}

function redactedCopy(config: unknown, redact: (s: string) => string): unknown {
  if (config === undefined) return null;
  const text = redact(JSON.stringify(config) ?? 'null');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The redactor cut through JSON syntax: keep its output as text rather than the secrets.
    return text;
  }
}

function titleOf(agents: string[], firstUserWords: string | null): string {
  const agent = agents[0] ?? 'session';
  const words = firstUserWords?.replace(/\s+/g, ' ').trim();
  const title = words ? `${agent}: ${words}` : agent;
  return title.length > TITLE_CHARS ? `${title.slice(0, TITLE_CHARS - 1)}…` : title;
}

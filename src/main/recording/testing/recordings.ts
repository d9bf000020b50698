/** Helpers for the recording module's tests: writer options, event makers, a folder made by hand. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { testDir } from '../../../../tests/fixtures/temp-dirs';
import type { EngineEvent } from '../../../shared/engine-events';
import {
  EVENT_INDEX_STRIDE,
  EVENTS_FILE,
  INDEX_FILE,
  MANIFEST_FILE,
  RECORDING_FORMAT,
  type RecordingManifest,
} from '../../../shared/recording';
import { createMemoryLogger, redactSecretPatterns } from '../../log';
import type { RecordingWriterOptions } from '../api';
import { countEvent, emptyStats } from '../stats';

/** A folder for the running test, removed when it finishes. */
export const scratch = (): string => testDir('recording-');

/** 2026-01-02 03:04:05 UTC. */
export const STARTED_AT_MS = Date.UTC(2026, 0, 2, 3, 4, 5);

export function writerOptions(
  dir: string,
  over: Partial<RecordingWriterOptions> = {},
): RecordingWriterOptions {
  return {
    dir,
    sessionId: 'session_ab12cd34',
    startedAtMs: STARTED_AT_MS,
    startedAtT: 1000,
    inputKind: 'demo',
    config: { agent: { name: 'Greeter' }, providers: { llm: { apiKey: 'sk-abcdefghijklmnopqrstuvwx' } } },
    agents: ['Greeter'],
    providers: [{ slot: 'llm', provider: 'simulated' }],
    appVersion: '0.0.0-test',
    redact: redactSecretPatterns,
    logger: createMemoryLogger(),
    ...over,
  };
}

/** Event i of a synthetic session: every 100th a user turn, plus interruptions, tools and errors. */
export function eventAt(i: number, t: number): EngineEvent {
  if (i % 100 === 1)
    return {
      t,
      type: 'conversation_item_added',
      item: {
        type: 'message',
        id: `m${i}`,
        role: 'user',
        content: `hello ${i}`,
        interrupted: false,
        createdAt: t,
      },
    };
  if (i % 250 === 2) return { t, type: 'interruption', speechId: `s${i}`, cause: 'vad', paused: true };
  if (i % 500 === 3) return { t, type: 'agent_false_interruption', resumed: true };
  if (i % 300 === 4)
    return {
      t,
      type: 'tool_execution',
      phase: 'start',
      callId: `c${i}`,
      name: 'weather',
      speechId: null,
      arguments: '{}',
    };
  if (i % 700 === 5) return { t, type: 'error', source: 'llm', message: 'boom', recoverable: true };
  return {
    t,
    type: 'vad_inference',
    probability: 0.5,
    speechDurationMs: 0,
    silenceDurationMs: i,
    speaking: false,
  };
}

export function statsOf(events: EngineEvent[]) {
  const s = emptyStats();
  for (const e of events) countEvent(s, e);
  return s;
}

export function manifestFor(id: string, over: Partial<RecordingManifest> = {}): RecordingManifest {
  return {
    format: RECORDING_FORMAT,
    version: 2,
    appVersion: '0.0.0-test',
    id,
    sessionId: id.slice(16) || 'session',
    startedAt: '2026-01-02T03:04:05.000Z',
    startedAtT: 0,
    endedAt: '2026-01-02T03:05:05.000Z',
    endReason: 'stopped',
    durationMs: 60_000,
    inputKind: 'demo',
    agents: ['Greeter'],
    providers: [],
    config: {},
    audio: { user: null, agent: null },
    stats: { eventCount: 0, turns: 0, interruptions: 0, falseInterruptions: 0, toolCalls: 0, errors: 0 },
    source: null,
    title: 'Greeter',
    ...over,
  };
}

/**
 * Writes a recording folder by hand (fast, for large sizes): `count` events 10 ms apart from
 * t0, the index as the writer writes it, and the manifest given.
 */
export function writeFolder(
  dir: string,
  id: string,
  count: number,
  manifest: RecordingManifest,
  { index = true, t0 = 0 } = {},
): { lastT: number; stats: ReturnType<typeof emptyStats> } {
  const folder = join(dir, id);
  mkdirSync(folder, { recursive: true });
  const lines: string[] = [];
  const idx: string[] = [];
  const stats = emptyStats();
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const ev = eventAt(i, t0 + i * 10);
    const line = `${JSON.stringify(ev)}\n`;
    if (i % EVENT_INDEX_STRIDE === 0) idx.push(`${JSON.stringify([i, offset, ev.t, { ...stats }])}\n`);
    countEvent(stats, ev);
    lines.push(line);
    offset += Buffer.byteLength(line);
  }
  writeFileSync(join(folder, EVENTS_FILE), lines.join(''));
  if (index) writeFileSync(join(folder, INDEX_FILE), idx.join(''));
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(manifest));
  return { lastT: t0 + (count - 1) * 10, stats };
}

/** Waits until `file` holds `lines` complete lines (the writer writes in the background). */
export async function untilLines(file: string, lines: number): Promise<void> {
  await vi.waitFor(
    () => {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        /* not there yet */
      }
      if (text.split('\n').length - 1 < lines) throw new Error(`${file}: fewer than ${lines} lines`);
    },
    { timeout: 10_000, interval: 5 },
  );
}

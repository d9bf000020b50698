/**
 * Version 1 recordings on disk may be cut short by a crash or edited by hand: whatever a file holds,
 * parseRecording returns the whole recording or throws a RecordingError naming the file and the
 * line — never a partial list, never an internal error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRecording, RecordingError, V1_VERSION as RECORDING_VERSION } from '../../src/main/recording';
import { anyJson, fuzzParams, withinBudget } from './fuzz-support';

const config = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'resources', 'demo', 'demo-config.json'), 'utf8'),
) as unknown;

const eventLine = fc.oneof(
  fc.record({ type: fc.constantFrom('agent_state_changed', 'user_state_changed', 'metrics'), t: fc.nat() }),
  fc.record({ type: fc.string(), t: fc.oneof(fc.nat(), fc.string()) }),
  anyJson,
);

/** A well-formed recording, then damaged: lines dropped, replaced, or the text cut anywhere. */
const recordingText = fc
  .record({
    events: fc.array(eventLine, { maxLength: 20 }),
    withEnd: fc.boolean(),
    damage: fc.array(fc.tuple(fc.nat(), fc.oneof(anyJson, fc.string())), { maxLength: 3 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    header: fc.oneof(
      fc.constant({ version: RECORDING_VERSION, sessionId: 's1', createdAt: '2026-12-07T00:00:00Z', config }),
      anyJson,
    ),
  })
  .map(({ events, withEnd, damage, cut, header }) => {
    const lines = [header, ...events].map((v) => JSON.stringify(v));
    if (withEnd)
      lines.push(JSON.stringify({ type: 'recording_end', durationMs: 1000, eventCount: events.length }));
    for (const [at, v] of damage)
      if (lines.length > 0) lines[at % lines.length] = typeof v === 'string' ? v : JSON.stringify(v);
    const text = lines.join('\n') + '\n';
    return cut === undefined ? text : text.slice(0, cut % (text.length + 1));
  });

function check(text: string): void {
  try {
    const rec = parseRecording('fuzz.jsonl', 'fuzz', text);
    if (rec.end) expect(rec.events).toHaveLength(rec.end.eventCount);
    for (const e of rec.events) expect(typeof e.type).toBe('string');
  } catch (err) {
    if (!(err instanceof RecordingError))
      expect.fail(`parseRecording threw ${String(err)} instead of a RecordingError`);
    expect(err.message).toMatch(/fuzz\.jsonl/);
  }
}

describe('recordings reader under damaged files', () => {
  it('damaged recordings: the whole recording or a RecordingError naming file and line', async () => {
    await fc.assert(
      fc.asyncProperty(recordingText, async (t) => withinBudget('parseRecording', () => check(t))),
      fuzzParams(300),
    );
  });

  it('arbitrary text: a RecordingError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (t) =>
        withinBudget('parseRecording', () => check(t)),
      ),
      fuzzParams(100),
    );
  });
});

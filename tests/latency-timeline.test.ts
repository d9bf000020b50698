/**
 * The per-turn latency timeline on real engine runs (scenario runner, virtual clock): for the
 * demo, typed-text turns, microphone-like turns, preemptive turns and queued replies, named
 * segments account for at least 95 % of the silence the user heard, no segment ends after the
 * turn's end, and the parts each kind is about are there. (Here rather than next to the builder:
 * shared/ may not import the engine, and this test drives both.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../src/shared/engine-events';
import { executeScenario, parseScenario } from '../src/main/simulation/index';
import { buildTurnTimelines, type TurnTimeline } from '../src/shared/turn-timeline';

const root = resolve(import.meta.dirname, '..');

async function run(json: unknown, name: string): Promise<EngineEvent[]> {
  const loaded = parseScenario(json, name);
  if (!loaded.ok)
    throw new Error(`${name}: ${loaded.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  const result = await executeScenario(loaded.scenario);
  if (result.runFailures.length > 0) throw new Error(result.runFailures.map((f) => f.message).join('; '));
  return result.record.events;
}

const file = (path: string): unknown => JSON.parse(readFileSync(resolve(root, path), 'utf8'));

function expectExplained(turns: readonly TurnTimeline[]): void {
  const answered = turns.filter((t) => t.e2eMs !== null);
  expect(answered.length).toBeGreaterThan(0);
  for (const t of answered) {
    expect(t.coverage, `turn ${t.index} (${t.id}) coverage`).toBeGreaterThanOrEqual(0.95);
    for (const s of t.segments) {
      expect(s.endMs, `${s.label} of turn ${t.index}`).toBeLessThanOrEqual(t.e2eMs! + 1e-9);
      expect(s.startMs).toBeGreaterThanOrEqual(0);
      expect(s.label).not.toMatch(/unexplained/i);
    }
  }
}

const kinds = (t: TurnTimeline) => new Set(t.segments.map((s) => s.kind));

const base = { agent: { instructions: 'You are a helpful assistant.' }, drainAfterMs: 3000 };

describe('latency timeline on engine runs', () => {
  it('explains every spoken turn of the demo', async () => {
    const turns = buildTurnTimelines(await run(file('resources/demo/demo.scenario.json'), 'demo'));
    expect(turns.map((t) => t.anchor)).toEqual(Array(4).fill('user_stopped'));
    expectExplained(turns);
    // Turn 1: the user stopped at 6000, the decision came at 6500, the preamble's audio at 7300.
    const first = turns[0];
    expect(first.startAt).toBeCloseTo(6000, 0);
    expect(first.e2eMs).toBeCloseTo(1300, 0);
    const eot = first.segments.find((s) => s.kind === 'eot_decision')!;
    expect(eot.endMs).toBeCloseTo(500, 0);
    expect(first.segments.find((s) => s.kind === 'transcription')).toMatchObject({ nested: true });
    expect(kinds(first)).toEqual(
      new Set([
        'eot_decision',
        'transcription',
        'llm_ttft',
        'llm_stream',
        'sentence_wait',
        'tts_ttfb',
        'tool',
      ]),
    );
  });

  it('explains typed-text turns from the moment the reply was asked for', async () => {
    const events = await run(
      {
        ...base,
        name: 'text turns',
        script: [
          { llm: { input: 'hi', content: 'Hello there.', ttftMs: 150, durationMs: 400 } },
          { tts: { audioDurationMs: 1000, ttfbMs: 250, durationMs: 300 } },
          { llm: { input: 'again', content: 'Sure.', ttftMs: 80, durationMs: 120 } },
          { tts: { audioDurationMs: 500, ttfbMs: 100, durationMs: 200 } },
        ],
        actions: [
          { atMs: 500, generateReply: { userInput: 'hi' } },
          { atMs: 4000, generateReply: { userInput: 'again' } },
        ],
      },
      'text',
    );
    const turns = buildTurnTimelines(events);
    expect(turns.map((t) => t.anchor)).toEqual(['reply_requested', 'reply_requested']);
    expectExplained(turns);
    expect(turns[0].e2eMs).toBeCloseTo(650, 0); // ttft 150 + rest of stream 250 + ttfb 250
    expect(kinds(turns[0])).toEqual(new Set(['llm_ttft', 'llm_stream', 'sentence_wait', 'tts_ttfb']));
  });

  it('explains a microphone turn whose final transcript lands after the end of speech', async () => {
    const events = await run(
      {
        ...base,
        name: 'mic-like turn',
        script: [
          { userSpeech: { startMs: 500, endMs: 2000, transcript: 'what time is it', sttDelayMs: 900 } },
          { llm: { content: 'It is noon.', ttftMs: 100, durationMs: 300 } },
          { tts: { audioDurationMs: 800, ttfbMs: 200, durationMs: 300 } },
        ],
      },
      'mic',
    );
    const [turn] = buildTurnTimelines(events);
    expectExplained([turn]);
    expect(turn.startAt).toBeCloseTo(2000, 0);
    const eot = turn.segments.find((s) => s.kind === 'eot_decision')!;
    const transcription = turn.segments.find((s) => s.kind === 'transcription')!;
    // The decision waited for the late transcript: it holds the whole transcription delay.
    expect(transcription.endMs).toBeCloseTo(900, 0);
    expect(eot.endMs).toBeGreaterThanOrEqual(transcription.endMs);
  });

  it('draws a preemptive request as a parallel bar that starts before the decision', async () => {
    const turns = buildTurnTimelines(
      await run(file('tests/scenarios/extra/04-preemptive-generation-used.scenario.json'), 'preemptive'),
    );
    expect(turns).toHaveLength(1);
    const [turn] = turns;
    expectExplained(turns);
    expect(turn.preemptive).toBe(true);
    const eot = turn.segments.find((s) => s.kind === 'eot_decision')!;
    const llm = turn.segments.find((s) => s.kind === 'llm_ttft')!;
    expect(llm.label).toContain('preemptive');
    expect(llm.startMs).toBeLessThan(eot.endMs);
    expect(turn.e2eMs).toBeCloseTo(600, 0);
  });

  it('names the pause of a reply held by a false interruption before it spoke', async () => {
    const turns = buildTurnTimelines(
      await run(
        file('tests/scenarios/08-false-interruption-before-speaking-resumes.scenario.json'),
        'paused',
      ),
    );
    expectExplained(turns);
    const paused = turns[0].segments.find((s) => s.kind === 'paused')!;
    expect(paused.label).toContain('resumed as a false one');
    expect(paused.endMs).toBeCloseTo(turns[0].e2eMs!, 0);
    expect(turns[0].segments.some((s) => s.kind === 'playout')).toBe(false);
  });

  it('explains a reply that waited in the speech queue behind the one playing', async () => {
    const events = await run(
      {
        ...base,
        name: 'queued reply',
        script: [
          { llm: { input: 'first', content: 'A long first answer.', ttftMs: 100, durationMs: 200 } },
          { tts: { audioDurationMs: 3000, ttfbMs: 200, durationMs: 300 } },
          { llm: { input: 'second', content: 'The second answer.', ttftMs: 100, durationMs: 200 } },
          { tts: { audioDurationMs: 500, ttfbMs: 200, durationMs: 300 } },
        ],
        actions: [
          { atMs: 500, generateReply: { userInput: 'first' } },
          { atMs: 1000, generateReply: { userInput: 'second' } },
        ],
      },
      'queued',
    );
    const turns = buildTurnTimelines(events);
    expect(turns).toHaveLength(2);
    expectExplained(turns);
    const second = turns[1];
    expect(second.queued).toBe(true);
    const wait = second.segments.find((s) => s.kind === 'queue_wait')!;
    expect(wait.label).toContain(`behind ${turns[0].id}`);
    expect(wait.endMs - wait.startMs).toBeGreaterThan(0.9 * second.e2eMs!);
  });
});

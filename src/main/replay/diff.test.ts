import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { executeScenario, loadScenarioFile } from '../simulation';
import type { Scenario } from '../simulation/scenario-loader';
import { checkThresholds, diffRecordings, formatDiffTable, type DiffSide } from './diff';
import { alignTurns, type TurnFacts } from './turns';

const DEMO = join(__dirname, '..', '..', '..', 'resources', 'demo', 'demo.scenario.json');

async function demoEvents(patch: (s: Scenario) => Scenario = (s) => s): Promise<EngineEvent[]> {
  const loaded = await loadScenarioFile(DEMO);
  if (!loaded.ok) throw new Error('demo invalid');
  return (await executeScenario(patch(loaded.scenario))).record.events;
}

const side = (id: string, events: EngineEvent[], agents = ['default_agent']): DiffSide => ({
  id,
  path: `/rec/${id}`,
  agents,
  events,
});

const turn = (transcript: string): TurnFacts => ({
  index: 0,
  transcript,
  typed: false,
  endOfTurnMs: 0,
  eouDelayMs: null,
  e2eLatencyMs: null,
  llmTtftMs: null,
  ttsTtfbMs: null,
  interruptions: 0,
  falseInterruptions: 0,
  reply: '',
  replyInterrupted: false,
  toolCalls: [],
});

describe('diff', () => {
  it('two runs of the same session: every turn matched, nothing changed, thresholds pass', async () => {
    const a = await demoEvents();
    const report = diffRecordings(side('a', a), side('b', a));
    expect(report.summary).toMatchObject({ matchedTurns: 4, onlyInA: 0, onlyInB: 0, changedReplies: 0 });
    expect(report.summary.a.falseInterruptions).toBe(1);
    expect(report.summary.a.interruptions).toBe(2);
    expect(report.turns[0].a).toMatchObject({
      e2eLatencyMs: 1300,
      llmTtftMs: expect.closeTo(300, 0),
      endOfTurnMs: expect.closeTo(6500, 0),
    });
    expect(checkThresholds(report, { maxLatencyRegression: 0.2, failOnChangedReplies: true })).toEqual({
      failed: false,
      reasons: [],
    });
    expect(report.warnings).toEqual([]);
  });

  it('a later endpointing delay shows as a later end of turn and a latency regression past 20%', async () => {
    const a = await demoEvents();
    const b = await demoEvents((s) => ({ ...s, options: { ...s.options, minEndpointingDelayMs: 1500 } }));
    const report = diffRecordings(side('a', a), side('b', b));
    expect(report.turns[0].delta.endOfTurnMs).toBeCloseTo(1000, 0);
    expect(report.summary.b.medianEouDelayMs).toBeCloseTo(1500, 0);
    const verdict = checkThresholds(report, { maxLatencyRegression: 0.2 });
    expect(verdict.failed).toBe(true);
    expect(verdict.reasons[0]).toMatch(/median e2e latency rose/);
    expect(checkThresholds(report, { maxLatencyRegression: 5 }).failed).toBe(false);
    const table = formatDiffTable(report);
    expect(table).toMatch(/6500→7500/);
  });

  it('changed replies fail --fail-on-changed-replies and are printed A and B', async () => {
    const a = await demoEvents();
    const b = await demoEvents((s) => ({
      ...s,
      llmResponses: s.llmResponses.map((r) =>
        r.input === "Great, thanks. That's all!" ? { ...r, content: 'Bye now!' } : r,
      ),
      ttsResponses: [
        ...s.ttsResponses,
        { input: 'Bye now!', audioDurationMs: 1000, ttfbMs: 200, durationMs: 300 },
      ],
    }));
    const report = diffRecordings(side('a', a), side('b', b));
    expect(report.summary.changedReplies).toBe(1);
    expect(checkThresholds(report, { failOnChangedReplies: true }).failed).toBe(true);
    expect(formatDiffTable(report)).toMatch(/turn 4 reply B: Bye now!/);
  });

  it('says so when the recordings are of different agents', async () => {
    const a = await demoEvents();
    const report = diffRecordings(side('a', a), side('b', a, ['billing']));
    expect(report.warnings[0]).toMatch(/different agents \(A: default_agent; B: billing\)/);
    expect(formatDiffTable(report)).toMatch(/^warning: A and B are recordings of different agents/);
  });

  it('aligns turns by transcript: an extra turn in B is only in B, the rest stay paired', () => {
    const pairs = alignTurns(
      [turn('hi'), turn('weather?'), turn('bye')],
      [turn('Hi!'), turn('um'), turn('weather'), turn('bye')],
    );
    expect(pairs.map(([a, b]) => [a?.transcript ?? null, b?.transcript ?? null])).toEqual([
      ['hi', 'Hi!'],
      [null, 'um'],
      ['weather?', 'weather'],
      ['bye', 'bye'],
    ]);
  });
});

// Why: `npm run bench` must report a run that did not do what the workload prescribes as INVALID
// instead of timing it (issue 13, bad input), and grade the issue-13 targets from the pooled
// numbers. These check that logic (bench/engine-stats.mjs, bench/engine-targets.mjs) on made-up
// child results: no timing is measured or asserted here.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const load = (file: string) => import(pathToFileURL(path.resolve(__dirname, '..', 'bench', file)).href);
const WORKLOAD = { audio: { ttsAudioMs: 500, frameMs: 20 } };

const turn = (over: Record<string, unknown> = {}) => ({
  overhead_ms: 1,
  wall_ms: 1,
  tts_frame_to_capture_all_ms: [0.1, 0.2],
  frames_produced: 25,
  frames_captured: 25,
  llm_calls: 1,
  ...over,
});
const turnRun = (turns: unknown[]) => ({ config: { turns: turns.length }, startup_ms: 1, turns });
const trialRun = (trials: unknown[]) => ({ config: { trials: trials.length }, startup_ms: 1, trials });

describe('bench sanity checks', () => {
  it('accepts runs that did what the workload says', async () => {
    const { checkRun } = await load('engine-stats.mjs');
    expect(checkRun('text_turn', turnRun([turn(), turn()]), WORKLOAD)).toEqual([]);
    const trial = { interrupt_to_clear_ms: 0.3, interrupted_flag: true, trial_wall_ms: 50 };
    expect(checkRun('interrupt_api', trialRun([trial]), WORKLOAD)).toEqual([]);
  });

  it('names wrong frame counts, LLM calls, missing interruptions and clearBuffer()', async () => {
    const { checkRun } = await load('engine-stats.mjs');
    const bad = checkRun(
      'text_turn',
      turnRun([turn({ frames_captured: 24 }), turn({ llm_calls: 2 })]),
      WORKLOAD,
    );
    expect(bad).toEqual([
      '1 of 2 turns had frames_captured other than 25',
      '1 of 2 turns had llm_calls other than 1',
    ]);
    const trials = [
      { interrupt_to_clear_ms: Number.NaN, interrupted_flag: false, trial_wall_ms: 50 },
      { interrupt_to_clear_ms: 0.2, interrupted_flag: true, trial_wall_ms: 50 },
    ];
    expect(checkRun('interrupt_vad', trialRun(trials), WORKLOAD)).toEqual([
      '1 trials did not report an interrupted playback',
      '1 trials saw no clearBuffer() after the trigger',
    ]);
  });

  it('grades an invalid scenario INVALID and prints no numbers for it', async () => {
    const { aggregate } = await load('engine-stats.mjs');
    const { evaluateTargets, engineMarkdown } = await load('engine-targets.mjs');
    const ours = aggregate('text_turn', [turnRun([turn({ overhead_ms: 1 })])]);
    const theirs = aggregate('text_turn', [turnRun([turn({ overhead_ms: 10 })])]);
    const result = {
      rounds: 1,
      quick: false,
      order: 'ours, then agents-js',
      node: 'v20',
      machine: { cpus: 2, cpuModel: 'cpu', loadavg: { before: [1, 1, 1], after: [1, 1, 1] } },
      engines: { ours: { engine: 'ours', version: '1' }, theirs: { engine: 'agents-js', version: '1.9.0' } },
      scenarios: {
        text_turn: { valid: true, problems: [], ours, theirs },
        stt_turn: { valid: false, problems: ['agents-js round 1: no interruption'], ours, theirs },
      },
    };
    const targets = evaluateTargets(result);
    const status = (id: string) => targets.find((t: { id: string }) => t.id === id)?.status;
    expect(status('text_turn.overhead_ms.median')).toBe('PASS'); // 1 / 10 = 0.1x <= 0.15x
    expect(status('stt_turn.overhead_ms.median')).toBe('INVALID');
    expect(status('interrupt_api.interrupt_to_clear_ms.median')).toBe('not run');
    const md: string = engineMarkdown({ ...result, targets });
    expect(md).toContain('| stt_turn | all metrics | INVALID |');
    expect(md).toContain('- stt_turn: agents-js round 1: no interruption');
  });
});

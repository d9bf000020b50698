// Why: the peer driver's own summary pools the runs of ONE engine; the same-run comparison needs
// the raw per-turn samples of both engines pooled per engine across the alternating rounds, and a
// check that each run did what the workload prescribes (a run that did not is not timed).
// Statistics follow the driver's: nearest-rank quantiles over all pooled samples.

export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function summarize(xs) {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return { n: 0, median: NaN, p95: NaN };
  return { n: v.length, median: quantile(v, 0.5), p95: quantile(v, 0.95), max: v[v.length - 1] };
}

export const TURN_METRICS = [
  'overhead_ms',
  'wall_ms',
  'input_to_llm_ms',
  'tts_first_frame_to_capture_ms',
  'tts_frame_to_capture_all_ms',
  'input_to_first_audio_ms',
  'cpu_ms',
];
const values = (turn, k) => (Array.isArray(turn[k]) ? turn[k] : [turn[k]]);

/** What is wrong with one child run of `scenario` (empty when it did what the workload says). */
export function checkRun(scenario, run, workload) {
  const problems = [];
  const cfg = run.config;
  if (run.turns) {
    const frames =
      scenario === 'run_text_only' ? 0 : Math.round(workload.audio.ttsAudioMs / workload.audio.frameMs);
    if (run.turns.length !== cfg.turns)
      problems.push(`${run.turns.length} turns measured, ${cfg.turns} expected`);
    const bad = (k, want) => run.turns.filter((t) => t[k] !== want).length;
    for (const [k, want] of [
      ['frames_produced', frames],
      ['frames_captured', frames],
      ['llm_calls', 1],
    ]) {
      const n = bad(k, want);
      if (n) problems.push(`${n} of ${run.turns.length} turns had ${k} other than ${want}`);
    }
  }
  if (run.trials) {
    if (run.trials.length !== cfg.trials)
      problems.push(`${run.trials.length} trials, ${cfg.trials} expected`);
    const notInterrupted = run.trials.filter((t) => !t.interrupted_flag).length;
    if (notInterrupted) problems.push(`${notInterrupted} trials did not report an interrupted playback`);
    const noClear = run.trials.filter((t) => !(t.interrupt_to_clear_ms >= 0)).length;
    if (noClear) problems.push(`${noClear} trials saw no clearBuffer() after the trigger`);
  }
  if (run.samples) {
    const last = run.samples[run.samples.length - 1];
    if (last.turn !== cfg.turns)
      problems.push(`memory loop ended at turn ${last.turn}, ${cfg.turns} expected`);
  }
  return problems;
}

/** Pooled statistics of one engine's runs of one scenario, plus each round's own figures. */
export function aggregate(scenario, runs) {
  const first = runs[0];
  const agg = { runs: runs.length, startup_ms: summarize(runs.map((r) => r.startup_ms)) };
  if (first.turns) {
    agg.turns_per_run = first.turns.length;
    agg.metrics = {};
    for (const k of TURN_METRICS) {
      const perRun = runs.map((r) => summarize(r.turns.flatMap((t) => values(t, k))));
      agg.metrics[k] = {
        ...summarize(runs.flatMap((r) => r.turns.flatMap((t) => values(t, k)))),
        perRound: perRun.map((x) => ({ median: x.median, p95: x.p95 })),
      };
    }
  }
  if (first.trials) {
    agg.trials_per_run = first.trials.length;
    agg.metrics = {};
    for (const k of ['interrupt_to_clear_ms', 'trial_wall_ms']) {
      const perRun = runs.map((r) => summarize(r.trials.map((t) => t[k])));
      agg.metrics[k] = {
        ...summarize(runs.flatMap((r) => r.trials.map((t) => t[k]))),
        perRound: perRun.map((x) => ({ median: x.median, p95: x.p95 })),
      };
    }
  }
  if (first.samples) {
    const MB = 2 ** 20;
    agg.memory = runs.map((r) => {
      const s = r.samples;
      const at100 = s.find((x) => x.turn >= Math.min(100, s[s.length - 1].turn)) ?? s[1];
      const end = s[s.length - 1];
      return {
        turns: end.turn,
        heapUsed_start_MB: s[0].heapUsed / MB,
        heapUsed_first100_MB: at100.heapUsed / MB,
        heapUsed_end_MB: end.heapUsed / MB,
        heapUsed_after_idle_MB: r.after_idle ? r.after_idle.heapUsed / MB : NaN,
        heap_last_vs_first100: end.heapUsed / at100.heapUsed,
        wall_first100_median_ms: r.wall_first100.median,
        wall_last100_median_ms: r.wall_last100.median,
        wall_last_vs_first100: r.wall_last100.median / r.wall_first100.median,
        cpu_ms_per_turn: r.total_cpu_ms / end.turn,
        heapUsed_MB_samples: s.map((x) => +(x.heapUsed / MB).toFixed(2)),
        wall_median_per_bucket_ms: r.wall_median_per_bucket.map((x) => +x.toFixed(3)),
      };
    });
  }
  return agg;
}

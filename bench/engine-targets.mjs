// Why: issue 13's targets are same-run ratios (ours ÷ agents-js) and two flatness bounds; this
// turns the pooled statistics of bench/engine-bench.mjs into PASS / MISS per target and into the
// one comparison table `npm run bench` prints. A scenario whose runs failed their sanity checks
// shows INVALID instead of numbers.

/** Each target: scenario, metric, statistic, bound; `ratio` targets compare ours ÷ theirs. */
export const TARGETS = [
  { scenario: 'text_turn', metric: 'overhead_ms', stat: 'median', max: 0.15, ratio: true },
  { scenario: 'text_turn', metric: 'overhead_ms', stat: 'p95', max: 0.35, ratio: true },
  { scenario: 'stt_turn', metric: 'overhead_ms', stat: 'median', max: 0.15, ratio: true },
  { scenario: 'stt_turn', metric: 'overhead_ms', stat: 'p95', max: 0.35, ratio: true },
  { scenario: 'interrupt_api', metric: 'interrupt_to_clear_ms', stat: 'median', max: 0.5, ratio: true },
  { scenario: 'interrupt_vad', metric: 'interrupt_to_clear_ms', stat: 'median', max: 0.4, ratio: true },
  { scenario: 'text_turn', metric: 'tts_frame_to_capture_all_ms', stat: 'p95', max: 0.8, ratio: true },
  { scenario: 'stt_turn', metric: 'tts_frame_to_capture_all_ms', stat: 'p95', max: 0.8, ratio: true },
  { scenario: 'memory', metric: 'heap_last_vs_first100', stat: 'median of rounds', max: 1.1, ratio: false },
  { scenario: 'memory', metric: 'wall_last_vs_first100', stat: 'median of rounds', max: 1.1, ratio: false },
];

export const LABEL = {
  overhead_ms: 'engine overhead per turn (wall − fake time)',
  wall_ms: 'turn wall time',
  input_to_llm_ms: 'input / end of turn → LLM.chat()',
  tts_first_frame_to_capture_ms: 'first TTS frame → captureFrame',
  tts_frame_to_capture_all_ms: 'every TTS frame → captureFrame',
  input_to_first_audio_ms: 'input / end of turn → first audio',
  cpu_ms: 'CPU per turn',
  interrupt_to_clear_ms: 'trigger (interrupt() / VAD speech) → clearBuffer()',
  trial_wall_ms: 'trial wall time',
  heap_last_vs_first100: 'heapUsed after the last turn ÷ after 100 turns',
  wall_last_vs_first100: 'turn wall median, last 100 ÷ first 100 turns',
  heapUsed_start_MB: 'heapUsed after warm-up, MB',
  heapUsed_end_MB: 'heapUsed after the last turn, MB',
  heapUsed_after_idle_MB: 'heapUsed after 12 s idle, MB',
  cpu_ms_per_turn: 'CPU per turn incl. forced GCs, ms',
};

const med = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[Math.ceil(v.length / 2) - 1] : NaN;
};
const div = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);
const fx = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const fr = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '—');

function memoryValue(side, key) {
  return med((side?.memory ?? []).map((m) => m[key]));
}

/** PASS / MISS / INVALID / not run, with the numbers behind each. */
export function evaluateTargets(result) {
  return TARGETS.map((t) => {
    const sc = result.scenarios[t.scenario];
    const id = `${t.scenario}.${t.metric}.${t.ratio ? t.stat : 'flat'}`;
    const base = { id, ...t };
    if (!sc) return { ...base, status: 'not run' };
    if (!sc.valid) return { ...base, status: 'INVALID' };
    if (!t.ratio && sc.ours.memory?.[0]?.turns < 200) return { ...base, status: 'n/a (under 200 turns)' };
    let ours;
    let theirs;
    let value;
    if (t.ratio) {
      ours = sc.ours.metrics?.[t.metric]?.[t.stat];
      theirs = sc.theirs.metrics?.[t.metric]?.[t.stat];
      value = div(ours, theirs);
    } else {
      ours = memoryValue(sc.ours, t.metric);
      theirs = memoryValue(sc.theirs, t.metric);
      value = ours;
    }
    const status = Number.isFinite(value) ? (value <= t.max ? 'PASS' : 'MISS') : 'n/a';
    return { ...base, ours, theirs, value, status };
  });
}

function targetCell(targets, scenario, metric, stat) {
  const t = targets.find((x) => x.scenario === scenario && x.metric === metric && x.stat === stat);
  return t ? `${t.stat} ≤ ${t.max}×: **${t.status}**` : '';
}

/** The markdown section: the one table, the sanity problems, the load it ran under. */
export function engineMarkdown(result) {
  const { ours: o, theirs: t } = result.engines;
  const L = result.machine.loadavg;
  const md = [];
  md.push(
    `Same run, alternating: ${result.order}; ${result.rounds} round(s)${result.quick ? ' (QUICK: 1/10 of the turns and trials)' : ''}, each run a fresh child process of bench/peer/bench.mjs. Ours: ${o?.engine} ${o?.version}; theirs: ${t?.engine} ${t?.version}. Node ${result.node}, ${result.machine.cpus}× ${result.machine.cpuModel}; load average (1/5/15 min) before ${L.before.map((x) => x.toFixed(1)).join('/')}, after ${L.after?.map((x) => x.toFixed(1)).join('/') ?? 'n/a'}.`,
  );
  md.push(
    'Median and p95 pool every turn (trial) of every round; ratio = ours ÷ agents-js (below 1× = we are faster / smaller); "per-round" lists each round\'s median ratio. Times in ms.',
  );
  const rows = [];
  for (const [name, sc] of Object.entries(result.scenarios)) {
    if (!sc.valid) {
      rows.push([name, 'all metrics', 'INVALID', '', '', '', '', '', '', 'INVALID (see below)']);
      continue;
    }
    for (const [k, m] of Object.entries(sc.ours.metrics ?? {})) {
      const b = sc.theirs.metrics?.[k];
      const perRound = m.perRound.map((r, i) => fr(div(r.median, b?.perRound?.[i]?.median))).join(' ');
      const cells = [
        targetCell(result.targets, name, k, 'median'),
        targetCell(result.targets, name, k, 'p95'),
      ];
      rows.push([
        name,
        LABEL[k] ?? k,
        fx(m.median),
        fx(b?.median),
        fr(div(m.median, b?.median)),
        fx(m.p95),
        fx(b?.p95),
        fr(div(m.p95, b?.p95)),
        perRound,
        cells.filter(Boolean).join('; '),
      ]);
    }
    if (sc.ours.memory) {
      for (const k of [
        'heapUsed_start_MB',
        'heapUsed_end_MB',
        'heapUsed_after_idle_MB',
        'heap_last_vs_first100',
        'wall_last_vs_first100',
        'cpu_ms_per_turn',
      ]) {
        const a = memoryValue(sc.ours, k);
        const b = memoryValue(sc.theirs, k);
        const tgt = result.targets.find((x) => x.scenario === name && x.metric === k);
        const perRound = sc.ours.memory.map((m) => fx(m[k], 2)).join(' ');
        rows.push([
          name,
          LABEL[k] ?? k,
          fx(a, 2),
          fx(b, 2),
          fr(div(a, b)),
          '',
          '',
          '',
          `ours ${perRound}`,
          tgt ? `ours ≤ ${tgt.max}: **${tgt.status}**` : '',
        ]);
      }
    }
  }
  const head = [
    'scenario',
    'metric',
    'ours med',
    'agents-js med',
    'ratio',
    'ours p95',
    'agents-js p95',
    'ratio',
    'per-round',
    'target',
  ];
  md.push(
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  );
  const mem = result.scenarios.memory;
  if (mem?.valid) {
    md.push('', 'memory: turn wall median (ms) per block of turns, each round:');
    for (const key of ['ours', 'theirs'])
      mem[key].memory.forEach((m, i) =>
        md.push(`- ${result.engines[key].engine} round ${i + 1}: ${m.wall_median_per_bucket_ms.join(' ')}`),
      );
  }
  const invalid = Object.entries(result.scenarios).filter(([, sc]) => !sc.valid);
  if (invalid.length) {
    md.push('', '**INVALID runs** (sanity checks failed; their timings are not reported):');
    for (const [name, sc] of invalid) for (const p of sc.problems) md.push(`- ${name}: ${p}`);
  }
  const summary = result.targets.map(
    (x) => `${x.id} ${x.status}${Number.isFinite(x.value) ? ` (${fx(x.value, 2)})` : ''}`,
  );
  md.push('', `Targets: ${summary.join('; ')}.`);
  return md.join('\n');
}

#!/usr/bin/env node
// Why: a target the bench misses must say where the time goes. This reads the V8 CPU profiles that
// `node --cpu-prof` wrote (bench/engine-bench.mjs --cpu-prof DIR: one folder per engine and
// scenario) and prints the functions with the most self time, and the same summed per source area
// (our engine's folders, agents-js, node internals, GC / idle), as markdown.
//
//   node bench/cpu-profile-summary.mjs DIR [--top 15] [--filter ours-interrupt_api]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const USAGE = 'usage: node bench/cpu-profile-summary.mjs DIR [--top N] [--filter SUBSTRING]';
const argv = process.argv.slice(2);
const opts = { dir: undefined, top: 15, filter: '' };
for (let i = 0; i < argv.length; i++) {
  const k = argv[i];
  if (k === '--top') opts.top = Number(argv[++i]);
  else if (k === '--filter') opts.filter = argv[++i] ?? '';
  else if (!k.startsWith('--') && !opts.dir) opts.dir = k;
  else {
    console.error(`cpu-profile-summary: unknown argument ${k}\n${USAGE}`);
    process.exit(2);
  }
}
if (!opts.dir || !(opts.top >= 1)) {
  console.error(USAGE);
  process.exit(2);
}

/** Which part of the code a profile node's script belongs to. */
function area(url, fn) {
  if (!url) return fn === '(garbage collector)' ? 'GC' : fn === '(idle)' ? 'idle' : fn || '(native)';
  const u = url.replace(/^file:\/\//, '');
  const m = u.match(/src\/main\/engine\/([^/]+(?:\/[^/]+)?)\//);
  if (m) return `engine/${m[1]}`;
  if (u.includes('src/main/engine/')) return 'engine';
  if (u.includes('@livekit/agents')) return 'agents-js';
  if (u.includes('@livekit/rtc-node')) return 'rtc-node';
  if (u.includes('/bench/')) return 'bench (driver, adapter, fakes)';
  if (u.includes('node_modules/'))
    return `dep ${u.split('node_modules/').pop().split('/').slice(0, 2).join('/')}`;
  if (u.startsWith('node:')) return 'node internals';
  return 'other';
}

/** Self time per function (ms) of one .cpuprofile. */
function selfTimes(file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time since the previous sample: charge it to sample i's node
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000));
  const rows = [];
  for (const [id, ms] of self) {
    const n = byId.get(id);
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url
      ? `${url.replace(/\?.*$/, '').replace(/^.*\/(src|node_modules|bench)\//, '$1/')}:${lineNumber + 1}`
      : '';
    rows.push({ fn: functionName || '(anonymous)', where, area: area(url, functionName), ms });
  }
  return { rows, totalMs: (prof.endTime - prof.startTime) / 1000 };
}

function merge(rows) {
  const m = new Map();
  for (const r of rows) {
    const k = `${r.fn}\u0000${r.where}`;
    const o = m.get(k) ?? { ...r, ms: 0 };
    o.ms += r.ms;
    m.set(k, o);
  }
  return [...m.values()];
}

const fx = (x) => x.toFixed(1);
const out = [];
for (const sub of readdirSync(opts.dir).sort()) {
  const dir = path.join(opts.dir, sub);
  if (!statSync(dir).isDirectory() || !sub.includes(opts.filter)) continue;
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) continue;
  // the driver's parent is not profiled: each folder holds the child's profile
  const all = files.map((f) => selfTimes(path.join(dir, f)));
  const rows = merge(all.flatMap((x) => x.rows));
  const total = all.reduce((s, x) => s + x.totalMs, 0);
  const busy = rows.filter((r) => r.area !== 'idle').reduce((s, r) => s + r.ms, 0);
  const areas = new Map();
  for (const r of rows) areas.set(r.area, (areas.get(r.area) ?? 0) + r.ms);
  out.push(`#### ${sub}: ${fx(total)} ms profiled, ${fx(busy)} ms busy (not idle)`);
  out.push(
    '',
    `By area: ${[...areas]
      .sort((a, b) => b[1] - a[1])
      .filter(([a]) => a !== 'idle')
      .slice(0, 8)
      .map(([a, ms]) => `${a} ${fx(ms)} ms (${((100 * ms) / busy).toFixed(0)}%)`)
      .join(', ')}`,
    '',
    '| self ms | % busy | function | where |',
    '| --- | --- | --- | --- |',
  );
  for (const r of rows
    .filter((x) => x.area !== 'idle')
    .sort((a, b) => b.ms - a.ms)
    .slice(0, opts.top))
    out.push(`| ${fx(r.ms)} | ${((100 * r.ms) / busy).toFixed(1)} | ${r.fn} | ${r.where || r.area} |`);
  out.push('');
}
console.log(out.length ? out.join('\n') : `cpu-profile-summary: no .cpuprofile files under ${opts.dir}`);

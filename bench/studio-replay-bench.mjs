#!/usr/bin/env node
// Large recordings in the studio (issue 9.5, renderer side): a version 2 recording of 100,000
// (and 1,000,000) events is opened from the Recordings panel of the real web-mode studio in
// Debian's Chromium, and the bench measures, from the click on Open:
//   - first view: the replay transport has events (data-loaded > 0) and the timeline canvas has
//     drawn them with the playhead (its body's data-event-count > 0 and data-playhead-ms, both
//     written by the paint that drew the replay);
//   - all loaded: data-loaded = data-total (the replay holds at most 300,000 events);
//   - main's longest stall: ping round trips over a second WebSocket, back to back, the longest
//     while opening (until the first view) and while paging in the rest;
//   - main's RSS growth: /proc/<pid>/status VmRSS of the server, sampled every 20 ms, peak over
//     the value just before the click.
// The recording tiles the e2e demo recording (a real session: VAD inferences, user and agent
// states, transcripts, speech lifecycle, LLM/TTS requests and metrics, tools, handoffs,
// interruptions) with fresh ids and times, ~130 bytes an event.
// A fresh server and browser per size. Skips (exit 0, with the reason in --out) when Chromium or
// the built renderer (out/renderer, `npm run build`) is missing.
// --warm first opens (and leaves) a 1,000-event recording in the same page, so the measured open
// does not include loading main's and the renderer's code paths for the first time.
//   node bench/studio-replay-bench.mjs [--sizes 100000,1000000] [--warm] [--out FILE] [--keep]
/* global window, document, MutationObserver -- functions passed to page.evaluate run in the page */
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = path.join(ROOT, 'e2e', 'fixtures', 'recordings', '20260101-120000-session_e2edemo');
const CHROMIUM = process.env.STUDIO_CHROMIUM ?? '/usr/bin/chromium';
// As playwright.config.ts launches it.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const STEP_TIMEOUT_MS = 180_000;

const opts = { sizes: [100_000, 1_000_000], out: undefined, keep: false, warm: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
  else if (argv[i] === '--out') opts.out = argv[++i];
  else if (argv[i] === '--keep') opts.keep = true;
  else if (argv[i] === '--warm') opts.warm = true;
  else throw new Error(`studio-replay-bench: unknown argument ${argv[i]}`);
}
if (!opts.sizes.every((n) => Number.isInteger(n) && n > 0))
  throw new Error('studio-replay-bench: --sizes are positive integers');

function finish(out) {
  if (opts.out) {
    mkdirSync(path.dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, JSON.stringify(out, null, 2));
  } else console.log(JSON.stringify(out, null, 2));
}

/** Why the section cannot run here, or null. */
async function missing() {
  if (!existsSync(CHROMIUM))
    return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set STUDIO_CHROMIUM)`;
  if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html')))
    return 'no built renderer at out/renderer: run `npm run build` first';
  if (!existsSync(path.join(DEMO, 'events.jsonl'))) return `the demo recording ${DEMO} is missing`;
  try {
    await import('playwright-core');
  } catch (err) {
    return `playwright-core cannot be loaded (${err.message})`;
  }
  return null;
}

const skipped = await missing();
if (skipped) {
  console.error(`studio-replay-bench: SKIPPED: ${skipped}`);
  finish({ date: new Date().toISOString(), skipped, results: [] });
  process.exit(0);
}

const { chromium } = await import('playwright-core');
const { default: WebSocket } = await import('ws');
const { countEvent, emptyStats } = await tsImport('../src/main/recording/stats.ts', import.meta.url);
const { EVENT_INDEX_STRIDE } = await tsImport('../src/shared/recording.ts', import.meta.url);

// ------------------------------------------------------------------ the recording
const demoManifest = JSON.parse(readFileSync(path.join(DEMO, 'manifest.json'), 'utf8'));
const demoEvents = readFileSync(path.join(DEMO, 'events.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const TILE_MS = Math.ceil(demoEvents.at(-1).t / 1000) * 1000 + 1000;
const ID_KEYS = new Set(['id', 'speechId', 'requestId', 'callId']);
const TIME_KEYS = new Set(['createdAt', 'timestamp']);

/** A copy of `v` with its ids made unique to tile `k` and its times moved by `dt`. */
function retile(v, k, dt) {
  if (Array.isArray(v)) return v.map((x) => retile(x, k, dt));
  if (v === null || typeof v !== 'object') return v;
  const o = {};
  for (const [key, x] of Object.entries(v)) {
    if (ID_KEYS.has(key) && typeof x === 'string') o[key] = `${x}~${k}`;
    else if ((key === 't' || TIME_KEYS.has(key)) && typeof x === 'number') o[key] = x + dt;
    else o[key] = retile(x, k, dt);
  }
  return o;
}

function generate(dir, count, name = `replay${count}`) {
  const id = `20260102-030405-session_${name}`;
  const folder = path.join(dir, id);
  mkdirSync(folder, { mode: 0o700 });
  const fd = openSync(path.join(folder, 'events.jsonl'), 'w', 0o600);
  const idx = [];
  const stats = emptyStats();
  let offset = 0;
  let batch = [];
  let lastT = 0;
  for (let i = 0; i < count; i++) {
    const k = Math.floor(i / demoEvents.length);
    const ev = retile(demoEvents[i % demoEvents.length], k, k * TILE_MS);
    const line = `${JSON.stringify(ev)}\n`;
    if (i % EVENT_INDEX_STRIDE === 0) idx.push(`${JSON.stringify([i, offset, ev.t, { ...stats }])}\n`);
    countEvent(stats, ev);
    offset += Buffer.byteLength(line);
    lastT = ev.t;
    batch.push(line);
    if (batch.length === 5000) {
      writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
  writeFileSync(path.join(folder, 'events.idx'), idx.join(''), { mode: 0o600 });
  const manifest = {
    ...demoManifest,
    appVersion: 'bench',
    id,
    sessionId: `session_${name}`,
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + Math.ceil(lastT)).toISOString(),
    durationMs: Math.ceil(lastT),
    stats,
    title: `Bench replay, ${count.toLocaleString('en-US')} events`,
  };
  writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify(manifest), { mode: 0o600 });
  return { id, bytes: offset };
}

// ------------------------------------------------------------------ the studio
const LINE = /^Studio: (http:\/\/127\.0\.0\.1:(\d+)\/\?code=([A-Za-z0-9_-]+))$/;

/** `studio web` as e2e/fixtures/studio-server.ts starts it, keeping the child for its pid. */
async function startStudio(recordingsDir, scratch) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/studio.ts', 'web', '--no-open', '--port', '0'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        BROWSER: 'none',
        STUDIO_RECORDINGS_DIR: recordingsDir,
        STUDIO_PRESETS_DIR: mkdtempSync(path.join(scratch, 'presets-')),
        VOICE_AGENT_STUDIO_KEY_FILE: path.join(mkdtempSync(path.join(scratch, 'keys-')), 'keys.json'),
      },
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c) => (stderr += c));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const m = await new Promise((resolve, reject) => {
      const rl = createInterface({ input: child.stdout });
      const timer = setTimeout(
        () => reject(new Error(`studio web printed no URL in 30 s\n${stderr}`)),
        30_000,
      );
      rl.on('line', (line) => {
        const hit = LINE.exec(line.trim());
        if (!hit) return;
        clearTimeout(timer);
        resolve(hit);
      });
      child.once('exit', (code) => reject(new Error(`studio web exited early (code ${code})\n${stderr}`)));
    });
    const res = await fetch(m[1], { redirect: 'manual' });
    const pair = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const eq = pair.indexOf('=');
    if (res.status !== 303 || eq < 0) throw new Error(`signing in failed: ${res.status}`);
    const origin = new URL(m[1]).origin;
    return {
      pid: child.pid,
      port: Number(m[2]),
      origin,
      cookie: { name: pair.slice(0, eq), value: pair.slice(eq + 1) },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function rssMB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Back-to-back `ping` commands on their own socket: each round trip, stamped when it was sent. */
async function pingLoop(studio) {
  const ws = new WebSocket(`ws://127.0.0.1:${studio.port}/ws`, {
    origin: studio.origin,
    headers: { Cookie: `${studio.cookie.name}=${studio.cookie.value}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const samples = [];
  const pending = new Map();
  let stopped = false;
  let id = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const msg = JSON.parse(data.toString());
    const sent = pending.get(msg.id);
    if (msg.kind !== 'result' || sent === undefined) return;
    pending.delete(msg.id);
    if (!msg.result?.ok) console.error(`studio-replay-bench: ping failed: ${JSON.stringify(msg.result)}`);
    samples.push({ at: sent, rttMs: performance.now() - sent });
    // A breath between pings, so the probe itself is not the load.
    if (!stopped) setTimeout(send, 2);
  });
  const send = () => {
    id += 1;
    pending.set(id, performance.now());
    ws.send(JSON.stringify({ kind: 'invoke', id, command: 'ping', input: { nonce: String(id) } }));
  };
  send();
  return {
    samples,
    /** The longest round trip of a ping sent in [from, to), or of one still unanswered at `to`. */
    maxIn(from, to) {
      let max = 0;
      for (const s of samples) if (s.at >= from && s.at < to) max = Math.max(max, s.rttMs);
      for (const sent of pending.values()) if (sent < to) max = Math.max(max, to - sent);
      return max;
    },
    stop() {
      stopped = true;
      ws.close();
    },
  };
}

/** Installed in the page before the click: stamps the click, the first view and the full load. */
function installProbe(id) {
  const b = { clickAt: null, firstViewAt: null, loadedAt: null, loaded: 0, total: 0, eventCount: 0 };
  window.__replayBench = b;
  document.addEventListener(
    'click',
    (e) => {
      if (b.clickAt === null && e.target.closest?.('[data-testid="recording-open"]'))
        b.clickAt = performance.now();
    },
    true,
  );
  const check = () => {
    if (b.clickAt === null) return;
    const tr = document.querySelector(`[data-testid="replay-transport"][data-recording-id="${id}"]`);
    const body = document.querySelector('[data-testid="timeline"] .timeline-body');
    if (!tr || !body) return;
    b.loaded = Number(tr.dataset.loaded);
    b.total = Number(tr.dataset.total);
    const drawn = Number(body.dataset.eventCount ?? 0);
    if (b.firstViewAt === null && b.loaded > 0 && drawn > 0 && body.dataset.playheadMs !== undefined) {
      b.firstViewAt = performance.now();
      b.eventCount = drawn;
    }
    if (b.loadedAt === null && b.total > 0 && b.loaded === b.total) b.loadedAt = performance.now();
  };
  new MutationObserver(check).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [
      'data-loaded',
      'data-total',
      'data-event-count',
      'data-playhead-ms',
      'data-recording-id',
    ],
  });
}

async function measure(recordingsDir, scratch, id, warmId) {
  const studio = await startStudio(recordingsDir, scratch);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  let ping = null;
  let rssTimer = null;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addCookies([{ ...studio.cookie, url: studio.origin, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${studio.origin}/`);
    const open = page.locator(
      `[data-testid="recording-row"][data-recording-id="${id}"] [data-testid="recording-open"]`,
    );
    await open.waitFor({ state: 'visible', timeout: 60_000 });
    if (warmId) {
      await page
        .locator(
          `[data-testid="recording-row"][data-recording-id="${warmId}"] [data-testid="recording-open"]`,
        )
        .click();
      await page.waitForFunction(
        (warm) => {
          const tr = document.querySelector(`[data-testid="replay-transport"][data-recording-id="${warm}"]`);
          return tr !== null && Number(tr.dataset.total) > 0 && tr.dataset.loaded === tr.dataset.total;
        },
        warmId,
        { timeout: STEP_TIMEOUT_MS, polling: 100 },
      );
      await page.getByTestId('replay-close').click();
      await page.getByTestId('replay-transport').waitFor({ state: 'detached' });
    }
    await page.evaluate(installProbe, id);
    ping = await pingLoop(studio);
    // A second of idle pings and RSS before the click: the baseline.
    await new Promise((r) => setTimeout(r, 1000));
    const idleRtt = ping.samples.map((s) => s.rttMs).sort((a, b) => a - b);
    const rssBase = rssMB(studio.pid);
    let rssPeak = rssBase;
    rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssMB(studio.pid))), 20);
    const clicked = performance.now();
    await open.click();
    await page.waitForFunction(() => window.__replayBench.firstViewAt !== null, null, {
      timeout: STEP_TIMEOUT_MS,
      polling: 50,
    });
    const viewSeen = performance.now();
    await page.waitForFunction(() => window.__replayBench.loadedAt !== null, null, {
      timeout: STEP_TIMEOUT_MS,
      polling: 100,
    });
    const loadedSeen = performance.now();
    clearInterval(rssTimer);
    rssTimer = null;
    rssPeak = Math.max(rssPeak, rssMB(studio.pid));
    const b = await page.evaluate(() => window.__replayBench);
    const error = await page.getByTestId('replay-error').count();
    if (error > 0)
      throw new Error(`the replay shows an error: ${await page.getByTestId('replay-error').innerText()}`);
    return {
      firstViewMs: b.firstViewAt - b.clickAt,
      allLoadedMs: b.loadedAt - b.clickAt,
      loadedEvents: b.total,
      firstViewEvents: b.eventCount,
      // Main's stall as a client sees it: the longest ping round trip.
      maxPingOpenMs: ping.maxIn(clicked, viewSeen),
      maxPingLoadMs: ping.maxIn(clicked, loadedSeen),
      pingsDuringLoad: ping.samples.filter((s) => s.at >= clicked && s.at < loadedSeen).length,
      // The five longest, sent at ms since the click: where in the open main stalled.
      longestPings: ping.samples
        .filter((s) => s.at >= clicked && s.at < loadedSeen)
        .sort((a, b) => b.rttMs - a.rttMs)
        .slice(0, 5)
        .map((s) => ({ sentAtMs: Math.round(s.at - clicked), rttMs: Math.round(s.rttMs) })),
      firstViewSeenMs: viewSeen - clicked,
      idlePingMedianMs: idleRtt[Math.floor(idleRtt.length / 2)] ?? NaN,
      rssBaseMB: rssBase,
      rssPeakMB: rssPeak,
      rssAfterMB: rssMB(studio.pid),
      pageErrors: errors,
    };
  } finally {
    if (rssTimer) clearInterval(rssTimer);
    ping?.stop();
    await browser.close().catch(() => undefined);
    await studio.stop();
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'studio-replay-bench-'));
const notes = [];
const results = [];
try {
  for (const requested of opts.sizes) {
    const recordingsDir = mkdtempSync(path.join(tmp, 'recordings-'));
    const fs = statfsSync(tmp);
    const freeBytes = fs.bavail * fs.bsize;
    let count = requested;
    const need = requested * 140 * 1.5;
    if (need > freeBytes) {
      count = Math.max(1000, Math.floor(freeBytes / 1.5 / 140 / 1000) * 1000);
      notes.push(
        `${requested} events need ~${Math.round(need / 1e6)} MB, ${Math.round(freeBytes / 1e6)} MB free in ${tmp}: measured ${count} events instead`,
      );
    }
    const g0 = performance.now();
    const { id, bytes } = generate(recordingsDir, count);
    const generateMs = performance.now() - g0;
    const warmId = opts.warm ? generate(recordingsDir, 1000, 'warmup').id : null;
    const m = await measure(recordingsDir, tmp, id, warmId);
    results.push({ requested, events: count, fileMB: bytes / 1e6, generateMs, warm: opts.warm, ...m });
    console.error(
      `studio-replay-bench: ${count} events (${(bytes / 1e6).toFixed(0)} MB): first view ${m.firstViewMs.toFixed(0)} ms, ` +
        `${m.loadedEvents} events loaded in ${m.allLoadedMs.toFixed(0)} ms, main's longest ping ${m.maxPingOpenMs.toFixed(0)} ms opening / ` +
        `${m.maxPingLoadMs.toFixed(0)} ms loading (idle ${m.idlePingMedianMs.toFixed(1)} ms), RSS +${(m.rssPeakMB - m.rssBaseMB).toFixed(0)} MB peak`,
    );
    rmSync(recordingsDir, { recursive: true, force: true });
  }
} finally {
  if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
}
finish({ date: new Date().toISOString(), node: process.version, chromium: CHROMIUM, notes, results });

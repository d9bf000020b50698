/**
 * Smoothness benchmark of the studio UI (issue 5, item 9), measured in the real page: the
 * web-mode studio is started, Chromium opens it with the test hook (`?studioTest=1`), and
 * engine events recorded from the acceptance scenarios are injected exactly as main's
 * `events` pushes would append them.
 *
 *   1. live: 1,000 events/s for 10 s, in 50 ms batches, session time following wall time;
 *   2. large: a 100,000-event session loaded, then zoomed and panned frame by frame, both
 *      zoomed out (the whole session in view) and zoomed in.
 *
 * It reports frame intervals (requestAnimationFrame, what the user sees), the timeline's paint
 * time per frame, ingest time per batch and long tasks, as median / p95 / max, and writes them
 * to bench-results/ui-timeline.json. Run: `npm run build && npx tsx scripts/bench-ui-timeline.ts`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startStudioWeb } from '../e2e/fixtures/studio-server';
import type { EngineEvent } from '../src/shared/engine-events';
import { repeatSession } from './gen-event-fixtures';

const root = resolve(import.meta.dirname, '..');
const LIVE_RATE = 1_000;
const LIVE_SECONDS = 10;
const BATCH_MS = 50;
const LARGE_EVENTS = 100_000;

interface Summary {
  n: number;
  median: number;
  p95: number;
  max: number;
}

function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) =>
    s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, median: r(at(50)), p95: r(at(95)), max: r(s.at(-1) ?? 0) };
}

/** The demo session made dense: its events plus VAD inferences until it carries `rate` events a second. */
function denseStream(demo: EngineEvent[], rate: number, seconds: number): EngineEvent[] {
  const base = repeatSession(demo, 1_000_000).filter((e) => e.t <= seconds * 1_000);
  const vadEvery = 1_000 / Math.max(1, rate - base.length / seconds);
  const out: EngineEvent[] = [...base];
  for (let t = 0; t < seconds * 1_000; t += vadEvery) {
    const p = 0.5 + 0.45 * Math.sin(t / 400);
    out.push({
      type: 'vad_inference',
      t,
      probability: p,
      speechDurationMs: 0,
      silenceDurationMs: 0,
      speaking: p > 0.5,
    });
  }
  return out.sort((a, b) => a.t - b.t).slice(0, rate * seconds);
}

/** In-page probes, as strings: the scripts project compiles without DOM types. */
const START_PROBE = `(() => {
  const w = window;
  w.__bench = { frames: [], longTasks: [], ingest: [], running: true };
  let last = performance.now();
  const tick = (now) => { w.__bench.frames.push(now - last); last = now; if (w.__bench.running) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  try {
    const po = new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration); });
    po.observe({ entryTypes: ['longtask'] });
    w.__bench.po = po;
  } catch {}
  w.__studioTest.resetFrameStats();
})()`;

const STOP_PROBE = `(() => {
  const b = window.__bench; b.running = false; b.po?.disconnect();
  return { frames: b.frames.slice(1), longTasks: b.longTasks, ingest: b.ingest, draw: window.__studioTest.frameStats(), model: window.__studioTest.model() };
})()`;

interface ProbeResult {
  frames: number[];
  longTasks: number[];
  ingest: number[];
  draw: { frames: number; medianMs: number; p95Ms: number; maxMs: number; total: number };
  model: { eventCount: number; speeches: number; vadPoints: number };
}

async function inject(page: Page, batch: EngineEvent[]): Promise<void> {
  await page.evaluate(
    `((b) => { const t0 = performance.now(); window.__studioTest.injectEvents(b, 'bench'); window.__bench && window.__bench.ingest.push(performance.now() - t0); })(${JSON.stringify(batch)})`,
  );
}

async function live(page: Page, demo: EngineEvent[]) {
  const stream = denseStream(demo, LIVE_RATE, LIVE_SECONDS);
  await page.evaluate(START_PROBE);
  const started = Date.now();
  let sent = 0;
  let lateBatches = 0;
  for (let windowEnd = BATCH_MS; windowEnd <= LIVE_SECONDS * 1_000; windowEnd += BATCH_MS) {
    const wait = started + windowEnd - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else lateBatches += 1;
    const batch: EngineEvent[] = [];
    while (sent < stream.length && stream[sent].t < windowEnd) batch.push(stream[sent++]);
    if (batch.length > 0) await inject(page, batch);
  }
  await new Promise((r) => setTimeout(r, 300));
  const r = await page.evaluate<ProbeResult>(STOP_PROBE);
  const wallS = (Date.now() - started) / 1_000;
  return {
    eventsInjected: sent,
    eventsPerSecond: Math.round(sent / wallS),
    modelEvents: r.model.eventCount,
    keptUp: r.model.eventCount === sent,
    lateBatches,
    frameIntervalMs: summarize(r.frames),
    paintMs: { median: r.draw.medianMs, p95: r.draw.p95Ms, max: r.draw.maxMs, n: r.draw.frames },
    ingestPerBatchMs: summarize(r.ingest),
    longTasks: { count: r.longTasks.length, ...summarize(r.longTasks) },
  };
}

async function large(page: Page, demo: EngineEvent[]) {
  const events = repeatSession(demo, LARGE_EVENTS);
  const t0 = Date.now();
  for (let i = 0; i < events.length; i += 1_000) await inject(page, events.slice(i, i + 1_000));
  const loadMs = Date.now() - t0;
  const sessionS = Math.round((events.at(-1)!.t - events[0].t) / 1_000);

  /** Drives `steps` frames of an interaction, one step per animation frame, and measures them. */
  const interact = async (label: string, step: string, steps: number) => {
    await page.evaluate(START_PROBE);
    await page.evaluate(
      `new Promise((done) => { let i = 0; const go = () => { ${step}; if (++i < ${steps}) requestAnimationFrame(go); else requestAnimationFrame(() => done()); }; requestAnimationFrame(go); })`,
    );
    const r = await page.evaluate<ProbeResult>(STOP_PROBE);
    return {
      label,
      frameIntervalMs: summarize(r.frames),
      paintMs: { median: r.draw.medianMs, p95: r.draw.p95Ms, max: r.draw.maxMs, n: r.draw.frames },
      longTasks: r.longTasks.length,
    };
  };
  await page.evaluate('window.__studioTest.fit()');
  const zoomedOut = [
    await interact('pan, whole session in view', 'window.__studioTest.pan(i % 60 < 30 ? 12 : -12)', 120),
    await interact(
      'zoom in and out, from the whole session',
      'window.__studioTest.zoom(i % 80 < 40 ? 1.08 : 1 / 1.08)',
      160,
    ),
  ];
  await page.evaluate('window.__studioTest.zoom(40)');
  const zoomedIn = [
    await interact('pan, ~20 s in view', 'window.__studioTest.pan(i % 60 < 30 ? 25 : -25)', 120),
  ];
  const model = await page.evaluate<ProbeResult['model']>('window.__studioTest.model()');
  return {
    events: events.length,
    sessionSeconds: sessionS,
    loadMs,
    model,
    interactions: [...zoomedOut, ...zoomedIn],
  };
}

async function main(): Promise<void> {
  const demo = (
    JSON.parse(await readFile(resolve(root, 'e2e/fixtures/demo.events.json'), 'utf8')) as {
      events: EngineEvent[];
    }
  ).events;
  const studio = await startStudioWeb();
  const browser = await chromium.launch({
    executablePath: process.env.STUDIO_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-timer-throttling',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${studio.url}&studioTest=1`);
    await page.waitForFunction('window.__studioTest !== undefined');
    await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]');
    await new Promise((r) => setTimeout(r, 500));
    const liveResult = await live(page, demo);
    await page.evaluate('window.__studioTest.clearEvents()');
    const largeResult = await large(page, demo);
    const result = {
      at: new Date().toISOString(),
      browser: `chromium ${browser.version()} headless, --disable-gpu, viewport 1600x1000`,
      // The machine is shared: its load says how much the numbers owe to other work.
      machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0] * 100) / 100 },
      live: liveResult,
      large: largeResult,
    };
    await mkdir(resolve(root, 'bench-results'), { recursive: true });
    await writeFile(resolve(root, 'bench-results', 'ui-timeline.json'), JSON.stringify(result, null, 2));
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await studio.stop();
  }
}

await main();

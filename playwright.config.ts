/**
 * Browser e2e against Debian's Chromium: this machine cannot download Playwright's browsers,
 * so the runner is @playwright/test and the browser is Debian's `chromium-headless-shell`
 * (override with STUDIO_CHROMIUM, e.g. /usr/bin/chromium for the full browser). The headless
 * shell is the same Blink renderer without the browser's UI layer, which is what Playwright
 * itself runs headless tests in. Measured here, it spent 8.0 CPU-s where the full browser spent
 * 20.3 on the same 11 short specs (page loads dominate them); the whole suite passes in both.
 * `npm run test:e2e` builds first; the fixtures only start the server.
 */
import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const chromium = process.env.STUDIO_CHROMIUM ?? '/usr/bin/chromium-headless-shell';
if (!existsSync(chromium))
  throw new Error(
    `No browser at ${chromium}: install it (sudo apt-get install -y chromium-headless-shell) or set STUDIO_CHROMIUM to a Chromium binary.`,
  );

/**
 * The spec files that take longest (each 50–85 s of a live session on the real clock; the rest
 * take 1–40 s). Playwright hands out spec files in order — by project, then alphabetically — so
 * these run in a project of their own that is dispatched first: the short files then fill the
 * workers around them, instead of one long file starting last and running alone at the end
 * (measured: three workers sat idle for the last ~80 s of a 385 s run). A spec file still stays
 * in one worker, in order. Re-measure with the JSON report when a spec grows.
 */
const LONG_SPECS = [
  'recording-roundtrip',
  'resilience',
  'session-controls',
  'timeline',
  'timeline-demo',
  'typed-turns',
].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: './e2e/specs',
  // Not test-results/ itself: Playwright empties its outputDir, and npm test keeps other runners' reports there.
  outputDir: './test-results/e2e-artifacts',
  fullyParallel: false,
  // Three workers on the two cores: each has its own studio server (the worker fixture), its own
  // presets, keys and recordings folders; most of a live spec is the demo's real-clock waiting (a
  // full run keeps the CPU ~40 % idle at three), and its checks wait for events, not for
  // durations. A spec file stays in one worker, in order. Measured here: 2 workers 394 s, 3: 312 s.
  workers: 3,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  projects: [
    { name: 'long', testMatch: LONG_SPECS },
    { name: 'rest', testIgnore: LONG_SPECS },
  ],
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }],
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    // A failed test keeps its trace (every action with its call log, console and network) and
    // the page's screenshot and accessibility snapshot at the failure (error-context.md). Not the
    // screencast: it encodes a JPEG of every painted frame, and the live timeline paints each
    // frame — measured, it doubled the suite's CPU (timeline-demo: 20.2 CPU-s with it, 9.9
    // without) on a machine where the suite is CPU-bound. Nor the DOM snapshots before and after
    // each action and poll: 4–8 % of the suite's CPU. For a trace with both, run the failing spec
    // again with `--trace on`.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false, sources: true },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      // Playwright gives every launch a fresh temporary user-data-dir.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});

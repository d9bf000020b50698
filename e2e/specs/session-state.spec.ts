/**
 * Issue 10.3, "state is never stale", in web mode: the header follows a session through running,
 * stopping and ended (with the reason), its elapsed time stops at the end; a dropped connection
 * reads "disconnected", not "running", and what the drop broke leaves the banner once the
 * connection is back; each session button is enabled only in the phases where it works; misuse is
 * said next to its control, not in the banner; a recording open in the views shows its own end
 * and duration while a live session runs. Main is left idle with the default config.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { WebSocketRoute } from '@playwright/test';
import { test as base, expect } from '../fixtures/test';
import { repoRoot, startStudioWeb, type RunningStudio } from '../fixtures/studio-server';
import { PREEMPTIVE_OFF_HINT } from '../pages/config-drafts-page';
import { restoreStudio } from '../pages/config-page';
import { PanelsPage } from '../pages/panels-page';
import { RecordingsPage } from '../pages/recordings-page';
import { SessionStatePage, type SessionButton } from '../pages/session-state-page';

const DEMO = '20260101-120000-session_e2edemo';
const CRASHED = '20251231-090000-session_e2ecrash';
const FIXTURES = resolve(repoRoot, 'e2e', 'fixtures', 'recordings');
const RUNNING_BUTTONS: SessionButton[] = [
  'stop-button',
  'send-button',
  'say-button',
  'generate-reply-button',
  'interrupt-button',
];

const test = base.extend<{ state: SessionStatePage }, { studio: RunningStudio }>({
  studio: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-state-'));
      cpSync(FIXTURES, dir, { recursive: true });
      const studio = await startStudioWeb({ env: { STUDIO_RECORDINGS_DIR: dir } });
      await use(studio);
      await studio.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  state: async ({ studioPage }, use) => {
    await use(new SessionStatePage(studioPage));
  },
});

test.describe('session state (issue 10.3)', () => {
  test.beforeEach(async ({ studio }) => restoreStudio(studio));
  test.afterEach(async ({ studio }) => restoreStudio(studio));

  test('the header follows a session to "ended (user_initiated)", elapsed stops there, and buttons follow the phase', async ({
    studioPage,
    state,
    page,
    pageProblems,
  }) => {
    test.setTimeout(60_000);
    await studioPage.openConnected();
    await new PanelsPage(page).setInputMode('text');
    await expect(state.phase).toHaveAttribute('data-value', /^(idle|ended)$/);
    await state.expectEnabled(['start-button']);
    await expect(state.elapsed).toHaveAttribute('data-frozen', /^(true|false)$/);

    await state.recordPhases();
    await studioPage.startRunning();
    await expect(state.phase).toHaveText('running');
    await expect(state.elapsed).toHaveAttribute('data-frozen', 'false');
    await state.expectEnabled(RUNNING_BUTTONS);
    await studioPage.screenshot('session-state-running');

    const stopped = await studioPage.stop();
    expect(stopped.ok, stopped.text).toBe(true);
    await expect(state.phase).toHaveText('ended (user_initiated)');
    await expect(state.phase).toHaveAttribute('data-reason', 'user_initiated');
    const phases = await state.recordedPhases();
    const from = phases.indexOf('running');
    expect(phases.slice(from), phases.join(' → ')).toEqual(['running', 'stopping', 'ended (user_initiated)']);
    // Elapsed stops at the end: frozen, and the same a while later.
    await expect(state.elapsed).toHaveAttribute('data-frozen', 'true');
    const atEnd = await state.elapsedValue.textContent();
    expect(atEnd).toMatch(/^\d\d:\d\d$/);
    await page.waitForTimeout(1500);
    await expect(state.elapsedValue).toHaveText(atEnd!);
    await state.expectEnabled(['start-button']);
    await expect(studioPage.errorBanner).toHaveCount(0);
    await studioPage.screenshot('session-state-ended');
    expect(pageProblems).toEqual([]);
  });

  test('a dropped connection reads "disconnected", not "running"; the banner of what it broke clears on reconnect', async ({
    studioPage,
    state,
    page,
  }) => {
    test.setTimeout(60_000);
    let blocked = false;
    let first: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
    const heldPings: string[] = [];
    // Proxy the page's socket so the test can cut it like a network drop; the first connection
    // holds pings (so the drop finds one in flight), later ones are refused while `blocked`.
    await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      if (blocked) {
        void ws.close({ code: 1013, reason: 'test: network down' });
        return;
      }
      const server = ws.connectToServer();
      if (first) return;
      first = { page: ws, server };
      ws.onMessage((message) => {
        const text = String(message);
        if (!text.startsWith('{')) return void server.send(message);
        if ((JSON.parse(text) as { command?: string }).command === 'ping') heldPings.push(text);
        else server.send(message);
      });
    });
    await studioPage.openConnected();
    await new PanelsPage(page).setInputMode('text');
    await studioPage.startRunning();
    await page.getByTestId('ping-button').click();
    await expect.poll(() => heldPings.length).toBe(1);

    blocked = true;
    const cut = first as { page: WebSocketRoute; server: WebSocketRoute } | null;
    if (!cut) throw new Error('the page opened no socket');
    await cut.page.close({ code: 1012, reason: 'test: network drop' });
    await cut.server.close();

    // The last status said running; the header says what is known: the connection is gone.
    await expect(state.phase).toHaveText('disconnected');
    await expect(state.phase).toHaveAttribute('data-value', 'disconnected');
    await expect(state.elapsed).toHaveAttribute('data-frozen', 'true');
    await state.expectEnabled([]);
    // One notice for the cause, named by the cause whichever request (the held ping, a state
    // read) was cut last.
    const lost = studioPage.errorForCause('transport');
    await expect(lost).toHaveCount(1);
    await expect(lost).toContainText(
      /^Connection to the studio failed — connection lost \(close 1012: test: network drop\)/,
    );
    await studioPage.screenshot('session-state-disconnected');

    blocked = false;
    await studioPage.waitForConnection('connected');
    // Main's state read again: the session went on, and the outage's notice is gone.
    await expect(state.phase).toHaveText('running');
    await expect(studioPage.errorBanner).toHaveCount(0);
    await state.expectEnabled(RUNNING_BUTTONS);
  });

  test('misuse is said next to the control, not in the banner, and goes with the phase', async ({
    studioPage,
    state,
    page,
    pageProblems,
  }) => {
    test.setTimeout(60_000);
    await studioPage.openConnected();
    await new PanelsPage(page).setInputMode('text');
    await studioPage.startRunning();

    await page.getByTestId('text-input').fill('   ');
    await page.getByTestId('send-button').click();
    await expect(state.inlineNotice('send')).toHaveText(/^Type something to send\./);
    // Start from the keyboard while running: said next to Start, no round trip, no banner.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Enter');
    await expect(state.inlineNotice('start')).toHaveText(/^A session is already running: stop it first\./);
    await expect(studioPage.errorBanner).toHaveCount(0);
    await studioPage.screenshot('session-state-inline-misuse');

    const stopped = await studioPage.stop();
    expect(stopped.ok, stopped.text).toBe(true);
    await expect(state.phase).toHaveText('ended (user_initiated)');
    await expect(state.inlineNotice('send')).toHaveCount(0);
    await expect(state.inlineNotice('start')).toHaveCount(0);
    await expect(studioPage.errorBanner).toHaveCount(0);
    expect(pageProblems).toEqual([]);
  });

  test('a recording open in the views shows its own end and duration while a live session runs', async ({
    studioPage,
    state,
    page,
    pageProblems,
  }) => {
    test.setTimeout(60_000);
    const recordings = new RecordingsPage(studioPage);
    await studioPage.openConnected();
    await new PanelsPage(page).setInputMode('text');
    await studioPage.startRunning();
    // The live config has preemptive generation off: the lane says so.
    await expect(page.getByTestId('lane-hint-preemptive')).toHaveText(PREEMPTIVE_OFF_HINT);

    await recordings.open(DEMO);
    await expect(state.phase).toHaveText('ended (stopped)');
    await expect(state.phase).toHaveAttribute('data-replay', 'true');
    await expect(state.elapsedValue).toHaveText('01:05');
    await expect(state.elapsed).toHaveAttribute('data-frozen', 'true');
    // The recording's config does not say: no hint borrowed from the live one.
    await expect(page.getByTestId('lane-hint-preemptive')).toHaveCount(0);
    // The controls still act on the live session, which runs.
    await state.expectEnabled(RUNNING_BUTTONS);
    await studioPage.screenshot('session-state-replay');

    await recordings.open(CRASHED);
    await expect(state.phase).toHaveText('ended (crashed)');

    await recordings.closeReplay.click();
    await expect(state.phase).toHaveText('running');
    await expect(state.phase).toHaveAttribute('data-replay', 'false');
    expect(pageProblems).toEqual([]);
  });
});

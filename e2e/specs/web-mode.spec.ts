/** (a) The studio loads in web mode, connects over the WebSocket, and a ping round-trips main. */
import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from '../fixtures/test';

test.describe('web mode', () => {
  test('loads, shows connected over WebSocket, and pings main', async ({ studioPage, pageProblems }) => {
    await studioPage.openConnected();
    expect(await studioPage.connectionState()).toBe('connected');
    expect(await studioPage.transport()).toBe('WebSocket');
    await expect(studioPage.page.getByRole('heading', { name: 'Voice Agent Studio' })).toBeVisible();
    // getState ran over the socket: the phase is main's, not a placeholder.
    await expect(studioPage.sessionPhase).not.toHaveAttribute('data-value', /^(connecting|disconnected)$/);

    const first = await studioPage.ping();
    const second = await studioPage.ping();
    expect(first).toMatch(/^pong \S+ in \d+ ms$/);
    expect(second.split(' ')[1]).not.toBe(first.split(' ')[1]);

    // The three-pane layout is there: controls, the timeline (its lanes, or the empty-state
    // notice before any session ran) and the inspector.
    await expect(studioPage.page.getByTestId('session-controls')).toBeVisible();
    await expect(studioPage.page.getByTestId('timeline')).toBeVisible();
    await expect(studioPage.page.getByTestId('inspector-tabs')).toBeVisible();
    await expect(studioPage.errorBanner).toHaveCount(0);

    await studioPage.screenshot('main-view');
    expect(pageProblems).toEqual([]);
  });

  test('the WebSocket carries invoke/result frames with correlated ids', async ({ studioPage, page }) => {
    const frames: string[] = [];
    page.on('websocket', (ws) => {
      // Text frames only: audio travels in binary frames (shared/binary-audio.ts).
      ws.on('framesent', (f) => typeof f.payload === 'string' && frames.push(`sent ${f.payload}`));
      ws.on('framereceived', (f) => typeof f.payload === 'string' && frames.push(`recv ${f.payload}`));
    });
    await studioPage.openConnected();
    const text = await studioPage.ping();
    const nonce = text.split(' ')[1];
    const sent = frames
      .map((f) => (f.startsWith('sent ') ? JSON.parse(f.slice(5)) : null))
      .find((m) => m?.command === 'ping');
    expect(sent).toMatchObject({ kind: 'invoke', command: 'ping', input: { nonce } });
    const result = frames
      .map((f) => (f.startsWith('recv ') ? JSON.parse(f.slice(5)) : null))
      .find((m) => m?.kind === 'result' && m.id === sent.id);
    expect(result).toMatchObject({ kind: 'result', result: { ok: true, value: { nonce } } });
  });

  test('reconnects after the connection drops, clears what the drop broke, then pings again', async ({
    studioPage,
    page,
  }) => {
    let connections = 0;
    let first: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
    const held: string[] = [];
    // Proxy the page's socket to the real server so the test can cut it like a network drop, at
    // a moment it chooses: while main's state is being read. The first connection forwards every
    // command except getState, which it holds, so the drop finds those reads in flight.
    await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
      connections += 1;
      const server = ws.connectToServer();
      if (first) return;
      first = { page: ws, server };
      ws.onMessage((message) => {
        const text = String(message);
        if ((JSON.parse(text) as { command?: string }).command === 'getState') held.push(text);
        else server.send(message);
      });
    });
    await studioPage.openConnected();
    // Both readers of main's state (the view and the config editor) are waiting on the socket.
    await expect.poll(() => held.length).toBeGreaterThanOrEqual(2);
    await studioPage.recordConnectionStates();

    const cut = first as { page: WebSocketRoute; server: WebSocketRoute } | null;
    if (!cut) throw new Error('the page opened no socket');
    await cut.page.close({ code: 1012, reason: 'test: simulated restart' });
    await cut.server.close();

    // The status shows the drop and the way back, every step of it.
    await expect
      .poll(() => studioPage.recordedConnectionStates())
      .toEqual(['disconnected', 'connecting', 'connected']);
    expect(connections).toBe(2);
    // The drop was reported while the connection was down, as one notice named by its cause:
    // which of the cut requests (the held reads, or any other still in flight) noticed it first
    // is chance, so every notice shown says the same.
    const notices = await studioPage.recordedErrorNotices();
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices)
      expect(notice).toMatch(/^Connection to the studio failed — connection lost/);
    // ...and is gone once it is back: main's state is read again and nothing stale remains.
    await expect(studioPage.sessionPhase).not.toHaveAttribute('data-value', /^(connecting|disconnected)$/);
    await expect(studioPage.errorBanner).toHaveCount(0);
    expect(await studioPage.ping()).toMatch(/^pong /);
    await expect(studioPage.errorBanner).toHaveCount(0);
  });
});

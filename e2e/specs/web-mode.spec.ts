/** (a) The studio loads in web mode, connects over the WebSocket, and a ping round-trips main. */
import { expect, test } from '../fixtures/test';

test.describe('web mode', () => {
  test('loads, shows connected over WebSocket, and pings main', async ({ studioPage, pageProblems }) => {
    await studioPage.openConnected();
    expect(await studioPage.connectionState()).toBe('connected');
    expect(await studioPage.transport()).toBe('WebSocket');
    await expect(studioPage.page.getByRole('heading', { name: 'Voice Agent Studio' })).toBeVisible();
    // getState ran over the socket: the phase is main's, not a placeholder.
    await expect(studioPage.sessionPhase).not.toHaveText('unknown');

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
      ws.on('framesent', (f) => frames.push(`sent ${String(f.payload)}`));
      ws.on('framereceived', (f) => frames.push(`recv ${String(f.payload)}`));
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

  test('reconnects after the connection drops, then pings again', async ({ studioPage, page }) => {
    let connections = 0;
    let dropped = false;
    // Proxy the page's socket to the real server so the test can cut it like a network drop.
    await page.routeWebSocket(/\/ws\?token=/, (ws) => {
      connections += 1;
      const server = ws.connectToServer();
      if (!dropped) {
        dropped = true;
        setTimeout(() => {
          void ws.close({ code: 1012, reason: 'test: simulated restart' });
          void server.close();
        }, 1000);
      }
    });
    await studioPage.openConnected();
    // The disconnected spell lasts one short backoff; record every state rather than poll for it.
    await studioPage.recordConnectionStates();
    await expect.poll(() => connections).toBeGreaterThanOrEqual(2);
    await studioPage.waitForConnection('connected');
    const seen = await studioPage.recordedConnectionStates();
    expect(seen.slice(0, 3)).toEqual(['disconnected', 'connecting', 'connected']);
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    expect(await studioPage.ping()).toMatch(/^pong /);
  });
});

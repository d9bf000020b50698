/**
 * (b) The token guards both doors: the page is 403 without it, and a socket with a missing or
 * wrong token is accepted and then closed with 4401 and a reason the UI shows. A foreign Origin
 * gets 4403.
 */
import WebSocket from 'ws';
import { expect, test } from '../fixtures/test';

const WRONG_TOKEN = 'wrong-token-0000000000000000';

interface CloseInfo {
  code: number;
  reason: string;
}

test.describe('token and origin checks', () => {
  test('the page needs the token', async ({ request, studio }) => {
    const missing = await request.get(`${studio.origin}/`);
    expect(missing.status()).toBe(403);
    expect(await missing.text()).toMatch(/token/i);
    const wrong = await request.get(`${studio.origin}/?token=${WRONG_TOKEN}`);
    expect(wrong.status()).toBe(403);
    const right = await request.get(studio.url);
    expect(right.status()).toBe(200);
    expect(await right.text()).toContain('<div id="root">');
  });

  test('a browser socket with a wrong or missing token is closed with 4401 and a reason', async ({
    studioPage,
    page,
    studio,
  }) => {
    await studioPage.openConnected();
    const closeOf = (url: string) =>
      page.evaluate(
        (u) =>
          new Promise<CloseInfo>((resolve) => {
            const ws = new WebSocket(u);
            ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
          }),
        url,
      );
    const base = `ws://127.0.0.1:${studio.port}/ws`;
    const wrong = await closeOf(`${base}?token=${WRONG_TOKEN}`);
    expect(wrong.code).toBe(4401);
    expect(wrong.reason).toMatch(/token/i);
    const missing = await closeOf(base);
    expect(missing.code).toBe(4401);
    expect(missing.reason).toMatch(/token/i);
    // The page's own connection is unaffected.
    await studioPage.waitForConnection('connected');
  });

  test('the UI shows a refused connection with the server reason and stops retrying', async ({
    studioPage,
    page,
    studio,
  }) => {
    // The server serves the page only with the right token, so the document request is sent on
    // with it while the page keeps the wrong URL: the app then opens its real socket with the
    // wrong token. (Continuing, not fulfilling: a fulfilled document has no network address, and
    // Chromium's local-network-access checks then block its socket to 127.0.0.1.)
    const wrongUrl = `${studio.origin}/?token=${WRONG_TOKEN}`;
    await page.route(wrongUrl, (route) => route.continue({ url: studio.url }));
    let sockets = 0;
    page.on('websocket', () => sockets++);

    await studioPage.open(wrongUrl);
    await studioPage.waitForConnection('refused');
    await expect(page.getByTestId('connection-reason')).toContainText('token');
    await expect(page.getByTestId('connection-reason')).toContainText('4401');
    await expect(page.getByTestId('refused-notice')).toBeVisible();
    await expect(page.getByTestId('refused-reason')).toHaveText(/Wrong token/);
    await expect(page.getByTestId('ping-button')).toBeDisabled();
    await studioPage.screenshot('refused');

    // A refusal is final: no reconnect attempts after a while.
    await page.waitForTimeout(2000);
    expect(await studioPage.connectionState()).toBe('refused');
    expect(sockets).toBe(1);
  });

  test('a socket from a foreign Origin is closed with 4403', async ({ studio }) => {
    const close = await new Promise<CloseInfo>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${studio.port}/ws?token=${studio.token}`, {
        origin: 'http://evil.example',
      });
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.on('error', reject);
    });
    expect(close.code).toBe(4403);
    expect(close.reason).toMatch(/origin/i);
  });
});

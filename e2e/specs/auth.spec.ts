/**
 * (b) Web mode's doors: a browser signs in once with the one-time code of the printed URL (it
 * gets an HttpOnly, SameSite=Strict cookie and the code leaves the address bar); the page is 403
 * without that cookie; a socket without it is closed with 4401 and a reason the UI shows; a
 * foreign Origin gets 4403.
 */
import WebSocket from 'ws';
import { expect, test } from '../fixtures/test';
import { cookieHeader, startStudioWeb } from '../fixtures/studio-server';

interface CloseInfo {
  code: number;
  reason: string;
}

function closeOf(url: string, headers: Record<string, string>): Promise<CloseInfo> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    ws.on('error', reject);
  });
}

test.describe('sign-in, cookie and origin checks', () => {
  test('a browser signs in with the printed URL once; the code leaves the address bar', async ({
    browser,
  }) => {
    const studio = await startStudioWeb({ signIn: false });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(studio.url);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
      expect(page.url()).toBe(`${studio.origin}/`);
      const cookies = await context.cookies(studio.origin);
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      // HttpOnly: page script cannot read it.
      expect(await page.evaluate('document.cookie')).toBe('');
      await context.close();

      // The code is spent: a second browser gets a 403 that says so.
      const other = await browser.newContext();
      const again = await (await other.newPage()).goto(studio.url);
      expect(again?.status()).toBe(403);
      expect(await again?.text()).toMatch(/already used/);
      await other.close();
    } finally {
      await studio.stop();
    }
  });

  test('the page needs the session cookie', async ({ request, studio }) => {
    const missing = await request.get(`${studio.origin}/`);
    expect(missing.status()).toBe(403);
    expect(await missing.text()).toMatch(/not signed in/i);
    const right = await request.get(`${studio.origin}/`, { headers: { Cookie: cookieHeader(studio) } });
    expect(right.status()).toBe(200);
    expect(await right.text()).toContain('<div id="root">');
  });

  test('a socket without the cookie or with a wrong one is closed with 4401 and a reason', async ({
    studioPage,
    studio,
  }) => {
    await studioPage.openConnected();
    const url = `ws://127.0.0.1:${studio.port}/ws`;
    const missing = await closeOf(url, { Origin: studio.origin });
    expect(missing.code).toBe(4401);
    expect(missing.reason).toMatch(/Not signed in/);
    const wrong = await closeOf(url, {
      Origin: studio.origin,
      Cookie: `${studio.cookie?.name}=wrong-0000000000000000`,
    });
    expect(wrong.code).toBe(4401);
    // The page's own connection is unaffected.
    await studioPage.waitForConnection('connected');
  });

  test('the UI shows a refused connection with the server reason and stops retrying', async ({
    studioPage,
    page,
    studio,
  }) => {
    // A cookie scoped to /index.html signs in that page only, so the page loads and then
    // opens its socket (/ws) without the cookie, as a browser whose session is gone does.
    const pageUrl = `${studio.origin}/index.html`;
    await page
      .context()
      .addCookies([
        { ...studio.cookie!, domain: '127.0.0.1', path: '/index.html', httpOnly: true, sameSite: 'Strict' },
      ]);
    let sockets = 0;
    page.on('websocket', () => sockets++);

    const response = await page.goto(pageUrl);
    expect(response?.status()).toBe(200);
    await studioPage.waitForConnection('refused');
    await expect(page.getByTestId('connection-reason')).toContainText('4401');
    await expect(page.getByTestId('refused-notice')).toBeVisible();
    await expect(page.getByTestId('refused-reason')).toHaveText(/Not signed in/);
    await expect(page.getByTestId('ping-button')).toBeDisabled();
    await studioPage.screenshot('refused');

    // A refusal is final: no reconnect attempts after a while.
    await page.waitForTimeout(2000);
    expect(await studioPage.connectionState()).toBe('refused');
    expect(sockets).toBe(1);
  });

  test('a socket from a foreign Origin is closed with 4403, even with the cookie', async ({ studio }) => {
    const close = await closeOf(`ws://127.0.0.1:${studio.port}/ws`, {
      Origin: 'http://evil.example',
      Cookie: cookieHeader(studio),
    });
    expect(close.code).toBe(4403);
    expect(close.reason).toMatch(/origin/i);
  });
});

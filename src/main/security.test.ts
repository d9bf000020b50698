import { describe, expect, it } from 'vitest';
import {
  isAllowedPermission,
  isAllowedRequest,
  isRendererPage,
  isTrustedSender,
  type RendererOrigin,
} from './security';

const built: RendererOrigin = {};
const dev: RendererOrigin = { devServerUrl: 'http://localhost:5173' };
const page = 'app://studio/index.html';
const ours = { frameUrl: page, isMainFrame: true, isOurWindow: true };

describe('isTrustedSender', () => {
  it('accepts our window showing our page', () => {
    expect(isTrustedSender(ours, built)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: `${page}?x=1#y` }, built)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://studio/' }, built)).toBe(true);
  });

  it('refuses another window, an iframe or a vanished frame', () => {
    expect(isTrustedSender({ ...ours, isOurWindow: false }, built)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, built)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, built)).toBe(false);
  });

  it('refuses other pages, files and origins', () => {
    for (const url of [
      'file:///tmp/evil.html',
      'file:///opt/studio/out/renderer/index.html',
      'app://studio/other.html',
      'app://evil/index.html',
      'app://studio:99/index.html',
      'app://user@studio/index.html',
      'https://example.com/',
      'http://localhost:5173/',
      'about:blank',
      'not a url',
    ]) {
      expect(isTrustedSender({ ...ours, frameUrl: url }, built), url).toBe(false);
    }
  });

  it('accepts the dev server only when it is configured', () => {
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost:5173/' }, dev)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost:5174/' }, dev)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'http://localhost.evil.com:5173/' }, dev)).toBe(false);
    expect(isRendererPage('https://localhost:5173/', dev)).toBe(false);
    // In development the dev server's page is the renderer; the built one is not.
    expect(isRendererPage(page, dev)).toBe(false);
  });
});

describe('isAllowedRequest', () => {
  it('allows app://studio and local schemes', () => {
    expect(isAllowedRequest(page, built)).toBe(true);
    expect(isAllowedRequest('app://studio/assets/index-abc.js', built)).toBe(true);
    expect(isAllowedRequest('data:image/png;base64,AAAA', built)).toBe(true);
    expect(isAllowedRequest('blob:app://studio/1234', built)).toBe(true);
  });

  it('blocks every file: URL, other app hosts and all remote content', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///opt/studio/out/renderer/index.html',
      'file:///opt/studio/out/renderer/assets/index-abc.js',
      'app://other/x.js',
      'app://studio:1/x.js',
      'https://cdn.example.com/x.js',
      'http://127.0.0.1:8080/',
      'wss://example.com/',
      'ftp://x/',
    ]) {
      expect(isAllowedRequest(url, built), url).toBe(false);
    }
  });

  it('allows the dev server and its HMR socket in dev only', () => {
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', built)).toBe(false);
    expect(isAllowedRequest('https://example.com/', dev)).toBe(false);
  });
});

describe('isAllowedPermission', () => {
  it('allows the microphone only', () => {
    expect(isAllowedPermission('media', ['audio'])).toBe(true);
    expect(isAllowedPermission('media')).toBe(true);
    expect(isAllowedPermission('media', ['audio', 'video'])).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal'])
      expect(isAllowedPermission(p)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { decideBuildMode } from './build-mode';

const DEV_URL = 'http://localhost:5173';

describe('decideBuildMode', () => {
  it('development (an electron-vite dev bundle, not packaged): DevTools and the loopback dev server', () => {
    expect(decideBuildMode({ devBundle: true, packaged: false, rendererUrl: DEV_URL })).toEqual({
      development: true,
      devTools: true,
      devServerUrl: DEV_URL,
      ignored: null,
    });
    expect(decideBuildMode({ devBundle: true, packaged: false, rendererUrl: undefined })).toEqual({
      development: true,
      devTools: true,
      devServerUrl: undefined,
      ignored: null,
    });
  });

  it('a production bundle (npm start, electron-vite preview) ignores ELECTRON_RENDERER_URL and has no DevTools', () => {
    const mode = decideBuildMode({ devBundle: false, packaged: false, rendererUrl: 'https://evil.example/' });
    expect(mode).toMatchObject({ development: false, devTools: false, devServerUrl: undefined });
    expect(mode.ignored).toMatch(/ELECTRON_RENDERER_URL ignored: this is a production build/);
  });

  it('a packaged app is production even if its bundle was built for development', () => {
    for (const devBundle of [true, false]) {
      const mode = decideBuildMode({ devBundle, packaged: true, rendererUrl: DEV_URL });
      expect(mode).toMatchObject({ development: false, devTools: false, devServerUrl: undefined });
      expect(mode.ignored).toMatch(/packaged build/);
    }
    expect(decideBuildMode({ devBundle: false, packaged: true, rendererUrl: undefined }).ignored).toBeNull();
  });

  it('even in development, only a plain-http loopback dev server is followed', () => {
    for (const [url, why] of [
      ['https://example.com:5173', /expected an http:\/\/ URL/],
      ['http://example.com:5173', /must be on this machine/],
      ['http://localhost.evil.com:5173', /must be on this machine/],
      ['file:///etc/passwd', /expected an http:\/\/ URL/],
      ['http://user:pw@localhost:5173', /credentials/],
      ['not a url', /is not a URL/],
    ] as const) {
      const mode = decideBuildMode({ devBundle: true, packaged: false, rendererUrl: url });
      expect(mode.devServerUrl, url).toBeUndefined();
      expect(mode.ignored, url).toMatch(why);
      expect(mode.devTools).toBe(true);
    }
    for (const url of ['http://127.0.0.1:5173/', 'http://[::1]:5173/'])
      expect(decideBuildMode({ devBundle: true, packaged: false, rendererUrl: url }).devServerUrl).toBe(url);
  });
});

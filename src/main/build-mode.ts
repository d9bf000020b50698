/**
 * Development or production: what the desktop shell allows in each, as a pure function so it is
 * tested without an Electron binary. A development build is one that is BOTH bundled by
 * `electron-vite dev` (`import.meta.env.DEV`, fixed at build time, so no environment variable can
 * turn a production bundle into one) AND not packaged (`app.isPackaged`, so a dev bundle that was
 * packaged by mistake still behaves as production). `npm start` runs `electron-vite preview`, a
 * production bundle: it gets production rules too.
 *
 * Only development opens DevTools and follows `ELECTRON_RENDERER_URL`, and only to a loopback
 * dev server: in production that variable would let anyone who can set the app's environment
 * load remote code into a window that holds the studio API.
 */

export interface BuildFacts {
  /** `import.meta.env.DEV`: true only in a bundle built by `electron-vite dev`. */
  devBundle: boolean;
  /** `app.isPackaged`. */
  packaged: boolean;
  /** `process.env.ELECTRON_RENDERER_URL` (set by `electron-vite dev`). */
  rendererUrl: string | undefined;
}

export interface BuildMode {
  development: boolean;
  /** Whether the window may open DevTools (webPreferences.devTools and the menu item). */
  devTools: boolean;
  /** The dev server to load the renderer from; undefined means the built renderer over app://. */
  devServerUrl: string | undefined;
  /** Why a given ELECTRON_RENDERER_URL was not used, to log; null when nothing was ignored. */
  ignored: string | null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function decideBuildMode(facts: BuildFacts): BuildMode {
  const development = facts.devBundle && !facts.packaged;
  const url = facts.rendererUrl?.trim() || undefined;
  if (!development) {
    return {
      development,
      devTools: false,
      devServerUrl: undefined,
      ignored:
        url === undefined
          ? null
          : `ELECTRON_RENDERER_URL ignored: this is a ${facts.packaged ? 'packaged' : 'production'} build, which loads only its own renderer`,
    };
  }
  if (url === undefined) return { development, devTools: true, devServerUrl: undefined, ignored: null };
  const problem = devServerProblem(url);
  return problem === null
    ? { development, devTools: true, devServerUrl: url, ignored: null }
    : {
        development,
        devTools: true,
        devServerUrl: undefined,
        ignored: `ELECTRON_RENDERER_URL ignored: ${problem}`,
      };
}

/** The dev server must be plain http on this machine: nothing else is a dev server. */
function devServerProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${JSON.stringify(url.slice(0, 200))} is not a URL`;
  }
  if (parsed.protocol !== 'http:') return `expected an http:// URL, got ${parsed.protocol}`;
  if (!LOOPBACK_HOSTS.has(parsed.hostname))
    return `the dev server must be on this machine (localhost, 127.0.0.1 or [::1]), not ${parsed.hostname}`;
  if (parsed.username || parsed.password) return 'the URL must not carry credentials';
  return null;
}

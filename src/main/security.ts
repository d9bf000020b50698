/**
 * The desktop shell's security policy as pure functions, so each rule is unit-tested without an
 * Electron binary. index.ts wires them into Electron's hooks. The renderer is treated as
 * untrusted: it may talk to main only from our own window and our own page, it may load nothing
 * from the network (except the dev server during `npm run dev`) and no file:// URL at all (the
 * built renderer comes from app://studio, see app-protocol.ts), and it gets the microphone only.
 */
import { APP_HOST, APP_SCHEME } from './app-protocol';

export interface RendererOrigin {
  /**
   * `electron-vite dev` serves the renderer from here (ELECTRON_RENDERER_URL, development builds
   * only: build-mode.ts); undefined: the built renderer at app://studio/index.html.
   */
  devServerUrl?: string;
}

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url); null if the frame is gone. */
  frameUrl: string | null;
  /** Whether the frame is the top frame of its page: iframes get no studio API. */
  isMainFrame: boolean;
  /** Whether event.sender is our main window's webContents. */
  isOurWindow: boolean;
}

/** Decides whether an IPC invoke comes from our own renderer page in our own window. */
export function isTrustedSender(sender: SenderInfo, origin: RendererOrigin): boolean {
  if (!sender.isOurWindow || !sender.isMainFrame || !sender.frameUrl) return false;
  return isRendererPage(sender.frameUrl, origin);
}

/**
 * True for app://studio/index.html (any query or hash) when the built renderer is in use, or any
 * page of the dev server's origin in development.
 */
export function isRendererPage(url: string, origin: RendererOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:`) {
    return (
      origin.devServerUrl === undefined &&
      isAppHost(parsed) &&
      (parsed.pathname === '/index.html' || parsed.pathname === '/')
    );
  }
  return (
    origin.devServerUrl !== undefined &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    sameOrigin(parsed, origin.devServerUrl)
  );
}

/**
 * Filters every request the window's session makes. Local schemes the page itself creates are
 * fine; app://studio (whose handler maps every path into the renderer folder or refuses it); no
 * file: at all (no reading ~/.ssh through a fetch); the network only to the dev server (its
 * page, modules and HMR socket).
 */
export function isAllowedRequest(url: string, origin: RendererOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  switch (parsed.protocol) {
    case 'data:':
    case 'blob:':
    case 'devtools:':
      return true;
    case `${APP_SCHEME}:`:
      return isAppHost(parsed);
    case 'http:':
    case 'https:':
    case 'ws:':
    case 'wss:':
      return origin.devServerUrl !== undefined && sameOrigin(parsed, origin.devServerUrl, true);
    default:
      return false;
  }
}

/** The microphone is the one thing the studio needs; camera, screen, location etc. are refused. */
export function isAllowedPermission(permission: string, mediaTypes: readonly string[] = []): boolean {
  return permission === 'media' && mediaTypes.every((t) => t === 'audio');
}

function isAppHost(url: URL): boolean {
  return url.host === APP_HOST && !url.username && !url.password && !url.port;
}

/** Compares origins; `anyScheme` lets ws://host:port match the http dev server (Vite's HMR socket). */
function sameOrigin(url: URL, other: string, anyScheme = false): boolean {
  let o: URL;
  try {
    o = new URL(other);
  } catch {
    return false;
  }
  const port = (u: URL) => u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
  const schemeOk = anyScheme
    ? url.protocol.replace(/^ws/, 'http') === o.protocol
    : url.protocol === o.protocol;
  return schemeOk && url.hostname === o.hostname && port(url) === port(o);
}

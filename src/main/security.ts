/**
 * The desktop shell's security policy as pure functions, so each rule is unit-tested without an
 * Electron binary. index.ts wires them into Electron's hooks. The renderer is treated as
 * untrusted: it may talk to main only from our own window and our own page, it may load nothing
 * from the network (except the dev server during `npm run dev`), and it gets the microphone only.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { relative, isAbsolute } from 'node:path';

export interface RendererOrigin {
  /** The built renderer's index.html on disk (out/renderer/index.html). */
  indexFile: string;
  /** `electron-vite dev` serves the renderer from here (ELECTRON_RENDERER_URL); undefined in builds. */
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

/** True for the built index.html (any query or hash) or any page of the dev server's origin. */
export function isRendererPage(url: string, origin: RendererOrigin): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    return pathToFileURL(origin.indexFile).pathname === parsed.pathname;
  }
  return (
    origin.devServerUrl !== undefined &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    sameOrigin(parsed, origin.devServerUrl)
  );
}

/**
 * Filters every request the window's session makes. Local schemes the page itself creates are
 * fine; file: only inside the renderer's own folder (no reading ~/.ssh through a fetch); the
 * network only to the dev server (its page, modules and HMR socket).
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
    case 'file:': {
      let path: string;
      try {
        path = fileURLToPath(parsed);
      } catch {
        return false;
      }
      const rel = relative(rendererRoot(origin), path);
      return !rel.startsWith('..') && !isAbsolute(rel);
    }
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

function rendererRoot(origin: RendererOrigin): string {
  return origin.indexFile.replace(/[\\/][^\\/]+$/, '');
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

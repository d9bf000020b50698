/**
 * The built renderer is served from `app://studio/…`, a custom scheme registered as standard and
 * secure, rather than from file://. A file:// page shares its origin with every file on disk
 * (and the GrantFileProtocolExtraPrivileges fuse can then be turned off); `app://studio` is an
 * origin of its own whose every URL maps into the renderer folder or is refused. The path rules
 * are web mode's (transport/static-files.ts: no traversal, no encoded separators, no symlinks out,
 * no dotfiles); this module adds the scheme and host check, the methods and the headers. Pure
 * apart from reading the renderer folder, so it is tested without an Electron binary.
 */
import { readFile } from 'node:fs/promises';
import { resolveStaticPath, type ResolvedPath } from './transport/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * What `protocol.registerSchemesAsPrivileged` grants the scheme: a standard URL (so relative
 * URLs, origins and 'self' in the CSP work), secure context (microphone access), fetch and media
 * streaming. Not `bypassCSP` and not `corsEnabled`: the page's policy applies as to any page.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true,
} as const;

export type AppRequestPath = { ok: true; rawPath: string } | { ok: false; status: 400 | 404; reason: string };

/**
 * The raw (still percent-encoded) path of an app:// URL, or why it is refused. Only our scheme
 * and our host; query and fragment are not part of the file.
 */
export function appRequestPath(url: string): AppRequestPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:`) return { ok: false, status: 400, reason: 'not an app:// URL' };
  if (parsed.username || parsed.password || parsed.port) return { ok: false, status: 400, reason: 'bad URL' };
  if (parsed.hostname !== APP_HOST)
    return { ok: false, status: 404, reason: `unknown host ${parsed.hostname.slice(0, 100)}` };
  return { ok: true, rawPath: parsed.pathname || '/' };
}

/** Maps an app:// URL to a file of the renderer folder (index.html for `/`), or refuses it. */
export async function resolveAppUrl(rendererDir: string, url: string): Promise<ResolvedPath> {
  const path = appRequestPath(url);
  if (!path.ok) return { kind: 'refused', status: path.status, reason: path.reason };
  return resolveStaticPath(rendererDir, path.rawPath);
}

export interface AppRequest {
  method: string;
  url: string;
}

/**
 * The protocol handler: the file with its MIME type, the page's CSP (the same policy the
 * renderer's meta tag carries, sent as a header too) and nosniff; a refusal as plain text.
 */
export async function handleAppRequest(
  request: AppRequest,
  rendererDir: string,
  csp: string,
): Promise<Response> {
  const headers = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed.\n', {
      status: 405,
      headers: { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const resolved = await resolveAppUrl(rendererDir, request.url);
  if (resolved.kind === 'refused') {
    return new Response(`${resolved.status === 404 ? 'Not found' : 'Refused'}: ${resolved.reason}.\n`, {
      status: resolved.status,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const body = request.method === 'HEAD' ? null : await readFile(resolved.path);
  return new Response(body, {
    status: 200,
    headers: { ...headers, 'Content-Type': resolved.contentType, 'Content-Length': String(resolved.size) },
  });
}

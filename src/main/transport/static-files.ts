/**
 * Maps request paths of web mode onto files of the built renderer. The server is reachable by
 * every local process and every page in the user's browser, so the path rules err on refusing:
 * no traversal, no encoded separators, no symlinks out of the root, no dotfiles.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, posix, relative, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type ResolvedPath =
  | { kind: 'file'; path: string; size: number; contentType: string }
  | { kind: 'refused'; status: 400 | 403 | 404; reason: string };

/**
 * Checks a raw request path (before any URL parsing, so `//host/x` cannot be read as an
 * authority) and returns the file to serve. `/` is the renderer's index.html.
 */
export async function resolveStaticPath(root: string, rawPath: string): Promise<ResolvedPath> {
  if (!rawPath.startsWith('/') || rawPath.startsWith('//'))
    return { kind: 'refused', status: 400, reason: 'bad path' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'refused', status: 400, reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\0') || decoded.includes('\\'))
    return { kind: 'refused', status: 400, reason: 'bad path' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..'))
    return { kind: 'refused', status: 403, reason: 'path traversal refused' };
  if (segments.some((s) => s.startsWith('.') && s !== '.' && s !== ''))
    return { kind: 'refused', status: 404, reason: 'not found' };
  const normalized = posix.normalize(decoded === '/' ? '/index.html' : decoded);
  const rootReal = await realpath(resolve(root));
  const candidate = resolve(rootReal, `.${normalized}`);
  if (!isInside(rootReal, candidate))
    return { kind: 'refused', status: 403, reason: 'path traversal refused' };
  try {
    // Resolving symlinks before the check means a link inside the build cannot expose ~/.ssh.
    const real = await realpath(candidate);
    if (!isInside(rootReal, real)) return { kind: 'refused', status: 403, reason: 'path traversal refused' };
    const info = await stat(real);
    if (!info.isFile()) return { kind: 'refused', status: 404, reason: 'not found' };
    return { kind: 'file', path: real, size: info.size, contentType: contentTypeFor(real) };
  } catch {
    return { kind: 'refused', status: 404, reason: 'not found' };
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

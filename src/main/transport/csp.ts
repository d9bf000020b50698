/**
 * The Content-Security-Policy of every studio page, in one place so the desktop window and web
 * mode cannot drift. The renderer never needs remote code, frames or plugins; it needs only its
 * own bundle, inline styles (React style props), data: images, blob: audio and its one socket.
 */

export interface CspOptions {
  /** Extra connect-src sources beyond 'self' (the web-mode socket, the dev server's HMR socket). */
  connectSrc?: readonly string[];
  /** Only for `electron-vite dev`: the React refresh preamble is an inline script. */
  allowInlineScripts?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', options.allowInlineScripts ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...(options.connectSrc ?? [])]],
    ['media-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** The web-mode policy: the page may open exactly one socket, back to the server that served it. */
export function webModeCsp(host: string, port: number): string {
  return contentSecurityPolicy({ connectSrc: [`ws://${host}:${port}`] });
}

/**
 * How a browser proves to web mode that the user sent it. Nothing secret goes on a command line
 * (a browser's argv is readable by every local user through /proc): the server hands out
 * one-time codes, short-lived and good for one exchange, and a page request carrying a valid code
 * gets the session cookie (HttpOnly, SameSite=Strict) and a redirect that drops the code from
 * the address bar. The page and its socket then authenticate by that cookie alone.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log';

export type RedeemResult = 'ok' | 'unknown' | 'used' | 'expired';

interface CodeState {
  expiresAt: number;
  used: boolean;
}

/** Codes the server issued; each redeems once, within its lifetime. */
export class OneTimeCodes {
  private readonly codes = new Map<string, CodeState>();

  constructor(private readonly now: () => number) {}

  issue(ttlMs: number): string {
    this.sweep();
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, { expiresAt: this.now() + ttlMs, used: false });
    return code;
  }

  redeem(code: string): RedeemResult {
    const state = this.codes.get(code);
    if (!state) return 'unknown';
    if (state.used) return 'used';
    if (this.now() >= state.expiresAt) return 'expired';
    state.used = true;
    return 'ok';
  }

  /** Expired codes are forgotten (a later try reads "unknown"); used ones are kept until then to say "used". */
  private sweep(): void {
    const now = this.now();
    for (const [code, state] of this.codes) if (now >= state.expiresAt) this.codes.delete(code);
  }
}

/** Why a code did not sign the browser in, as the 403 page says it. */
export function redeemRefusal(result: Exclude<RedeemResult, 'ok'>): string {
  const why =
    result === 'used'
      ? 'this sign-in code was already used (each code works once)'
      : result === 'expired'
        ? 'this sign-in code has expired'
        : 'this sign-in code is not one this studio issued (the studio restarted?)';
  return `Forbidden: ${why}. A browser that already signed in keeps working; otherwise restart \`npm run web\` and open the URL it prints.`;
}

/** Cookies are per host, not per port: the port in the name keeps two studios apart. */
export function sessionCookieName(port: number): string {
  return `studio_session_${port}`;
}

export function sessionCookieHeader(name: string, value: string): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function secretMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface RefusalLogOptions {
  /** Lines logged per window; the rest are counted. */
  maxPerWindow: number;
  windowMs: number;
  now: () => number;
}

/**
 * Refusals are logged, but a client that retries in a loop must not flood the log: past the
 * window's budget one line says refusals are being suppressed, and the next window's first line
 * says how many were.
 */
export function refusalLog(logger: Logger, options: RefusalLogOptions) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let logged = 0;
  let suppressed = 0;
  return (msg: string, fields: Record<string, unknown> = {}): void => {
    const now = options.now();
    if (now - windowStart >= options.windowMs) {
      if (suppressed > 0)
        logger.log('warn', 'refusals suppressed', { count: suppressed, windowMs: options.windowMs });
      windowStart = now;
      logged = 0;
      suppressed = 0;
    }
    if (logged < options.maxPerWindow) {
      logged += 1;
      logger.log('warn', msg, fields);
      return;
    }
    if (suppressed === 0)
      logger.log('warn', 'too many refusals, suppressing until the window ends', {
        windowMs: options.windowMs,
      });
    suppressed += 1;
  };
}

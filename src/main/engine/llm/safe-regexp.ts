/**
 * Regular expressions from untrusted JSON schemas (scenario files, the config editor, MCP
 * servers) run on a linear-time engine. JavaScript's RegExp backtracks: a `pattern` like
 * `^(a+)+$` against 30 "a"s and a "!" never returns, and it runs synchronously on the main
 * process. RE2 (re2js, a pure-JS port: no native build) matches in time linear in the input and
 * refuses what it cannot match that way (lookarounds, backreferences), which we then report.
 */
import { RE2JS } from 're2js';

/** Longest pattern accepted: RE2 matching costs pattern length x input length. */
export const MAX_PATTERN_LENGTH = 2_000;

/** A schema pattern the linear-time engine cannot run; `reason` says why. */
export class UnsafePatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`pattern ${JSON.stringify(pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern)} ${reason}`);
    this.name = 'UnsafePatternError';
  }
}

/** Compiles `pattern` for RE2; throws UnsafePatternError naming what is not supported. */
export function compileSafePattern(pattern: string): RE2JS {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new UnsafePatternError(
      pattern,
      `is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are accepted`,
    );
  }
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new UnsafePatternError(
      pattern,
      `is not supported by the linear-time regex engine (RE2: no lookaround or backreferences): ${detail}`,
    );
  }
}

/**
 * Ajv's `code.regExp` hook: every `pattern` and `patternProperties` key compiles here instead of
 * `new RegExp`. The returned object names its pattern in `toString`, which Ajv uses as a cache key.
 */
export function safeRegExp(
  pattern: string,
  _flags: string,
): { test(s: string): boolean; toString(): string } {
  const re = compileSafePattern(pattern);
  return { test: (s: string) => re.test(s), toString: () => `re2:${pattern}` };
}
safeRegExp.code = 'safeRegExp';

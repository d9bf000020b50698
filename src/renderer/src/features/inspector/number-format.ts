/**
 * The one place numbers become text in the event log and the inspectors, so a duration reads
 * "2,224 ms" or "12.4 s" everywhere and never "2224.3083900226757 ms". Locale-independent
 * (en-US grouping) so tests and screenshots read the same on every machine.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Text for a value that is not a finite number: says what it is rather than hiding it. */
function notFinite(value: number): string | null {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return null;
}

/** A count: `12,345`. */
export function formatCount(n: number): string {
  return notFinite(n) ?? grouped.format(Math.round(n));
}

/**
 * A duration in ms: under 10 s in whole ms with grouping (`812 ms`, `2,224 ms`; one decimal
 * under 10 ms: `3.4 ms`), under a minute in seconds to the tenth (`12.4 s`), beyond in minutes
 * and seconds (`2 min 05 s`).
 */
export function formatMs(ms: number): string {
  const bad = notFinite(ms);
  if (bad !== null) return `${bad} ms`;
  const sign = ms < 0 ? '−' : '';
  const abs = Math.abs(ms);
  if (abs < 10) {
    const r = Math.round(abs * 10) / 10;
    return `${sign}${Number.isInteger(r) ? r : r.toFixed(1)} ms`;
  }
  if (Math.round(abs) < 10_000) return `${sign}${grouped.format(Math.round(abs))} ms`;
  if (abs < 59_950) return `${sign}${oneDecimal.format(abs / 1000)} s`;
  const totalS = Math.round(abs / 1000);
  const m = Math.floor(totalS / 60);
  return `${sign}${grouped.format(m)} min ${String(totalS % 60).padStart(2, '0')} s`;
}

/** A rate: `42.5 tokens/s` (one decimal). */
export function formatRate(perSecond: number, unit: string): string {
  return `${notFinite(perSecond) ?? oneDecimal.format(perSecond)} ${unit}/s`;
}

/** A probability or other 0..1 score to two decimals. */
export function formatScore(p: number): string {
  return notFinite(p) ?? p.toFixed(2);
}

/**
 * US dollars with the precision a small cost needs: `$1.23`, `$0.0042`, `$0.000015`; zero is
 * `$0`. Never rounds a non-zero cost to `$0.00`.
 */
export function formatUsd(usd: number): string {
  const bad = notFinite(usd);
  if (bad !== null) return `$${bad}`;
  if (usd === 0) return '$0';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '−' : '';
  if (abs >= 1) return `${sign}$${abs.toFixed(2)}`;
  // Two significant digits below a dollar.
  const digits = Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(abs))));
  return `${sign}$${abs.toFixed(digits)}`;
}

/** Characters of a text: `1,048,576 chars`. */
export function formatChars(n: number): string {
  return `${formatCount(n)} char${n === 1 ? '' : 's'}`;
}

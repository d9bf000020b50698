/**
 * Result formats for people and machines: the console lines of format §8, a JSON report (read by
 * scripts/test-all.mjs: `results[].status`), and JUnit XML for CI systems.
 */
import { relative } from 'node:path';
import type { ScenarioResult, SuiteResult } from './scenario-suite';

/** Console lines: PASS/FAIL per scenario with its failures indented, then `N passed, N failed`. */
export function formatResultLines(r: ScenarioResult): string[] {
  if (r.status === 'pass') return [`PASS ${r.name}`];
  if (r.status === 'invalid') {
    return [
      `INVALID ${relative(process.cwd(), r.file) || r.file}`,
      ...r.issues.map((i) => `  ${i.path}: ${i.message}`),
    ];
  }
  return [`FAIL ${r.name}`, ...r.failures.map((f) => `  ${f}`)];
}

export function summaryLine(suite: SuiteResult): string {
  const passed = suite.results.filter((r) => r.status === 'pass').length;
  return `${passed} passed, ${suite.results.length - passed} failed`;
}

export function toJsonReport(suite: SuiteResult): string {
  const passed = suite.results.filter((r) => r.status === 'pass').length;
  const invalid = suite.results.filter((r) => r.status === 'invalid').length;
  return `${JSON.stringify(
    {
      passed,
      failed: suite.results.length - passed,
      invalid,
      missing: suite.missing,
      results: suite.results.map((r) => ({ ...r, file: relative(process.cwd(), r.file) || r.file })),
    },
    null,
    2,
  )}\n`;
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- removing exactly the characters XML forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function toJunitXml(suite: SuiteResult): string {
  const failures = suite.results.filter((r) => r.status === 'fail').length;
  const errors = suite.results.filter((r) => r.status === 'invalid').length;
  const total = suite.results.reduce((s, r) => s + r.wallMs, 0);
  const cases = suite.results.map((r) => {
    const file = relative(process.cwd(), r.file) || r.file;
    const open = `    <testcase name="${xmlEscape(r.name)}" classname="${xmlEscape(file)}" file="${xmlEscape(file)}" time="${seconds(r.wallMs)}"`;
    if (r.status === 'pass') return `${open}/>`;
    if (r.status === 'invalid') {
      const body = r.issues.map((i) => `${i.path}: ${i.message}`).join('\n');
      return `${open}>\n      <error type="invalid" message="${xmlEscape(`invalid scenario file: ${r.issues[0]?.path ?? '$'}: ${r.issues[0]?.message ?? ''}`)}">${xmlEscape(body)}</error>\n    </testcase>`;
    }
    return `${open}>\n      <failure type="expectation" message="${xmlEscape(r.failures[0] ?? 'failed')}">${xmlEscape(r.failures.join('\n'))}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="scenarios" tests="${suite.results.length}" failures="${failures}" errors="${errors}" time="${seconds(total)}">`,
    `  <testsuite name="scenarios" tests="${suite.results.length}" failures="${failures}" errors="${errors}" skipped="0" time="${seconds(total)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

import { describe, expect, it } from 'vitest';
import { formatResultLines, summaryLine, toJsonReport, toJunitXml, xmlEscape } from './report-writers';
import { exitCodeFor, type ScenarioResult, type SuiteResult } from './scenario-suite';

const result = (over: Partial<ScenarioResult>): ScenarioResult => ({
  name: 'n',
  file: `${process.cwd()}/tests/x.scenario.json`,
  status: 'pass',
  failures: [],
  issues: [],
  wallMs: 12,
  virtualMs: 5000,
  ...over,
});

const suite: SuiteResult = {
  missing: [],
  results: [
    result({ name: 'ok <one>' }),
    result({
      name: 'bad & "two"',
      status: 'fail',
      failures: ['agentStates[1]: expected "thinking", got "listening"@3000', 'x\u0001y'],
    }),
    result({
      name: 'tests/y.scenario.json',
      status: 'invalid',
      issues: [{ path: '$.script[0]', message: "expected 'one' kind" }],
    }),
  ],
};

describe('console lines', () => {
  it('PASS / FAIL with indented failures / INVALID with path and expectation, then the summary', () => {
    expect(suite.results.flatMap(formatResultLines)).toEqual([
      'PASS ok <one>',
      'FAIL bad & "two"',
      '  agentStates[1]: expected "thinking", got "listening"@3000',
      '  x\u0001y',
      'INVALID tests/x.scenario.json',
      "  $.script[0]: expected 'one' kind",
    ]);
    expect(summaryLine(suite)).toBe('1 passed, 2 failed');
  });

  it('exit codes: 2 for any invalid file, 1 for failures, 0 when all passed', () => {
    expect(exitCodeFor(suite)).toBe(2);
    expect(exitCodeFor({ missing: [], results: suite.results.slice(0, 2) })).toBe(1);
    expect(exitCodeFor({ missing: [], results: suite.results.slice(0, 1) })).toBe(0);
    expect(exitCodeFor({ missing: ['nope'], results: [] })).toBe(2);
  });
});

describe('JSON report', () => {
  it('has results with status (read by scripts/test-all.mjs) and relative files', () => {
    const j = JSON.parse(toJsonReport(suite));
    expect(j).toMatchObject({ passed: 1, failed: 2, invalid: 1 });
    expect(j.results.map((r: ScenarioResult) => r.status)).toEqual(['pass', 'fail', 'invalid']);
    expect(j.results[0].file).toBe('tests/x.scenario.json');
  });
});

describe('JUnit XML', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlEscape(`a<b>&"c'\u0001\u0007d`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d');
  });

  it('one testcase per scenario; failures and invalid files carry messages', () => {
    const xml = toJunitXml(suite);
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="scenarios" tests="3" failures="1" errors="1"',
      ),
    ).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain(
      '<testcase name="ok &lt;one&gt;" classname="tests/x.scenario.json" file="tests/x.scenario.json" time="0.012"/>',
    );
    expect(xml).toContain(
      '<failure type="expectation" message="agentStates[1]: expected &quot;thinking&quot;, got &quot;listening&quot;@3000">',
    );
    expect(xml).toContain('@3000\nxy</failure>');
    expect(xml).toContain(
      '<error type="invalid" message="invalid scenario file: $.script[0]: expected &apos;one&apos; kind">',
    );
    // Well-formed enough for a strict check: every opened element is closed, no raw control chars.
    expect([...xml].some((c) => c.charCodeAt(0) < 9)).toBe(false);
    const opened = (xml.match(/<(testsuites|testsuite|testcase|failure|error)[ >]/g) ?? []).length;
    const selfClosed = (xml.match(/\/>/g) ?? []).length;
    const closed = (xml.match(/<\/(testsuites|testsuite|testcase|failure|error)>/g) ?? []).length;
    expect(opened).toBe(selfClosed + closed);
  });
});

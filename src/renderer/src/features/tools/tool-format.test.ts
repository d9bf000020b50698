import { describe, expect, it } from 'vitest';
import type { ToolCallRecord } from './tool-calls';
import { durationLabel, prettyJson } from './tool-format';

const call = (patch: Partial<ToolCallRecord>): ToolCallRecord => ({
  callId: 'c',
  name: 'n',
  arguments: '',
  speechId: null,
  startedAt: null,
  endedAt: null,
  durationMs: null,
  output: null,
  isError: false,
  status: 'running',
  ...patch,
});

describe('tool formatting', () => {
  it('indents JSON and leaves other text alone', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyJson('sunny')).toBe('sunny');
    expect(prettyJson('{broken')).toBe('{broken');
  });

  it('labels durations without inventing one', () => {
    expect(durationLabel(call({ durationMs: 250.4, status: 'ok' }))).toBe('250 ms');
    expect(durationLabel(call({}))).toBe('running…');
    expect(durationLabel(call({ status: 'ok' }))).toBe('unknown');
  });
});

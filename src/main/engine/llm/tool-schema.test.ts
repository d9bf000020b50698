import { describe, expect, it } from 'vitest';
import { MAX_PATTERN_LENGTH } from './safe-regexp';
import {
  MAX_SCHEMA_DEPTH,
  ToolArgumentsError,
  ToolSchemaError,
  compileToolSchema,
  prepareFunctionArguments,
} from './tool-schema';

const withPattern = (pattern: string) => ({
  type: 'object',
  properties: { code: { type: 'string', pattern } },
  required: ['code'],
});

function schemaError(fn: () => unknown): ToolSchemaError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ToolSchemaError) return err;
    throw err;
  }
  throw new Error('expected a ToolSchemaError');
}

describe('untrusted schema patterns run on a linear-time engine', () => {
  it('a catastrophic-backtracking pattern answers at once (a backtracking engine never returns)', () => {
    const parameters = withPattern('^(a+)+$');
    const args = (code: string) => ({ toolName: 't', parameters, jsonArguments: JSON.stringify({ code }) });
    expect(prepareFunctionArguments(args('aaaa'))).toEqual({ code: 'aaaa' });
    // 2^50 backtracking paths for RegExp; RE2 scans the input once.
    expect(() => prepareFunctionArguments(args(`${'a'.repeat(50)}!`))).toThrow(ToolArgumentsError);
    expect(() => prepareFunctionArguments(args(`${'a'.repeat(50)}!`))).toThrow(/code: must match pattern/);
  });

  it('patterns RE2 cannot run (lookaround, backreferences) are refused naming the field', () => {
    const look = schemaError(() => compileToolSchema('t', withPattern('^(?=a)a$')));
    expect(look.fieldPath).toEqual(['properties', 'code', 'pattern']);
    expect(look.message).toMatch(
      /function tool "t": invalid parameters schema at "properties\.code\.pattern": pattern "\^\(\?=a\)a\$" is not supported by the linear-time regex engine/,
    );
    const backref = schemaError(() => compileToolSchema('t', withPattern('(a)\\1')));
    expect(backref.field).toBe('properties.code.pattern');
  });

  it('patternProperties keys are checked too, with the key as one path segment', () => {
    const err = schemaError(() =>
      compileToolSchema('t', { type: 'object', patternProperties: { '^x.(?!y)$': { type: 'string' } } }),
    );
    expect(err.fieldPath).toEqual(['patternProperties', '^x.(?!y)$']);
  });

  it('a pattern inside enum/const/default is data, not a regex', () => {
    expect(() =>
      compileToolSchema('t', {
        type: 'object',
        properties: { o: { type: 'object', default: { pattern: '(?=x)' } } },
      }),
    ).not.toThrow();
  });

  it('an over-long pattern is refused with the limit', () => {
    const err = schemaError(() => compileToolSchema('t', withPattern('a'.repeat(MAX_PATTERN_LENGTH + 1))));
    expect(err.message).toContain(`at most ${MAX_PATTERN_LENGTH} are accepted`);
  });

  it('supported patterns keep their JSON Schema meaning (unanchored search)', () => {
    const validate = compileToolSchema('t', withPattern('[0-9]{3}'));
    expect(validate({ code: 'ab123cd' })).toBe(true);
    expect(validate({ code: 'ab12cd' })).toBe(false);
  });
});

describe('schema depth', () => {
  it('a schema nested deeper than the limit is refused naming where, without a stack overflow', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100_000; i++) deep = { type: 'object', properties: { a: deep } };
    const err = schemaError(() => compileToolSchema('deep', deep));
    expect(err.message).toContain(`nested more than ${MAX_SCHEMA_DEPTH} levels deep`);
    expect(err.fieldPath.length).toBe(MAX_SCHEMA_DEPTH + 1);
    expect(err.field.startsWith('properties.a.properties.a')).toBe(true);
  });

  it('a schema within the limit compiles', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) deep = { type: 'object', properties: { a: deep } };
    expect(() => compileToolSchema('ok', deep)).not.toThrow();
  });
});

describe('schemas that used to escape as raw errors or pass everything', () => {
  it('an unknown $schema is a ToolSchemaError naming $schema', () => {
    const err = schemaError(() =>
      compileToolSchema('t', { type: 'object', $schema: 'http://example.com/x' }),
    );
    expect(err.field).toBe('$schema');
    expect(err.message).toContain('no schema with key or ref');
  });

  it('the same $id in two schemas (one tool compiled twice) is not a conflict', () => {
    const make = () => ({
      type: 'object',
      $id: 'https://example.com/tool',
      properties: { a: { type: 'string' } },
    });
    expect(() => compileToolSchema('t', make())).not.toThrow();
    expect(() => compileToolSchema('t', make())).not.toThrow();
  });

  it('an $async schema is refused: its validator would accept any arguments', () => {
    expect(schemaError(() => compileToolSchema('t', { type: 'object', $async: true })).field).toBe('$async');
  });
});

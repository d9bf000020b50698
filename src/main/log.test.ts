import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, redactingLogger, redactSecretPatterns } from './log';

const KEY = 'sk-test-0123456789abcdefXYZ';

describe('log redaction', () => {
  it('createLogger redacts the whole line, nested fields included, with its redactor', () => {
    const lines: string[] = [];
    const logger = createLogger(
      't',
      (l) => lines.push(l),
      (t) => redactSecretPatterns(t.split('hunter22').join('[redacted]')),
    );
    logger.log('error', `provider said ${KEY}`, {
      error: { headers: { authorization: `Bearer ${KEY}` } },
      pw: 'hunter22',
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(KEY);
    expect(lines[0]).not.toContain('hunter22');
    const record = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(record.msg).toBe('provider said [redacted]');
    expect(record.error).toEqual({ headers: { authorization: 'Bearer [redacted]' } });
  });

  it('the default redactor catches key-like patterns; a throwing redactor falls back to it', () => {
    const lines: string[] = [];
    createLogger('t', (l) => lines.push(l)).log('warn', KEY);
    createLogger(
      't',
      (l) => lines.push(l),
      () => {
        throw new Error('broken');
      },
    ).log('warn', KEY);
    expect(lines.every((l) => !l.includes(KEY) && l.includes('[redacted]'))).toBe(true);
  });

  it('redactingLogger scrubs message, strings, arrays and errors before the inner logger sees them', () => {
    const inner = createMemoryLogger();
    const cyclic: Record<string, unknown> = { k: KEY };
    cyclic.self = cyclic;
    redactingLogger(inner, redactSecretPatterns).log('error', `failed ${KEY}`, {
      error: new Error(`401 ${KEY}`),
      list: [KEY, 3, null],
      cyclic,
    });
    expect(JSON.stringify(inner.records)).not.toContain(KEY);
    expect(inner.records[0]).toMatchObject({
      msg: 'failed [redacted]',
      error: 'Error: 401 [redacted]',
      list: ['[redacted]', 3, null],
      cyclic: { k: '[redacted]', self: '[unlogged]' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { createCommandRouter, dottedPath, fail, ok, type CommandHandlers } from './command-router';
import { SessionHost } from './session-host';

function setup(overrides: Partial<CommandHandlers> = {}) {
  const logger = createMemoryLogger();
  const host = new SessionHost({ transport: 'websocket', logger, now: () => 42 });
  const router = createCommandRouter({ ...host.handlers, ...overrides }, logger);
  return { router, logger, host };
}

describe('command router', () => {
  it('dispatches a valid command to its handler', async () => {
    const { router } = setup();
    expect(await router('ping', { nonce: 'abc' })).toEqual({
      ok: true,
      value: { nonce: 'abc', receivedAt: 42 },
    });
  });

  it('refuses an unknown command and logs it', async () => {
    const { router, logger } = setup();
    const result = await router('rm -rf', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown_command', message: 'unknown command: rm -rf' },
    });
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'unknown command refused', command: 'rm -rf' }),
    );
  });

  it('refuses non-string and inherited names (no prototype lookups)', async () => {
    const { router } = setup();
    for (const name of [undefined, 12, { ping: 1 }, 'toString', '__proto__', 'constructor']) {
      const result = await router(name, {});
      expect(result.ok ? null : result.error.code).toBe('unknown_command');
    }
  });

  it('names the failing field as a dotted path with what was expected', async () => {
    const { router } = setup();
    const result = await router('ping', { nonce: 5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.field).toBe('nonce');
    expect(result.error.message).toMatch(/^nonce: .*expected string/);
  });

  it('names an unrecognized key itself, since inputs are strict', async () => {
    const { router } = setup();
    const result = await router('say', { text: 'hi', loud: true });
    expect(result.ok ? null : result.error).toMatchObject({ code: 'invalid_input', field: 'loud' });
  });

  it('reports a non-object input without inventing a field', async () => {
    const { router } = setup();
    const result = await router('ping', 'hello');
    expect(result.ok ? null : result.error).toMatchObject({ code: 'invalid_input' });
    expect(result.ok ? null : result.error.field).toBeUndefined();
  });

  it('treats missing input as {} for commands without arguments', async () => {
    const { router } = setup();
    const result = await router('getState', undefined);
    expect(result.ok).toBe(true);
  });

  it('turns a handler exception into a failed result instead of throwing', async () => {
    const { router, logger } = setup({
      ping: () => {
        throw new Error('boom');
      },
      getState: async () => Promise.reject(new Error('async boom')),
    });
    await expect(router('ping', { nonce: 'x' })).resolves.toEqual(fail('failed', 'boom'));
    await expect(router('getState', {})).resolves.toEqual(fail('failed', 'async boom'));
    expect(logger.records.filter((r) => r.level === 'error')).toHaveLength(2);
  });

  it('passes typed refusals from a handler through unchanged', async () => {
    const { router } = setup({ stopSession: () => fail('no_session', 'nothing running') });
    expect(await router('stopSession', {})).toEqual(fail('no_session', 'nothing running'));
    expect(ok(1)).toEqual({ ok: true, value: 1 });
  });
});

describe('dottedPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(dottedPath('', ['agent', 'tools', 0, 'name'])).toBe('agent.tools[0].name');
    expect(dottedPath('config', ['options'])).toBe('config.options');
    expect(dottedPath('', [])).toBe('');
  });
});

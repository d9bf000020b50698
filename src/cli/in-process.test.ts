/**
 * The in-process runner the CLI suites use instead of a child process per call: it must capture
 * exactly what the entry writes, hand it the environment and stdin asked for, and leave the test
 * process as it found it, even when the entry throws.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from './in-process';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}

describe('runInProcess', () => {
  it('captures stdout and stderr and returns the exit code', async () => {
    const r = await runInProcess(
      async (args) => {
        process.stdout.write(`args ${args.join(' ')}\n`);
        process.stderr.write(Buffer.from('oops\n'));
        return 3;
      },
      ['a', 'b'],
    );
    expect(r).toEqual({ code: 3, stdout: 'args a b\n', stderr: 'oops\n' });
  });

  it('sets and removes variables for the run only, and pipes the input on stdin', async () => {
    process.env.IN_PROCESS_TEST_KEEP = 'kept';
    const r = await runInProcess(
      async () => {
        process.stdout.write(`${process.env.IN_PROCESS_TEST_NEW}|${process.env.IN_PROCESS_TEST_KEEP}|`);
        process.stdout.write(`${String(process.stdin.isTTY)}|${await readAll(process.stdin)}`);
        return 0;
      },
      [],
      { env: { IN_PROCESS_TEST_NEW: 'new', IN_PROCESS_TEST_KEEP: undefined }, input: 'secret\n' },
    );
    expect(r.stdout).toBe('new|undefined|false|secret\n');
    expect(process.env.IN_PROCESS_TEST_NEW).toBeUndefined();
    expect(process.env.IN_PROCESS_TEST_KEEP).toBe('kept');
    delete process.env.IN_PROCESS_TEST_KEEP;
  });

  it('restores the streams when the entry throws, and refuses overlapping runs', async () => {
    const write = process.stdout.write;
    const stdin = process.stdin;
    await expect(
      runInProcess(async () => {
        throw new Error('boom');
      }, []),
    ).rejects.toThrow('boom');
    expect(process.stdout.write).toBe(write);
    expect(process.stdin).toBe(stdin);
    let release = () => {};
    const first = runInProcess(() => new Promise<number>((done) => (release = () => done(0))), []);
    await expect(runInProcess(async () => 0, [])).rejects.toThrow(/another in-process run/);
    release();
    expect((await first).code).toBe(0);
  });
});

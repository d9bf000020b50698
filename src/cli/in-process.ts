/**
 * Test helper: runs a command-line entry inside the test's own process, as a child process would
 * run it but without paying ~1-2 s of node + tsx start-up per call. What the command writes to
 * process.stdout / process.stderr (including logs written deeper down) is captured, the
 * environment is the one given (restored afterwards), stdin is the given text on a pipe, and the
 * exit code is what the entry's main resolves with. Only tests import it; each CLI suite keeps a
 * real-process test of its entry point beside the in-process ones.
 */
import { Readable } from 'node:stream';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface InProcessOptions {
  /** Variables to set; `undefined` removes one. Everything is restored when the run ends. */
  env?: Record<string, string | undefined>;
  /** Text on stdin, as if piped (isTTY false); without it stdin is an empty pipe. */
  input?: string;
}

type Write = typeof process.stdout.write;

let running = false;

/**
 * Runs `main(args)` with captured output. Runs never overlap (the capture is process-wide);
 * starting one while another runs is a bug in the test and throws.
 */
export async function runInProcess(
  main: (args: string[]) => Promise<number>,
  args: string[],
  opts: InProcessOptions = {},
): Promise<CliResult> {
  if (running) throw new Error('runInProcess: another in-process run is still going; await it first');
  running = true;
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture =
    (stream: 'stdout' | 'stderr'): Write =>
    (chunk: unknown, encodingOrDone?: unknown, done?: unknown) => {
      out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      const callback = typeof encodingOrDone === 'function' ? encodingOrDone : done;
      if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
      return true;
    };
  const savedEnv = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    savedEnv.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const stdinDescriptor = Object.getOwnPropertyDescriptor(process, 'stdin');
  const stdin = Object.assign(Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]), {
    isTTY: false,
  });
  Object.defineProperty(process, 'stdin', { value: stdin, configurable: true, writable: true });
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(args);
    return { code, ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    if (stdinDescriptor) Object.defineProperty(process, 'stdin', stdinDescriptor);
    for (const [name, value] of savedEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    running = false;
  }
}

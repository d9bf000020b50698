/**
 * Runs one engine process for one utterance and yields its PCM as it arrives. Cancellation kills
 * the process and the generator does not return before the process has exited: Node reaps a
 * child only when it sees the exit, so waiting for it is what guarantees that a cancelled reply
 * leaves no zombie and no orphan writing to a closed pipe.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, unlink } from 'node:fs/promises';
import type { EngineCommand, LocalTtsEngine } from './engines';
import { notFoundMessage } from './engines';
import { WavStreamParser, type WavFormat } from './wav-stream';

/** A failure of the speech engine, with a message meant for the studio user. */
export class LocalTtsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalTtsError';
  }
}

export interface PcmChunk {
  samples: Int16Array;
  format: WavFormat;
}

export interface RunHooks {
  onSpawn?(pid: number): void;
  onExit?(pid: number): void;
}

interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: NodeJS.ErrnoException | null;
}

const STDERR_LIMIT = 4000;

/**
 * Speaks `cmd.stdin` and yields interleaved samples. Throws LocalTtsError when the engine is
 * missing, fails, or writes something that is not 16-bit PCM WAV. Returns quietly if `signal`
 * aborts (the caller decides what a cancellation means).
 */
export async function* runEngine(
  engine: LocalTtsEngine,
  cmd: EngineCommand,
  signal: AbortSignal,
  hooks: RunHooks = {},
): AsyncGenerator<PcmChunk> {
  if (signal.aborted) return;
  const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const exited = waitForExit(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => {
    if (stderr.length < STDERR_LIMIT) stderr += d;
  });
  // The engine may exit before reading all its input (a bad voice name); that is reported from
  // its exit status, not as an unhandled EPIPE.
  child.stdin?.on('error', () => undefined);
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  signal.addEventListener('abort', kill, { once: true });
  if (child.pid !== undefined) hooks.onSpawn?.(child.pid);
  try {
    child.stdin?.end(cmd.stdin, 'utf8');
    const parser = new WavStreamParser();
    if (cmd.output.kind === 'stdout' && child.stdout) {
      try {
        for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
          if (signal.aborted) return;
          const samples = parseOrThrow(engine, parser, chunk);
          if (samples.length > 0) yield { samples, format: parser.format as WavFormat };
        }
      } catch (err) {
        // A killed process can end its pipe abruptly; only an unexpected failure is an error.
        if (signal.aborted) return;
        if (!(err instanceof Error && 'code' in err && err.code === 'ERR_STREAM_PREMATURE_CLOSE')) throw err;
      }
    }
    const info = await exited;
    if (signal.aborted) return;
    checkExit(engine, cmd, info, stderr);
    if (cmd.output.kind === 'file') {
      const bytes = await readFile(cmd.output.path).catch((err: unknown) => {
        throw new LocalTtsError(
          `${engine} wrote no audio file (${err instanceof Error ? err.message : String(err)})`,
        );
      });
      const samples = parseOrThrow(engine, parser, bytes);
      if (samples.length > 0) yield { samples, format: parser.format as WavFormat };
    }
    endOrThrow(engine, parser, stderr);
  } finally {
    signal.removeEventListener('abort', kill);
    kill();
    await exited;
    if (child.pid !== undefined) hooks.onExit?.(child.pid);
    if (cmd.output.kind === 'file') await unlink(cmd.output.path).catch(() => undefined);
  }
}

function waitForExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise<ExitInfo>((resolve) => {
    // 'close' comes after 'exit' once the pipes are drained; a spawn failure only emits 'error'.
    child.once('close', (code, sig) => resolve({ code, signal: sig, spawnError: null }));
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError: err });
    });
  });
}

function checkExit(engine: LocalTtsEngine, cmd: EngineCommand, info: ExitInfo, stderr: string): void {
  if (info.spawnError) {
    if (info.spawnError.code === 'ENOENT' || info.spawnError.code === 'EACCES') {
      throw new LocalTtsError(notFoundMessage(engine, cmd.command));
    }
    throw new LocalTtsError(`${engine} could not be started: ${info.spawnError.message}`);
  }
  if (info.code !== 0) {
    const how = info.signal ? `was killed by ${info.signal}` : `exited with code ${info.code}`;
    const detail = stderr.trim() ? `: ${stderr.trim().slice(0, 500)}` : '';
    throw new LocalTtsError(`${engine} ${how}${detail}`);
  }
}

function parseOrThrow(engine: LocalTtsEngine, parser: WavStreamParser, bytes: Uint8Array): Int16Array {
  try {
    return parser.push(bytes);
  } catch (err) {
    throw new LocalTtsError(`${engine}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function endOrThrow(engine: LocalTtsEngine, parser: WavStreamParser, stderr: string): void {
  try {
    parser.end();
  } catch (err) {
    const detail = stderr.trim() ? ` (${stderr.trim().slice(0, 300)})` : '';
    throw new LocalTtsError(
      `${engine} produced no audio: ${err instanceof Error ? err.message : String(err)}${detail}`,
    );
  }
}

/**
 * Test helpers: how to start the fixture MCP servers (tests/fixtures/mcp) and check that a
 * process is really gone. Not part of the provider; only the tests import it.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MCPServerStdioOptions } from '../mcp/mcp-transports';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
export const ECHO_SERVER = join(REPO_ROOT, 'tests/fixtures/mcp/echo-server.mjs');

/** Starting node with the MCP SDK takes ~0.3 s, more on a loaded CI machine. */
export const START_TIMEOUT_MS = 20_000;

/** The stdio fixture, plain JavaScript run by this very node (one process, no loader, no npx wrapper). */
export function echoStdio(extra: Partial<MCPServerStdioOptions> = {}): MCPServerStdioOptions {
  return {
    command: process.execPath,
    args: [ECHO_SERVER],
    cwd: REPO_ROOT,
    timeoutMs: START_TIMEOUT_MS,
    ...extra,
  };
}

/** A "server" that never answers and writes its pid to a file, to see it killed after a timeout. */
export function silentServer(timeoutMs: number): { opts: MCPServerStdioOptions; pid: () => number } {
  const file = join(mkdtempSync(join(tmpdir(), 'mcp-silent-')), 'pid');
  return {
    opts: {
      command: process.execPath,
      args: [
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(file)}, String(process.pid)); setInterval(() => {}, 1000)`,
      ],
      timeoutMs,
    },
    pid: () => Number(readFileSync(file, 'utf8')),
  };
}

/** True while the process exists in any state (a zombie included: /proc keeps its entry). */
export function processExists(pid: number): boolean {
  if (existsSync(`/proc/${pid}`)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

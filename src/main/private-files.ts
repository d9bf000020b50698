/**
 * Recordings, presets and the window state hold transcripts, configs and habits: only the user
 * may read them. Folders the studio keeps them in are 0700 and files 0600, from creation on (the
 * mode is given to mkdir/open, not fixed afterwards, so no window exists where others can read).
 * A folder the studio owns that an older version (or a umask of 002) left open is tightened once,
 * with a warning saying so. Windows has no POSIX modes; there this does nothing extra.
 */
import { chmod, mkdir, stat } from 'node:fs/promises';
import type { Logger } from './log';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) as 0700; if it already exists, belongs to this user and is
 * open to group or others, sets it to 0700. A folder of someone else is left alone (not ours to
 * change) but reported.
 */
export async function ensurePrivateDir(dir: string, logger?: Logger): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (process.platform === 'win32') return;
  const info = await stat(dir);
  const mode = info.mode & 0o777;
  if ((mode & 0o077) === 0) return;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    logger?.log('warn', 'folder is readable by others and not ours to tighten', {
      dir,
      mode: mode.toString(8),
    });
    return;
  }
  await chmod(dir, PRIVATE_DIR_MODE);
  logger?.log('warn', 'folder was open to other users; set to 700', { dir, mode: mode.toString(8) });
}

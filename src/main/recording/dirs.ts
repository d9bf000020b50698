/**
 * Where recordings go when nobody says: $STUDIO_RECORDINGS_DIR, else the XDG config dir (the
 * desktop app passes its userData/recordings instead).
 */
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultRecordingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.STUDIO_RECORDINGS_DIR) return resolve(env.STUDIO_RECORDINGS_DIR);
  const home = homedir();
  const base = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : tmpdir());
  return join(base, 'voice-agent-studio', 'recordings');
}

/**
 * Opens a URL in the user's browser for web mode. Failing to open is normal (a headless box, no
 * xdg-open), and the URL is already printed, so failure costs one stderr line and nothing else.
 */
import { spawn } from 'node:child_process';

export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
): { cmd: string; args: string[] } {
  if (platform === 'darwin') return { cmd: 'open', args: [url] };
  // `start` is a cmd builtin; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { cmd: 'cmd', args: ['/c', 'start', '""', url] };
  return { cmd: 'xdg-open', args: [url] };
}

export function openInBrowser(
  url: string,
  warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): void {
  const { cmd, args } = browserCommand(url);
  try {
    const child = spawn(cmd, args, {
      detached: true,
      stdio: 'ignore',
      windowsVerbatimArguments: process.platform === 'win32',
    });
    child.on('error', () => warn(`Could not run ${cmd}; open the URL above in your browser.`));
    child.on('exit', (code) => {
      if (code !== 0 && code !== null)
        warn(`${cmd} exited with ${code}; open the URL above in your browser.`);
    });
    child.unref();
  } catch {
    warn(`Could not run ${cmd}; open the URL above in your browser.`);
  }
}

/**
 * The system speech engines the local TTS can drive, and how to invoke each one. The engine runs
 * as a separate process per utterance: no native addon to build, no model to download, no key,
 * and a hung or crashing engine cannot take the studio down with it. espeak-ng (Linux) streams
 * WAV on stdout; macOS `say` and Windows SAPI can only write a file, so those two are read once
 * the process has exited (best effort: they are not exercised by CI, which runs on Linux).
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';

export type LocalTtsEngine = 'espeak-ng' | 'say' | 'sapi';

/** Where the engine puts its audio. */
export type EngineOutput = { kind: 'stdout' } | { kind: 'file'; path: string };

/** One process invocation that speaks `text`. */
export interface EngineCommand {
  command: string;
  args: string[];
  /** Written to the process's stdin, then stdin is closed. */
  stdin: string;
  output: EngineOutput;
}

export interface VoiceOptions {
  voice?: string;
  /** Speaking rate in words per minute (espeak-ng's and say's unit; mapped for SAPI). */
  rate?: number;
}

/** The rate espeak-ng and say use when none is given; SAPI's rate 0 is close to it. */
export const DEFAULT_RATE_WPM = 175;

export function defaultEngineFor(platform: NodeJS.Platform): LocalTtsEngine {
  if (platform === 'darwin') return 'say';
  if (platform === 'win32') return 'sapi';
  return 'espeak-ng';
}

/** The executable names tried, in order, when no binary path is configured. */
export function defaultBinaries(engine: LocalTtsEngine): string[] {
  switch (engine) {
    case 'espeak-ng':
      // Distributions that only ship the original espeak accept the same flags.
      return ['espeak-ng', 'espeak'];
    case 'say':
      return ['say'];
    case 'sapi':
      return ['powershell.exe', 'pwsh.exe', 'pwsh'];
  }
}

export function buildCommand(
  engine: LocalTtsEngine,
  binary: string,
  text: string,
  opts: VoiceOptions,
): EngineCommand {
  switch (engine) {
    case 'espeak-ng': {
      // `-b 1`: the text on stdin is UTF-8 whatever the locale; no `-m`, so "<" is read as text.
      const args = ['--stdout', '-b', '1'];
      if (opts.voice) args.push('-v', opts.voice);
      if (opts.rate !== undefined) args.push('-s', String(Math.round(opts.rate)));
      return { command: binary, args, stdin: text, output: { kind: 'stdout' } };
    }
    case 'say': {
      const path = tempWavPath();
      const args = ['-o', path, '--file-format=WAVE', '--data-format=LEI16@22050'];
      if (opts.voice) args.push('-v', opts.voice);
      if (opts.rate !== undefined) args.push('-r', String(Math.round(opts.rate)));
      args.push('-f', '-');
      return { command: binary, args, stdin: text, output: { kind: 'file', path } };
    }
    case 'sapi': {
      const path = tempWavPath();
      const script = sapiScript(path, opts);
      // -EncodedCommand (UTF-16LE base64) sidesteps every quoting rule of cmd and PowerShell.
      const encoded = Buffer.from(script, 'utf16le').toString('base64');
      return {
        command: binary,
        args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', encoded],
        stdin: text,
        output: { kind: 'file', path },
      };
    }
  }
}

/** SAPI's rate runs from -10 to 10 around its natural pace; this maps words per minute onto it. */
export function sapiRate(wpm: number): number {
  return Math.max(-10, Math.min(10, Math.round((wpm - DEFAULT_RATE_WPM) / 17.5)));
}

function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function sapiScript(path: string, opts: VoiceOptions): string {
  const lines = [
    "$ErrorActionPreference = 'Stop'",
    '[Console]::InputEncoding = [System.Text.Encoding]::UTF8',
    'Add-Type -AssemblyName System.Speech',
    '$text = [Console]::In.ReadToEnd()',
    '$s = New-Object System.Speech.Synthesis.SpeechSynthesizer',
  ];
  if (opts.voice) lines.push(`$s.SelectVoice(${psQuote(opts.voice)})`);
  if (opts.rate !== undefined) lines.push(`$s.Rate = ${sapiRate(opts.rate)}`);
  lines.push(
    '$fmt = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen, [System.Speech.AudioFormat.AudioChannel]::Mono)',
    `$s.SetOutputToWaveFile(${psQuote(path)}, $fmt)`,
    '$s.Speak($text)',
    '$s.Dispose()',
  );
  return lines.join('\n');
}

function tempWavPath(): string {
  return join(tmpdir(), `voice-agent-studio-tts-${process.pid}-${randomUUID()}.wav`);
}

const INSTALL_HINTS: Record<LocalTtsEngine, string> = {
  'espeak-ng':
    'install it with `sudo apt-get install espeak-ng` (Debian/Ubuntu) or `sudo dnf install espeak-ng` (Fedora)',
  say: '`say` ships with macOS; check that /usr/bin/say exists',
  sapi: 'Windows PowerShell (powershell.exe) with System.Speech is required; it ships with Windows',
};

/**
 * The message shown when the engine cannot be started: names the provider and the settings a
 * user can change, because it surfaces in the studio far from where the engine is configured.
 */
export function notFoundMessage(engine: LocalTtsEngine, binary: string): string {
  const where = binary === engine ? '' : ` (looked for "${binary}")`;
  return (
    `${engine} not found${where}: ${INSTALL_HINTS[engine]}, ` +
    `or set providers.tts.provider to another TTS than "local" (the local TTS provider runs ${engine})`
  );
}

/** Resolves a command name like the shell would (PATH, and PATHEXT on Windows); null if absent. */
export function findExecutable(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  const candidates =
    isAbsolute(name) || name.includes('/') || (platform === 'win32' && name.includes('\\'))
      ? [name]
      : (env.PATH ?? '')
          .split(platform === 'win32' ? ';' : delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, name));
  for (const base of candidates) {
    for (const ext of exts) {
      const file = base + ext;
      try {
        accessSync(file, platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
        return file;
      } catch {
        // not here; keep looking
      }
    }
  }
  return null;
}

import { chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCommand, defaultEngineFor, findExecutable, notFoundMessage, sapiRate } from './engines';
import { testDir } from '../../../../tests/fixtures/temp-dirs';

describe('engine commands', () => {
  it('espeak-ng streams WAV on stdout with the text on stdin, voice and rate as flags', () => {
    const cmd = buildCommand('espeak-ng', '/usr/bin/espeak-ng', '-v is not a flag here', {
      voice: 'en-gb',
      rate: 210.4,
    });
    expect(cmd).toEqual({
      command: '/usr/bin/espeak-ng',
      args: ['--stdout', '-b', '1', '-v', 'en-gb', '-s', '210'],
      stdin: '-v is not a flag here',
      output: { kind: 'stdout' },
    });
    expect(buildCommand('espeak-ng', 'espeak-ng', 'x', {}).args).toEqual(['--stdout', '-b', '1']);
  });

  it('say writes 16-bit 22.05 kHz WAV to a temp file and reads the text from stdin', () => {
    const cmd = buildCommand('say', 'say', 'Hello', { voice: 'Samantha', rate: 180 });
    expect(cmd.output.kind).toBe('file');
    const path = cmd.output.kind === 'file' ? cmd.output.path : '';
    expect(path.startsWith(tmpdir())).toBe(true);
    expect(path.endsWith('.wav')).toBe(true);
    expect(cmd.args).toEqual([
      '-o',
      path,
      '--file-format=WAVE',
      '--data-format=LEI16@22050',
      '-v',
      'Samantha',
      '-r',
      '180',
      '-f',
      '-',
    ]);
    expect(cmd.stdin).toBe('Hello');
    // Two utterances never share a file.
    const other = buildCommand('say', 'say', 'Hello', {});
    expect(other.output).not.toEqual(cmd.output);
  });

  it('SAPI runs an encoded PowerShell script with the voice quoted and the rate mapped', () => {
    const cmd = buildCommand('sapi', 'powershell.exe', "It's me", {
      voice: "Microsoft Zira's voice",
      rate: 210,
    });
    const script = Buffer.from(cmd.args[cmd.args.indexOf('-EncodedCommand') + 1], 'base64').toString(
      'utf16le',
    );
    expect(script).toContain("$s.SelectVoice('Microsoft Zira''s voice')");
    expect(script).toContain('$s.Rate = 2');
    expect(script).toContain('SpeechAudioFormatInfo(22050');
    expect(cmd.output.kind === 'file' && script.includes(cmd.output.path)).toBe(true);
    // The text goes through stdin, never into the script.
    expect(script).not.toContain("It's me");
    expect(cmd.stdin).toBe("It's me");
  });

  it('maps words per minute onto SAPI rates within -10..10', () => {
    expect(sapiRate(175)).toBe(0);
    expect(sapiRate(350)).toBe(10);
    expect(sapiRate(1000)).toBe(10);
    expect(sapiRate(10)).toBe(-9);
    expect(sapiRate(1)).toBe(-10);
  });

  it('picks the engine by platform', () => {
    expect(defaultEngineFor('linux')).toBe('espeak-ng');
    expect(defaultEngineFor('darwin')).toBe('say');
    expect(defaultEngineFor('win32')).toBe('sapi');
  });

  it('names the provider, the setting and the install command when the engine is missing', () => {
    const msg = notFoundMessage('espeak-ng', '/nope/espeak-ng');
    expect(msg).toMatch(
      /^espeak-ng not found \(looked for "\/nope\/espeak-ng"\): install it with `sudo apt-get install espeak-ng`/,
    );
    expect(msg).toContain('providers.tts.provider');
    expect(msg).toContain('"local"');
    expect(notFoundMessage('espeak-ng', 'espeak-ng')).toMatch(/^espeak-ng not found: /);
  });
});

describe('findExecutable', () => {
  it('finds executables on PATH and ignores files that are not executable', () => {
    const dir = testDir('find-exe-');
    writeFileSync(join(dir, 'speaker'), '#!/bin/sh\n');
    chmodSync(join(dir, 'speaker'), 0o755);
    writeFileSync(join(dir, 'plain'), 'data');
    chmodSync(join(dir, 'plain'), 0o644);
    const env = { PATH: ['/nonexistent-dir', dir].join(':') };
    expect(findExecutable('speaker', env, 'linux')).toBe(join(dir, 'speaker'));
    expect(findExecutable('plain', env, 'linux')).toBeNull();
    expect(findExecutable('absent', env, 'linux')).toBeNull();
    expect(findExecutable(join(dir, 'speaker'), { PATH: '' }, 'linux')).toBe(join(dir, 'speaker'));
  });
});

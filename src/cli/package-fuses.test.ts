/**
 * The fuse config and the flip, on a file laid out like an Electron binary's fuse wire (the
 * sentinel, version 1, the wire length, one byte per fuse): there is no Electron binary here, and
 * @electron/fuses reads and writes nothing else of the file.
 */
import { FuseV1Options } from '@electron/fuses';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyStudioFuses, fuseTargetProblem, STUDIO_FUSES } from './package-fuses';
import { testDir } from '../../tests/fixtures/temp-dirs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const ON = 49;
const OFF = 48;

/** A fake binary: junk, the sentinel, version 1, `length` fuses in Electron's defaults, junk. */
function fakeBinary(length: number): Buffer {
  const defaults = [ON, OFF, ON, ON, OFF, OFF, OFF, ON, ON].slice(0, length);
  return Buffer.concat([
    Buffer.from('\x7fELF junk before '),
    Buffer.from(SENTINEL),
    Buffer.from([1, length, ...defaults]),
    Buffer.from(' junk after'),
  ]);
}

describe('STUDIO_FUSES', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect; turns on cookie encryption, asar-only and asar integrity', () => {
    expect(STUDIO_FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(STUDIO_FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(STUDIO_FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(STUDIO_FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(STUDIO_FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(STUDIO_FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(STUDIO_FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });

  it('sets every fuse this @electron/fuses knows (none left to Electron by omission)', () => {
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    for (const fuse of known)
      expect(typeof STUDIO_FUSES[fuse as FuseV1Options], FuseV1Options[fuse]).toBe('boolean');
  });
});

describe('applyStudioFuses', () => {
  it('flips the wire of a binary and reads it back; a newer fuse keeps its default and is named as such', async () => {
    const dir = testDir('studio-fuses-');
    const bin = join(dir, 'voice-agent-studio');
    const before = fakeBinary(9);
    await writeFile(bin, before);
    const wire = await applyStudioFuses(bin);
    expect(wire).toEqual({
      RunAsNode: 'off',
      EnableCookieEncryption: 'on',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
      LoadBrowserProcessSpecificV8Snapshot: 'off',
      GrantFileProtocolExtraPrivileges: 'off',
      'fuse 8 (not set by the studio)': 'on',
    });
    const after = await readFile(bin);
    // Only the wire changed: same size, same bytes around it.
    expect(after.length).toBe(before.length);
    const wireAt = after.indexOf(SENTINEL) + SENTINEL.length + 2;
    expect(after.subarray(0, wireAt)).toEqual(before.subarray(0, wireAt));
    expect(after.subarray(wireAt + 9)).toEqual(before.subarray(wireAt + 9));
  });

  it('refuses the development Electron in node_modules, a missing path and a file with no fuse wire', async () => {
    const dir = testDir('studio-fuses-');
    const devBin = join(dir, 'node_modules', 'electron', 'dist', 'electron');
    await mkdir(join(dir, 'node_modules', 'electron', 'dist'), { recursive: true });
    await writeFile(devBin, fakeBinary(8));
    expect(fuseTargetProblem(devBin)).toMatch(/development Electron in node_modules/);
    await expect(applyStudioFuses(devBin)).rejects.toThrow(/would stop `npm start`/);
    expect((await readFile(devBin)).equals(fakeBinary(8))).toBe(true);
    await expect(applyStudioFuses(join(dir, 'missing'))).rejects.toThrow(/does not exist/);
    const notElectron = join(dir, 'not-electron');
    await writeFile(notElectron, 'hello');
    await expect(applyStudioFuses(notElectron)).rejects.toThrow(/Could not find sentinel/);
  });
});

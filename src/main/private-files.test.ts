/**
 * Transcripts stay the user's: recordings, presets and the window state are written 0600 in 0700
 * folders, and a folder the studio owns that was left open is tightened. The process umask is
 * the usual 022 here, so without explicit modes these files would come out 0644 in 0755 folders.
 */
import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../shared/config';
import { createMemoryLogger } from './log';
import { ensurePrivateDir } from './private-files';
import { PresetStore } from './studio/presets';
import { createRecordingWriter } from './recording';
import { writerOptions } from './recording/testing/recordings';
import { saveWindowState } from './window-state';
import { testDir } from '../../tests/fixtures/temp-dirs';

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;
const scratch = async (): Promise<string> => testDir('studio-private-');

describe.skipIf(process.platform === 'win32')('private files', () => {
  it('a recording is 0600 in a 0700 folder, parents created 0700 too', async () => {
    const dir = join(await scratch(), 'voice-agent-studio', 'recordings');
    const rec = createRecordingWriter(writerOptions(dir));
    rec.pushEvent({ type: 'warning', t: 1000, source: 'x', message: 'm' });
    rec.pushAudio('user', 1000, { data: new Int16Array(160), sampleRate: 16000, channels: 1 });
    await rec.close({ reason: 'stopped', endT: 2000, endedAtMs: 0 });
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(join(dir, '..'))).toBe(0o700);
    expect(await modeOf(rec.path)).toBe(0o700);
    for (const f of ['manifest.json', 'events.jsonl', 'user.wav'])
      expect({ f, mode: await modeOf(join(rec.path, f)) }).toEqual({ f, mode: 0o600 });
  });

  it('a preset is 0600 in a 0700 folder', async () => {
    const dir = join(await scratch(), 'presets');
    const store = new PresetStore(dir);
    await store.save('mine', StudioConfigSchema.parse({}));
    expect(await modeOf(dir)).toBe(0o700);
    expect(await readdir(dir)).toEqual(['mine.json']);
    expect(await modeOf(join(dir, 'mine.json'))).toBe(0o600);
  });

  it('the window state file is 0600', async () => {
    const file = join(await scratch(), 'window-state.json');
    await saveWindowState(file, { width: 1000, height: 700, maximized: false });
    expect(await modeOf(file)).toBe(0o600);
  });

  it('an existing recordings folder left open (0755) is tightened to 0700, with a warning', async () => {
    const dir = join(await scratch(), 'recordings');
    await mkdir(dir, { mode: 0o755 });
    await chmod(dir, 0o755);
    const logger = createMemoryLogger();
    const rec = createRecordingWriter(writerOptions(dir, { logger }));
    await rec.close({ reason: 'stopped', endT: 1000, endedAtMs: 0 });
    expect(await modeOf(dir)).toBe(0o700);
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'folder was open to other users; set to 700',
        mode: '755',
      }),
    );
  });

  it('an existing presets folder left open (0775) is tightened; a private one is left as is, silently', async () => {
    const dir = join(await scratch(), 'presets');
    await mkdir(dir);
    await chmod(dir, 0o775);
    await new PresetStore(dir).save('a', StudioConfigSchema.parse({}));
    expect(await modeOf(dir)).toBe(0o700);
    const logger = createMemoryLogger();
    await ensurePrivateDir(dir, logger);
    expect(logger.records).toEqual([]);
  });
});

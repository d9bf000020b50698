import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../shared/config';
import { CommandInputs } from '../../shared/studio-api';
import { createMemoryLogger } from '../log';
import { createCommandRouter, type CommandHandlers } from './command-router';
import { createPresetHandlers, defaultPresetsDir, MAX_PRESET_BYTES, PresetStore } from './presets';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-presets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const current = StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 650 } });

function setup(presetsDir = join(dir, 'presets')) {
  const store = new PresetStore(presetsDir, createMemoryLogger());
  const handlers = createPresetHandlers(store, () => current);
  return { store, handlers };
}

describe('PresetStore', () => {
  it('saves, lists and loads a preset; a missing directory is an empty list', async () => {
    const { store, handlers } = setup();
    expect(await store.list()).toEqual([]);
    const saved = await handlers.savePreset({
      name: 'fast turns',
      config: { options: { minEndpointingDelayMs: 200 } },
    });
    expect(saved).toMatchObject({ ok: true, value: { preset: { name: 'fast turns', problem: null } } });
    await handlers.savePreset({ name: 'current' });
    const list = await handlers.listPresets({});
    expect(list.ok && list.value.presets.map((p) => p.name)).toEqual(['current', 'fast turns']);
    const loaded = await handlers.loadPreset({ name: 'fast turns' });
    expect(loaded.ok && loaded.value.config.options.minEndpointingDelayMs).toBe(200);
    // Defaults are filled in on load, so the editor gets a whole config.
    expect(loaded.ok && loaded.value.config.options.maxEndpointingDelayMs).toBe(6000);
    const cur = await handlers.loadPreset({ name: 'current' });
    expect(cur.ok && cur.value.config.options.minEndpointingDelayMs).toBe(650);
  });

  it('replaces a preset of the same name and leaves no temp files', async () => {
    const { store } = setup(dir);
    await store.save('a', StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 1 } }));
    await store.save('a', StudioConfigSchema.parse({ options: { minEndpointingDelayMs: 2 } }));
    const loaded = await store.load('a');
    expect(loaded.ok && loaded.config.options.minEndpointingDelayMs).toBe(2);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['a.json']);
    const file = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, config: { options: { minEndpointingDelayMs: 2 } } });
  });

  it('refuses an invalid config at the field that is wrong, and saves nothing', async () => {
    const { handlers, store } = setup();
    const r = await handlers.savePreset({ name: 'bad', config: { options: { minEndpointingDelayMs: -5 } } });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'options.minEndpointingDelayMs' },
    });
    expect(await store.list()).toEqual([]);
  });

  it('lists bad files with the reason and refuses to load them, without crashing', async () => {
    const { store, handlers } = setup(dir);
    await writeFile(join(dir, 'broken.json'), '{ not json');
    await writeFile(
      join(dir, 'wrong.json'),
      JSON.stringify({ version: 1, config: { options: { minEndpointingDelayMs: 'soon' } } }),
    );
    await writeFile(join(dir, 'huge.json'), ' '.repeat(MAX_PRESET_BYTES + 1));
    await writeFile(join(dir, '.hidden.json'), '{}');
    await mkdir(join(dir, 'folder.json'));
    await writeFile(
      join(dir, 'hand-written.json'),
      JSON.stringify({ options: { minEndpointingDelayMs: 300 } }),
    );
    await writeFile(join(dir, 'notes.txt'), 'ignored');
    const list = await store.list();
    const problem = (name: string) => list.find((p) => p.name === name)?.problem;
    expect(problem('broken')).toMatch(/^not valid JSON/);
    expect(problem('wrong')).toMatch(/^invalid config: options\.minEndpointingDelayMs: /);
    expect(problem('huge')).toMatch(/at most/);
    expect(problem('.hidden')).toMatch(/not a valid preset name/);
    expect(problem('folder')).toBe('not a regular file');
    // A bare config written by hand is a valid preset.
    expect(problem('hand-written')).toBeNull();
    expect(list.map((p) => p.name)).not.toContain('notes');
    const r = await handlers.loadPreset({ name: 'wrong' });
    expect(r).toMatchObject({ ok: false, error: { code: 'failed', field: 'name' } });
    expect(!r.ok && r.error.message).toMatch(/^preset "wrong" cannot be loaded: invalid config/);
    const missing = await handlers.loadPreset({ name: 'nothing' });
    expect(!missing.ok && missing.error.message).toBe('no preset named "nothing"');
  });

  it('deletes, saying whether there was anything to delete', async () => {
    const { handlers } = setup();
    await handlers.savePreset({ name: 'x' });
    expect(await handlers.deletePreset({ name: 'x' })).toEqual({ ok: true, value: { deleted: true } });
    expect(await handlers.deletePreset({ name: 'x' })).toEqual({ ok: true, value: { deleted: false } });
  });
});

describe('preset names', () => {
  it('are validated at the contract, so no name can leave the directory', async () => {
    const valid = (name: string) => CommandInputs.loadPreset.safeParse({ name }).success;
    expect(valid('fast turns')).toBe(true);
    expect(valid('v1.2_final-B')).toBe(true);
    for (const bad of [
      '',
      '../etc/passwd',
      'a/b',
      'a\\b',
      '.hidden',
      'trailing.',
      'x'.repeat(65),
      'CON',
      'nul',
      'ünïcode',
      'tab\there',
    ])
      expect(valid(bad), bad).toBe(false);
    const { handlers } = setup();
    // Only the preset commands are exercised; the router validates before it dispatches.
    const router = createCommandRouter(handlers as unknown as CommandHandlers, createMemoryLogger());
    const r = await router('savePreset', { name: '../escape' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'name' } });
  });

  it('default to $STUDIO_PRESETS_DIR, else the XDG config dir', () => {
    expect(defaultPresetsDir({ STUDIO_PRESETS_DIR: '/tmp/p' })).toBe('/tmp/p');
    expect(defaultPresetsDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/voice-agent-studio/presets');
  });
});

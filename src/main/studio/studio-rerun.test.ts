import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../shared/config';
import { fixtureManifest, writeFixtureRecording } from '../export/testing/fixture-recording';
import type { Logger } from '../log';
import { openRecording } from '../recording';
import { runsRecordedProviders, studioRerun } from './studio-rerun';

const logger: Logger = { log: () => undefined };

describe('studio re-run: virtual or real time by the config', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function open(manifest = fixtureManifest()) {
    const dir = mkdtempSync(join(tmpdir(), 'studio-rerun-'));
    dirs.push(dir);
    writeFixtureRecording(dir, manifest);
    return { dir, rec: await openRecording(dir, manifest.id) };
  }

  const recorded = StudioConfigSchema.parse(fixtureManifest().config);
  const otherLlm = StudioConfigSchema.parse({
    ...(fixtureManifest().config as object),
    providers: { llm: { provider: 'openai', model: 'gpt-4o-mini' } },
  });

  it('replays on the virtual clock only when the providers are the recording’s', async () => {
    const { rec } = await open();
    try {
      expect(
        runsRecordedProviders(rec, {
          ...recorded,
          options: { ...recorded.options, minEndpointingDelayMs: 900 },
        }),
      ).toBe(true);
      expect(runsRecordedProviders(rec, otherLlm)).toBe(false);
    } finally {
      await rec.close();
    }
  });

  it('a real-time re-run needs the recording’s user audio, and says so before building anything', async () => {
    const base = fixtureManifest();
    const { dir, rec } = await open(fixtureManifest({ audio: { user: null, agent: base.audio.agent } }));
    let built = false;
    const rerun = studioRerun({
      recordingsDir: dir,
      logger,
      redact: (s) => s,
      appVersion: 'test',
      createProviders: async () => {
        built = true;
        throw new Error('not reached');
      },
    });
    try {
      await expect(rerun({ source: rec, config: otherLlm })).rejects.toThrow(/has no user audio/);
      expect(built).toBe(false);
    } finally {
      await rec.close();
    }
  });
});

/**
 * No silent fakes: a provider the config asks for and main cannot build refuses the start with
 * one message naming the provider, the setting and the fix; only a fallback list the user wrote
 * (or the embedded demo without a local voice) runs on something else, and then the status says
 * so for the whole session.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../shared/config';
import { DEMO_FALLBACK_SOURCE } from './demo-fallback';
import { hostRig } from './testing/host-rig';
import { registryProviders } from './session-providers';

const NO_KEYS = { get: () => undefined };
const MISSING_ESPEAK = join(tmpdir(), 'no-such-dir', 'espeak-ng');
const KEY_FIX =
  'openai needs an API key — OPENAI_API_KEY is not set; run "npm run studio -- keys set OPENAI_API_KEY" or set the environment variable';

const text = (providers: StudioConfigInput['providers']): StudioConfigInput => ({
  inputMode: 'text',
  providers,
});

describe('SessionHost: providers that cannot be built', () => {
  it('the demo asked to use OpenAI without a key refuses the start with one message, instead of playing the scripted demo', async () => {
    const r = hostRig({ createProviders: registryProviders(NO_KEYS), demoConfig: undefined });
    const demo = r.host.getConfig();
    const config = {
      ...demo,
      providers: {
        ...demo.providers,
        llm: { provider: 'openai' as const },
        stt: { provider: 'openai' as const },
        tts: { provider: 'openai' as const },
      },
    };
    const started = await r.drive(r.host.handlers.startSession({ config }), 120_000, {
      realWaitMs: 10_000,
    });
    expect(started.ok ? null : started.error).toEqual({
      code: 'provider_unavailable',
      field: 'providers.llm',
      message: `session did not start: providers.llm, providers.stt, providers.tts: ${KEY_FIX} (a local OpenAI-compatible server given by baseURL needs none)`,
    });
    r.host.flush();
    expect(r.ofType('warning').map((w) => w.source)).not.toContain(DEMO_FALLBACK_SOURCE);
    expect(
      r
        .ofType('warning')
        .map((w) => w.message)
        .join('\n'),
    ).not.toMatch(/espeak/);
    expect(r.host.getStatus()).toMatchObject({ phase: 'error', fallbacks: [] });
    expect(r.host.getStatus().lastError).toContain('OPENAI_API_KEY is not set');
  });

  it('a text session on an OpenAI LLM without a key is refused, naming the setting', async () => {
    const r = hostRig({ createProviders: registryProviders(NO_KEYS) });
    const started = await r.drive(
      r.host.handlers.startSession({
        config: text({ llm: { provider: 'openai' }, tts: { provider: 'simulated' } }),
      }),
    );
    expect(started.ok ? null : started.error).toMatchObject({
      code: 'provider_unavailable',
      field: 'providers.llm',
      message: expect.stringContaining(`providers.llm: ${KEY_FIX}`),
    });
    expect(r.host.getStatus().phase).toBe('error');
  });

  it('an explicit fallback list starts on its next entry, and the status and the warning say why', async () => {
    const r = hostRig({ createProviders: registryProviders(NO_KEYS) });
    const started = await r.drive(
      r.host.handlers.startSession({
        config: text({
          llm: [{ provider: 'openai' }, { provider: 'simulated' }],
          tts: { provider: 'simulated' },
        }),
      }),
    );
    expect(started.ok ? null : started.error).toBeNull();
    expect(r.host.getStatus()).toMatchObject({
      phase: 'running',
      fallbacks: [
        { slot: 'llm', using: 'simulated', setting: 'providers.llm[0]', cause: 'OPENAI_API_KEY missing' },
      ],
    });
    // Pushed to the renderer with the running status, for the header.
    expect(r.statuses().at(-1)?.fallbacks).toHaveLength(1);
    r.host.flush();
    const warning = r.ofType('warning').find((w) => w.source === 'providers.llm');
    expect(warning?.message).toMatch(
      /^providers\.llm\[0\]: openai needs an API key — OPENAI_API_KEY is not set/,
    );
    expect(warning?.message).toMatch(/providers\.llm\[1\] \(simulated\) is used instead$/);
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    expect(r.host.getStatus().fallbacks).toEqual([]);
  });

  it('a local TTS without espeak-ng refuses the start naming espeak-ng and how to install it; a list falls back', async () => {
    const r = hostRig({
      createProviders: registryProviders(NO_KEYS, { localTtsBinary: MISSING_ESPEAK }),
    });
    const refused = await r.drive(
      r.host.handlers.startSession({ config: text({ tts: { provider: 'local' } }) }),
    );
    expect(refused.ok ? null : refused.error).toMatchObject({
      code: 'provider_unavailable',
      field: 'providers.tts',
      message: expect.stringMatching(
        /^session did not start: local tts: espeak-ng not found .*apt-get install espeak-ng/,
      ),
    });
    const chained = await r.drive(
      r.host.handlers.startSession({
        config: text({ tts: [{ provider: 'local' }, { provider: 'simulated' }] }),
      }),
    );
    expect(chained.ok ? null : chained.error).toBeNull();
    expect(r.host.getStatus().fallbacks).toEqual([
      { slot: 'tts', using: 'simulated', setting: 'providers.tts[0]', cause: 'espeak-ng not installed' },
    ]);
  });
});

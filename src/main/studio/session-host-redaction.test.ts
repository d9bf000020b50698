/**
 * Secrets never leave main: a provider error that echoes an API key (as a 401 body or an echoed
 * Authorization header may) reaches the renderer (events, status, command results) and the log
 * with the key replaced by [redacted].
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostRig, scriptedProviders } from './testing/host-rig';
import { KeyStore } from './key-store';
import type { ProviderFactory } from './session-providers';
import { testDir } from '../../../tests/fixtures/temp-dirs';

const ENV_KEY = 'sk-live-0123456789abcdefSECRET';
const FILE_KEY = 'zz-custom-token-4242';

function keyStore(): KeyStore {
  const store = new KeyStore({
    path: join(testDir('studio-redact-'), 'keys.json'),
    env: { OPENAI_API_KEY: ENV_KEY },
  });
  store.set('CUSTOM_TOKEN', FILE_KEY);
  return store;
}

const leak = `401 Unauthorized: Incorrect API key provided: ${ENV_KEY}; request headers {"authorization":"Bearer ${ENV_KEY}","x-custom":"${FILE_KEY}"}`;

const textConfig = {
  inputMode: 'text' as const,
  providers: { llm: { provider: 'simulated' as const, responses: [{ input: 'hello', content: 'Hi.' }] } },
};

function stateEvents(r: ReturnType<typeof hostRig>): unknown {
  const state = r.host.handlers.getState({});
  return 'ok' in state && state.ok ? state.value.events : state;
}

function expectClean(where: string, text: string): void {
  expect(text, where).not.toContain(ENV_KEY);
  expect(text, where).not.toContain(FILE_KEY);
}

describe('SessionHost redaction', () => {
  it('an engine error echoing a key is redacted in the pushed events, the status, getState and the log', async () => {
    const leaky: ProviderFactory = async (config, deps) => ({
      ...(await scriptedProviders()(config, deps)),
      llm: {
        label: 'leaky',
        model: 'leaky',
        chat: () => {
          throw new Error(leak);
        },
      },
    });
    const r = hostRig({ createProviders: leaky, keys: keyStore() });
    expect((await r.drive(r.host.handlers.startSession({ config: textConfig }))).ok).toBe(true);
    await r.drive(r.host.handlers.sendText({ text: 'hello' }));
    await r.clock.advance(2000);

    const errors = r.ofType('error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toContain('Incorrect API key provided: [redacted]');
    expect(errors[0].message).toContain('Bearer [redacted]');
    expect(r.host.getStatus().lastError).toContain('[redacted]');
    expectClean('pushes', JSON.stringify(r.pushes));
    expectClean('getState', JSON.stringify(r.host.handlers.getState({})));
    const logged = r.logger.records.find((rec) => rec.msg === 'session error');
    expect(logged?.message).toContain('[redacted]');
    expectClean('log', JSON.stringify(r.logger.records));
  });

  it('a failed start echoing a key is redacted in the command result, the status and the log', async () => {
    const failing: ProviderFactory = async () => {
      throw new Error(leak);
    };
    const r = hostRig({ createProviders: failing, keys: keyStore() });
    const result = await r.drive(r.host.handlers.startSession({ config: textConfig }));
    expect(result.ok ? null : result.error.message).toMatch(
      /^session did not start: 401 Unauthorized: .*\[redacted\]/,
    );
    expect(r.host.getStatus()).toMatchObject({ phase: 'error' });
    expectClean('result', JSON.stringify(result));
    expectClean('pushes', JSON.stringify(r.pushes));
    expect(r.logger.records.some((rec) => rec.msg === 'session start failed')).toBe(true);
    expectClean('log', JSON.stringify(r.logger.records));
  });

  it('a key with quotes, backslashes, spaces and unicode is redacted in tts_request.text, pushes, getState, the log and the recording, in every encoding', async () => {
    // JSON-escaping turns `"` into `\"`: a redactor looking only for the raw value misses it in
    // every serialized event, log line and recording line.
    const odd = 'ab"cd\\ef/gh ij-ünï-42';
    const store = new KeyStore({
      path: join(testDir('studio-redact-'), 'keys.json'),
      env: { OPENAI_API_KEY: odd },
    });
    const reply = `Your key is ${odd}, in a URL ${encodeURIComponent(odd)} and base64 ${Buffer.from(odd).toString('base64')}.`;
    const config = {
      inputMode: 'text' as const,
      providers: { llm: { provider: 'simulated' as const, responses: [{ input: 'hello', content: reply }] } },
    };
    const recordingsDir = testDir('studio-redact-rec-');
    const r = hostRig({
      createProviders: scriptedProviders([
        { input: reply, audioDurationMs: 500, ttfbMs: 100, durationMs: 100 },
      ]),
      keys: store,
      recordingsDir,
    });
    expect((await r.drive(r.host.handlers.startSession({ config }))).ok).toBe(true);
    await r.drive(r.host.handlers.sendText({ text: 'hello' }));
    await r.clock.advance(5000);
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    await r.host.recordingsSettled();
    r.host.flush();

    const texts = r.ofType('tts_request').flatMap((e) => (e.text ? [e.text] : []));
    expect(texts.join(' ')).toContain('Your key is [redacted], in a URL [redacted] and base64 [redacted].');
    const forms = [odd, JSON.stringify(odd).slice(1, -1), encodeURIComponent(odd)];
    // Every file of the recording folder (manifest with the config, events, index).
    const recording = readdirSync(recordingsDir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && !f.name.endsWith('.wav'))
      .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
      .join('\n');
    expect(recording).toContain('[redacted]');
    for (const [where, text] of [
      ['pushes', JSON.stringify(r.pushes)],
      // (getState's config is the user's own text, where this test put the key: its events are checked.)
      ['getState', JSON.stringify(r.host.getStatus()) + JSON.stringify(stateEvents(r))],
      ['log', JSON.stringify(r.logger.records)],
      ['recording', recording],
    ]) {
      for (const form of forms) expect(text, where).not.toContain(form);
      expect(text, where).not.toContain('ij-ünï-42');
    }
  });
});

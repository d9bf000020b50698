import { describe, expect, it } from 'vitest';
import { ProviderConfigError } from './registry-checks';
import { ProviderStartError, startRefusal } from './registry-report';

function refusal(
  kind: ProviderConfigError['kind'],
  provider: string,
  entry: string,
  message: string,
  brief?: string,
): ProviderConfigError {
  const e = new ProviderConfigError(kind, provider, `${entry}.x`, message, brief);
  e.entry = entry;
  return e;
}

describe('startRefusal', () => {
  it('is null when nothing blocks', () => {
    expect(startRefusal([])).toBeNull();
  });

  it('says the same fix for several settings once, and keeps different causes apart', () => {
    const body = 'openai needs an API key — OPENAI_API_KEY is not set; run "…"';
    const err = startRefusal([
      refusal('llm', 'openai', 'providers.llm', `providers.llm: ${body}`),
      refusal('tts', 'openai', 'providers.tts[0]', `providers.tts[0]: ${body}`),
      refusal('tts', 'local', 'providers.tts[1]', 'local tts: espeak-ng not found: install it'),
    ]);
    expect(err).toBeInstanceOf(ProviderStartError);
    expect(err?.code).toBe('provider_unavailable');
    expect(err?.field).toBe('providers.llm');
    expect(err?.message).toBe(
      `providers.llm, providers.tts[0]: ${body}; also local tts: espeak-ng not found: install it`,
    );
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStore } from './studio/key-store';
import { redact as redactProviderText } from './providers/common/provider-error';
import { secretForms } from './secret-forms';
import { tempDirs } from '../../tests/fixtures/temp-dirs';

/** Keys with characters that every encoding treats differently. */
const KEYS = {
  QUOTE_KEY: 'ab"cd\\ef/gh ij+kl',
  UNICODE_KEY: 'clé-sécrète-ü-🔑-42',
  SHORT_KEY: 'token-123456',
  LONG_KEY: 'token-123456-extended',
};

/** Every way the serializers of main and the servers it talks to may spell a value. */
const json = (v: string): string => JSON.stringify(v).slice(1, -1);
const ENCODINGS: Record<string, (v: string) => string> = {
  verbatim: (v) => v,
  'JSON-escaped': json,
  'JSON in JSON': (v) => json(json(v)),
  'JSON ensure_ascii': (v) =>
    json(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  encodeURIComponent: (v) => encodeURIComponent(v),
  'form +': (v) => encodeURIComponent(v).replace(/%20/g, '+'),
  URLSearchParams: (v) => new URLSearchParams({ k: v }).toString().slice(2),
  'lower-case hex': (v) => encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
  'URL in JSON': (v) => json(encodeURIComponent(v)),
  base64: (v) => Buffer.from(v).toString('base64'),
  base64url: (v) => Buffer.from(v).toString('base64url'),
};

const keyDir = tempDirs('studio-forms-');

function store(): KeyStore {
  return new KeyStore({ path: join(keyDir(), 'keys.json'), env: KEYS });
}

describe('secretForms', () => {
  it('lists the verbatim value first and the escaped forms only when they differ', () => {
    expect(secretForms('plainvalue123')).toEqual([
      'plainvalue123',
      'cGxhaW52YWx1ZTEyMw==',
      'cGxhaW52YWx1ZTEyMw',
    ]);
    const forms = secretForms('a"b\\c d');
    expect(forms[0]).toBe('a"b\\c d');
    expect(forms).toContain('a\\"b\\\\c d');
    expect(forms).toContain('a%22b%5Cc%20d');
    expect(forms).toContain('a%22b%5Cc+d');
  });
});

describe('KeyStore.redact in every encoding', () => {
  const s = store();
  for (const name of Object.keys(KEYS)) s.get(name);
  for (const [keyName, value] of Object.entries(KEYS)) {
    for (const [encoding, encode] of Object.entries(ENCODINGS)) {
      it(`${keyName} ${encoding}`, () => {
        // Whole, never half: the longer key that contains the shorter one goes in one piece.
        expect(s.redact(`<<${encode(value)}>>`)).toBe('<<[redacted]>>');
      });
    }
  }

  it('keeps JSON valid when it redacts inside a string', () => {
    const event = { type: 'tts_request', text: `my key is ${KEYS.QUOTE_KEY} and ${KEYS.UNICODE_KEY}` };
    const clean = JSON.parse(s.redact(JSON.stringify(event))) as typeof event;
    expect(clean.text).toBe('my key is [redacted] and [redacted]');
  });
});

describe('the OpenAI providers’ own scrub', () => {
  it('replaces a key quoted JSON-escaped or URL-encoded by a server', () => {
    const key = 'sk"odd\\key value';
    const body = `{"error":"bad key ${json(key)}","url":"/v1?k=${encodeURIComponent(key)}"}`;
    expect(redactProviderText(body, [key])).toBe('{"error":"bad key ***","url":"/v1?k=***"}');
  });
});

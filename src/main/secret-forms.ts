/**
 * The spellings a secret takes on its way out of main. A key is rarely seen verbatim: an event
 * or a log line is JSON, so a key holding `"` or `\` appears escaped (`a\"b`); an error that
 * quotes a request URL or a form body has it percent-encoded; a header or a body quoted by a
 * server may carry it in base64 or JSON-escaped twice. Redacting only the raw value misses all
 * of these, so the redactor looks for every form listed here.
 */
import { Buffer } from 'node:buffer';

/** JSON string content of `text` (what sits between the quotes of JSON.stringify). */
function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** JSON-escaped as ASCII-only encoders write it (Python's json.dumps): `\u00e9` for é. */
function jsonEscapedAscii(text: string): string {
  return jsonEscaped(text).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** application/x-www-form-urlencoded, as URLSearchParams writes it (space as `+`). */
function formEncoded(text: string): string {
  return new URLSearchParams([['', text]]).toString().slice(1);
}

function lowerHexEscapes(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
}

/**
 * Every form of `secret` worth looking for, without duplicates. The verbatim value is always
 * first; the others only differ from it when the value holds characters that get escaped.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const json = jsonEscaped(secret);
  forms.add(json);
  forms.add(jsonEscaped(json));
  forms.add(jsonEscapedAscii(secret));
  forms.add(jsonEscaped(jsonEscapedAscii(secret)));
  const uri = encodeURIComponent(secret);
  forms.add(uri);
  forms.add(uri.replace(/%20/g, '+'));
  forms.add(lowerHexEscapes(uri));
  forms.add(formEncoded(secret));
  forms.add(lowerHexEscapes(formEncoded(secret)));
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  // A form that only escapes differently may itself sit inside JSON (a URL quoted in an event).
  for (const f of [...forms]) forms.add(jsonEscaped(f));
  return [...forms];
}

/**
 * Every form of every secret, longest first, so a secret that contains another (or a form that
 * contains another's) is replaced whole rather than half; forms shorter than `minLength` are
 * dropped (replacing every "1" in a log would destroy it).
 */
export function allSecretForms(secrets: Iterable<string>, minLength: number): string[] {
  const all = new Set<string>();
  for (const s of secrets) for (const f of secretForms(s)) if (f.length >= minLength) all.add(f);
  return [...all].sort((a, b) => b.length - a.length);
}

/**
 * The app:// handler against a real renderer folder: files with their MIME types and the CSP,
 * index.html for `/`, and every way out of the folder refused (traversal, encoded separators,
 * symlinks, dotfiles, other hosts and schemes). No Electron needed: the handler speaks fetch's
 * Request/Response shapes, as protocol.handle does.
 */
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  appRequestPath,
  handleAppRequest,
  resolveAppUrl,
} from './app-protocol';
import { contentSecurityPolicy } from './transport/csp';
import { tempDirs } from '../../tests/fixtures/temp-dirs';

const CSP = contentSecurityPolicy();
const appDir = tempDirs('studio-app-');
let root: string;
let outside: string;

beforeAll(async () => {
  const base = appDir();
  root = join(base, 'renderer');
  outside = join(base, 'secret.txt');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>studio</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'silero.wasm'), Buffer.from([0, 97, 115, 109]));
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(outside, 'private');
  await symlink(outside, join(root, 'assets', 'link.txt'));
});

const get = (url: string, method = 'GET') => handleAppRequest({ method, url }, root, CSP);

describe('appRequestPath', () => {
  it('takes the path of app://studio URLs only, without query or fragment', () => {
    expect(appRequestPath('app://studio/index.html?x=1#y')).toEqual({ ok: true, rawPath: '/index.html' });
    expect(appRequestPath('app://studio')).toEqual({ ok: true, rawPath: '/' });
    expect(appRequestPath('app://studio/a%2Fb')).toEqual({ ok: true, rawPath: '/a%2Fb' });
    expect(appRequestPath('app://other/index.html')).toMatchObject({ ok: false, status: 404 });
    expect(appRequestPath('file:///etc/passwd')).toMatchObject({ ok: false, status: 400 });
    expect(appRequestPath('app://studio:8080/index.html')).toMatchObject({ ok: false, status: 400 });
    expect(appRequestPath('app://u:p@studio/index.html')).toMatchObject({ ok: false, status: 400 });
    expect(appRequestPath('::')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the app:// handler', () => {
  it('serves the renderer with its MIME types, the CSP and nosniff', async () => {
    const cases: Array<[string, string]> = [
      [APP_INDEX_URL, 'text/html; charset=utf-8'],
      ['app://studio/', 'text/html; charset=utf-8'],
      ['app://studio/assets/index-abc.js', 'text/javascript; charset=utf-8'],
      ['app://studio/assets/index-abc.css', 'text/css; charset=utf-8'],
      ['app://studio/assets/silero.wasm', 'application/wasm'],
      ['app://studio/assets/logo.svg', 'image/svg+xml'],
    ];
    for (const [url, type] of cases) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toBe(type);
      expect(res.headers.get('content-security-policy')).toBe(CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get(APP_INDEX_URL)).text()).toContain('<title>studio</title>');
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('refuses every way out of the renderer folder', async () => {
    for (const url of [
      'app://studio/..%2f..%2fsecret.txt',
      'app://studio/%2e%2e/secret.txt',
      'app://studio/assets/..%2F..%2F..%2Fsecret.txt',
      'app://studio/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://studio/..%5csecret.txt',
      'app://studio/%00index.html',
      'app://studio/%E0%A4%A',
      'app://studio//etc/passwd',
      'app://studio/assets/link.txt',
      'app://studio/.env',
      'app://studio/missing.js',
      'app://studio/assets',
      'app://evil/index.html',
    ]) {
      const res = await get(url);
      expect([400, 403, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('private');
    }
    expect((await resolveAppUrl(root, 'app://studio/assets/link.txt')).kind).toBe('refused');
  });

  it('answers only GET and HEAD', async () => {
    const res = await get(APP_INDEX_URL, 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('is registered as a standard, secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled');
  });
});

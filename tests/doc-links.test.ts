/**
 * The README and the docs are self-contained: every relative link they hold, and every document
 * path they cite in code spans, names a file in this repository (a clone has nothing beside it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const DOCS = ['README.md', ...markdownFiles('docs'), ...markdownFiles('tests/scenarios')];

/** Markdown link and image targets, without titles and #fragments; external ones left out. */
export function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const m of markdown.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    targets.push(decodeURIComponent(target.split('#')[0]));
  }
  return targets;
}

/** Code spans that cite a document by path: `docs/x.md`, `../y/z.md`. */
export function citedDocuments(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\s]+\.md)`/g)].map((m) => m[1]).filter((p) => p.includes('/'));
}

describe('links in the README and docs', () => {
  it('finds links and cited paths, and leaves out URLs and anchors', () => {
    const sample =
      '[a](docs/a.md) ![b](img/b.png "t") [c](https://x.y/z) [d](#top) [e](f.md#s) see `../g/h.md` and `i.md`';
    expect(linkTargets(sample)).toEqual(['docs/a.md', 'img/b.png', 'f.md']);
    expect(citedDocuments(sample)).toEqual(['../g/h.md']);
  });

  it('covers the README, docs/ and the scenario READMEs', () => {
    expect(DOCS).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/architecture.md',
        'docs/scenario-format.md',
        'tests/scenarios/README.md',
      ]),
    );
  });

  it.each(DOCS)('%s: every relative link resolves to a file in the repository', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    const broken = linkTargets(text).filter((target) => {
      const path = resolve(root, dirname(doc), target);
      return !existsSync(path) || relative(root, path).startsWith('..');
    });
    expect(broken).toEqual([]);
  });

  it.each(DOCS)('%s: every document cited by path is in the repository', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    const broken = citedDocuments(text).filter((cited) => {
      const candidates = [resolve(root, dirname(doc), cited), resolve(root, cited)];
      return !candidates.some((path) => existsSync(path) && !relative(root, path).startsWith('..'));
    });
    expect(broken).toEqual([]);
  });
});

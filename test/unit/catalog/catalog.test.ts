import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCatalog, parseCatalogText } from '../../../src/pipeline/catalog/index.js';

const fixtures = new URL('../../fixtures/catalog/', import.meta.url);
const repoFeeds = new URL('../../../feeds/', import.meta.url);

describe('catalog validation', () => {
  it('names the file, line and field of every broken entry and keeps the valid one', () => {
    const text = readFileSync(new URL('broken.yaml', fixtures), 'utf8');
    const { feeds, errors } = parseCatalogText(text, 'broken.yaml');
    expect(feeds.map((f) => f.url)).toEqual(['https://www.example.org/news/rss.xml']);
    expect(feeds[0]?.interval).toBe(15);
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField['feeds[1].url']).toMatchObject({ file: 'broken.yaml', line: 8 });
    expect(byField['feeds[1].url']?.message).toContain('http(s)');
    expect(byField['feeds[2].language']).toMatchObject({ line: 13, message: 'must be de or en' });
    expect(byField['feeds[3].interval']).toMatchObject({ line: 17 });
    expect(byField['feeds[3].interval']?.message).toContain('at least 2');
    expect(byField['feeds[4].fulltext']).toMatchObject({ line: 21, message: 'unknown field' });
    expect(byField['feeds[5].url']).toMatchObject({ message: 'is required' });
    expect(errors).toHaveLength(5);
    expect(formatProblem(byField['feeds[2].language'] ?? { file: '', message: '' })).toBe(
      'broken.yaml: line 13: feeds[2].language: must be de or en',
    );
  });

  it('reports invalid YAML with its line instead of throwing', () => {
    const r = parseCatalogText('feeds:\n  - url: https://a.example/x\n    name: [unclosed\n', 'bad.yaml');
    expect(r.feeds).toEqual([]);
    expect(r.errors[0]?.file).toBe('bad.yaml');
    expect(r.errors[0]?.message).toMatch(/invalid YAML/);
    expect(r.errors[0]?.line).toBeGreaterThan(0);
  });

  it('rejects a file that is not a list', () => {
    const r = parseCatalogText('url: https://a.example/\n', 'map.yaml');
    expect(r.errors[0]?.message).toMatch(/expected a list/);
  });

  it('loads a folder, lower-cases tags and reports duplicates across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    writeFileSync(join(dir, 'a.yaml'), readFileSync(new URL('valid.yaml', fixtures)));
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify([{ url: 'https://news.example.com/world.rss', name: 'Again', language: 'en' }]),
    );
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { feeds, errors } = loadCatalog(dir);
    expect(feeds).toHaveLength(2);
    expect(feeds[0]?.tags).toEqual(['world', 'news']);
    expect(feeds[1]).toMatchObject({ interval: 30, fullText: false, file: 'a.yaml' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'b.json', field: 'url' });
    expect(errors[0]?.message).toContain('first in a.yaml');
  });

  it('reports a missing folder as an error', () => {
    const r = loadCatalog(join(tmpdir(), 'no-such-catalog-dir-xyz'));
    expect(r.feeds).toEqual([]);
    expect(r.errors[0]?.message).toMatch(/cannot read catalog folder/);
  });

  it('the shipped starter catalog is valid and has German and English feeds', () => {
    const { feeds, errors } = loadCatalog(repoFeeds.pathname);
    expect(errors).toEqual([]);
    expect(feeds.filter((f) => f.language === 'de').length).toBeGreaterThanOrEqual(8);
    expect(feeds.filter((f) => f.language === 'en').length).toBeGreaterThanOrEqual(8);
    expect(feeds.every((f) => f.url.startsWith('https://'))).toBe(true);
  });
});

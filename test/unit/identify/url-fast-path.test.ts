import { describe, expect, it } from 'vitest';
import { isPlainCanonical, normalizeUrl } from '../../../src/pipeline/identify/index.js';

/** What normalizeUrl gave before the fast path: always through the URL parser. */
function viaParser(raw: string): string | undefined {
  return normalizeUrl(`${raw}#fragment-forces-the-parser`);
}

const plain = [
  'https://www.example.de/politik/artikel-123.html',
  'http://news1.example/feed1/item3',
  'https://example.org/',
  'https://a-b.c-d.example/x_y~z/2024/06/03/',
  'https://example.org//double//slashes',
  'https://example.org/a..b/c.d',
  'https://example.org/.hidden-file',
];
const notPlain = [
  'https://WWW.Example.de/a',
  'https://example.org',
  'https://example.org:443/a',
  'https://example.org:8080/a',
  'https://user:pw@example.org/a',
  'https://example.org/a?id=1',
  'https://example.org/a?utm_source=x',
  'https://example.org/a#top',
  'https://example.org/a/../b',
  'https://example.org/a/./b',
  'https://example.org/a/..',
  'https://example.org/a/.',
  'https://example.org/%7Ea',
  'https://example.org/ä',
  'https://example.org/a b',
  'https://127.0.0.1/a',
  'https://0x7f000001/a',
  'https://2130706433/a',
  'https://xn--mnchen-3ya.example/a',
  'https://example.org./a',
  'https://exa..mple.org/a',
  ' https://example.org/a',
  'ftp://example.org/a',
  'javascript:alert(1)//x/',
  'HTTPS://example.org/a',
];

describe('normalizeUrl fast path', () => {
  it('takes only URLs the URL parser would return unchanged', () => {
    for (const u of plain) {
      expect(isPlainCanonical(u), u).toBe(true);
      expect(new URL(u).toString(), u).toBe(u);
      expect(normalizeUrl(u), u).toBe(viaParser(u));
    }
  });

  it('sends everything else through the parser, with the same result as before', () => {
    for (const u of notPlain) {
      expect(isPlainCanonical(u), u).toBe(false);
      expect(normalizeUrl(u), u).toBe(viaParser(u));
    }
    expect(normalizeUrl('https://example.org/a/../b')).toBe('https://example.org/b');
    expect(normalizeUrl('https://example.org')).toBe('https://example.org/');
  });

  it('agrees with the parser on generated paths with dots and slashes', () => {
    const parts = ['a', '.', '..', '', '-', '~x', 'b.c', '...'];
    let checked = 0;
    for (const p of parts)
      for (const q of parts)
        for (const r of parts) {
          const u = `https://news.example/${p}/${q}/${r}`;
          if (isPlainCanonical(u)) {
            expect(new URL(u).toString(), u).toBe(u);
            checked++;
          }
          expect(normalizeUrl(u), u).toBe(viaParser(u));
        }
    expect(checked).toBeGreaterThan(100);
  });
});

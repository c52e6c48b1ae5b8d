import { describe, expect, it } from 'vitest';
import { identifyItems, normalizeUrl } from '../../../src/pipeline/identify/index.js';
import { selectNew } from '../../../src/pipeline/refresh/decide.js';

describe('normalizeUrl', () => {
  it('drops tracking parameters, fragments, default ports and host case', () => {
    expect(
      normalizeUrl('HTTPS://WWW.Example.ORG:443/a/b?id=7&utm_source=rss&UTM_Medium=x&fbclid=1&gclid=2#top'),
    ).toBe('https://www.example.org/a/b?id=7');
    expect(normalizeUrl('http://example.org/x?at_medium=RSS&xtor=RSS-1')).toBe('http://example.org/x');
  });
  it('resolves relative links and refuses other schemes', () => {
    expect(normalizeUrl('/politik/artikel-1.html', 'https://example.org/feed.xml')).toBe(
      'https://example.org/politik/artikel-1.html',
    );
    expect(normalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(normalizeUrl('not a url')).toBeUndefined();
    expect(normalizeUrl(undefined)).toBeUndefined();
  });
});

describe('identifyItems', () => {
  it('uses guid, then link, then a hash of title and date', () => {
    const ids = identifyItems([
      { guid: 'g-1', link: 'https://e.org/1', title: 'Eins' },
      { link: 'https://e.org/2?utm_source=x', title: 'Zwei' },
      { title: 'Drei', publishedAt: 1_700_000_000_000 },
    ]);
    expect(ids.map((i) => i.id)).toEqual([
      'g-1',
      'https://e.org/2',
      expect.stringMatching(/^h:[0-9a-f]{32}$/),
    ]);
    expect(ids[1]?.canonicalUrl).toBe('https://e.org/2');
    expect(ids[1]?.url).toBe('https://e.org/2?utm_source=x');
    expect(ids[2]?.canonicalUrl).toMatch(/^urn:newsdigest:h:/);
    // the hash is stable
    expect(identifyItems([{ title: 'Drei', publishedAt: 1_700_000_000_000 }])[0]?.id).toBe(ids[2]?.id);
  });

  it('does not trust a guid that repeats inside one feed', () => {
    const ids = identifyItems([
      { guid: 'same', link: 'https://e.org/a', title: 'A' },
      { guid: 'same', link: 'https://e.org/b', title: 'B' },
    ]);
    expect(ids.map((i) => i.id)).toEqual(['https://e.org/a', 'https://e.org/b']);
  });

  it('falls back to the hash when guid and link both repeat, and drops exact duplicates', () => {
    const ids = identifyItems([
      { guid: 'x', link: 'https://e.org/', title: 'A', publishedAt: 1 },
      { guid: 'x', link: 'https://e.org/', title: 'B', publishedAt: 1 },
      { guid: 'x', link: 'https://e.org/', title: 'B', publishedAt: 1 },
    ]);
    expect(ids).toHaveLength(2);
    expect(ids[0]?.id).not.toBe(ids[1]?.id);
  });
});

describe('selectNew', () => {
  const now = Date.UTC(2026, 10, 25, 12);
  const hour = 3_600_000;
  const items = identifyItems([
    { guid: 'old-guid', link: 'https://e.org/a', title: 'A', publishedAt: now - hour },
    { guid: 'new-1', link: 'https://e.org/b', title: 'B', publishedAt: now - hour },
    { guid: 'new-2', link: 'https://e.org/c', title: 'C', publishedAt: now - 30 * hour },
    { guid: 'new-3', link: 'https://e.org/a?utm_campaign=re', title: 'A again', publishedAt: now },
    { guid: 'new-4', link: 'https://e.org/d', title: 'D' },
  ]);
  const seen = { ids: new Set(['old-guid']), canonicalUrls: new Set(['https://e.org/a']) };

  it('announces only fresh, unseen, not re-published items', () => {
    const r = selectNew(items, seen, { firstPoll: false, now, maxAgeMs: 24 * hour });
    expect(r.map((x) => [x.id, x.decision])).toEqual([
      ['new-1', 'announce'],
      ['new-2', 'too_old'],
      ['new-3', 'republished'],
      ['new-4', 'announce'],
    ]);
    expect(r.filter((x) => x.announce).map((x) => x.id)).toEqual(['new-1', 'new-4']);
  });

  it('stores everything silently on the first poll', () => {
    const r = selectNew(
      items,
      { ids: new Set(), canonicalUrls: new Set() },
      { firstPoll: true, now, maxAgeMs: hour },
    );
    expect(r).toHaveLength(5);
    expect(r.every((x) => !x.announce && x.decision === 'first_poll')).toBe(true);
  });

  it('does not announce the same story twice inside one batch', () => {
    const dup = identifyItems([
      { guid: 'p1', link: 'https://e.org/z', title: 'Z' },
      { guid: 'p2', link: 'https://e.org/z#comments', title: 'Z (update)' },
    ]);
    const r = selectNew(
      dup,
      { ids: new Set(), canonicalUrls: new Set() },
      { firstPoll: false, now, maxAgeMs: hour },
    );
    expect(r.map((x) => x.decision)).toEqual(['announce', 'republished']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import {
  articleText,
  articleTitle,
  digestText,
  feedTextOf,
  isTooOld,
  refreshRules,
  storedDigestIn,
  wantsPage,
} from '../../../src/pipeline/refresh/rules.js';

const HOUR = 3_600_000;

describe('refresh rules', () => {
  it('age: only a dated item older than the limit is too old', () => {
    expect(isTooOld(undefined, 100 * HOUR, HOUR)).toBe(false);
    expect(isTooOld(99 * HOUR, 100 * HOUR, HOUR)).toBe(false);
    expect(isTooOld(99 * HOUR - 1, 100 * HOUR, HOUR)).toBe(true);
  });

  it('text: content, else summary; the page only for a full-text feed with a teaser and a link', () => {
    expect(feedTextOf({ text: 'Inhalt', summaryText: 'Kurz' })).toBe('Inhalt');
    expect(feedTextOf({ text: '', summaryText: 'Kurz' })).toBe('Kurz');
    expect(wantsPage(true, 'https://example.org/a', 'Kurz')).toBe(true);
    expect(wantsPage(false, 'https://example.org/a', 'Kurz')).toBe(false);
    expect(wantsPage(true, '', 'Kurz')).toBe(false);
    expect(wantsPage(true, 'https://example.org/a', 'x'.repeat(600))).toBe(false);
  });

  it('text: the page replaces the feed text only when it is longer; its image is kept either way', () => {
    const page = { text: 'Seite mit mehr Text', title: 'Seite', imageUrl: 'https://example.org/b.jpg' };
    expect(articleText('Kurz', page)).toEqual({ ...page, fromPage: true });
    expect(articleText('Ein längerer Feedtext als die Seite', page)).toEqual({
      text: 'Ein längerer Feedtext als die Seite',
      imageUrl: 'https://example.org/b.jpg',
      fromPage: false,
    });
    expect(articleText('Kurz', undefined)).toEqual({ text: 'Kurz', fromPage: false });
  });

  it('title: the item’s, else the page’s, else the first 80 characters; a digest of the title without text', () => {
    expect(articleTitle('Titel', 'Text', 'Seite')).toBe('Titel');
    expect(articleTitle('', 'Text', 'Seite')).toBe('Seite');
    expect(articleTitle('', 'y'.repeat(100))).toBe('y'.repeat(80));
    expect(digestText({ text: '  ', title: 'Titel' })).toBe('Titel');
    expect(digestText({ text: 'Text', title: 'Titel' })).toBe('Text');
  });

  it('digest in a language: a stored one in that language without a note, the preferred summarizer first', () => {
    const d = (language: 'de' | 'en', summarizer: string, note?: 'no_translation') =>
      ({ language, summarizer, ...(note ? { note } : {}) }) as unknown as Digest;
    const stored = [d('de', 'extractive', 'no_translation'), d('en', 'extractive'), d('en', 'llm')];
    expect(storedDigestIn(stored, 'en')).toBe(stored[1]);
    expect(storedDigestIn(stored, 'en', 'llm')).toBe(stored[2]);
    expect(storedDigestIn(stored, 'en', 'other')).toBe(stored[1]);
    expect(storedDigestIn([d('de', 'extractive', 'no_translation')], 'de')).toBeUndefined();
    expect(storedDigestIn(stored, 'fr')).toBeUndefined();
  });

  it('from the settings: skip known items and the item cap unless set otherwise', () => {
    expect(refreshRules({ MAX_ITEM_AGE_HOURS: 24 })).toEqual({
      maxItemAgeHours: 24,
      skipKnown: true,
      maxItems: undefined,
    });
    expect(refreshRules({ MAX_ITEM_AGE_HOURS: 6, PARSE_SKIP_KNOWN: false, PARSE_MAX_ITEMS: 50 })).toEqual({
      maxItemAgeHours: 6,
      skipKnown: false,
      maxItems: 50,
    });
  });
});

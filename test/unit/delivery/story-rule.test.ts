/**
 * The same-story rule on a few of the hand-written cross-outlet pairs (the full set is measured by
 * `npm run bench:stories`), and on what must never count as evidence: lead phrasing, series names, numbers
 * that disagree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareStories, sameFeedUpdate, storyContext, storyKey } from '../../../src/delivery/story.js';

interface Side {
  title: string;
  text: string;
}
const { pairs } = JSON.parse(
  readFileSync(new URL('../../fixtures/delivery/cross-outlet-pairs.json', import.meta.url), 'utf8'),
) as { pairs: { lang: string; a: Side; b: Side }[] };

const key = (s: Side) => storyKey(s.title, s.text);
const same = (a: Side, b: Side) => compareStories(key(a), key(b)).same;

describe('same story across outlets', () => {
  const sample = [0, 1, 22, 23].map((i) => pairs[i]!);
  it.each(sample.map((p) => [p.lang, p.a.title, p.b.title, p] as const))('%s: %s / %s', (_l, _a, _b, p) => {
    expect(same(p.a, p.b)).toBe(true);
  });

  it('has at least 40 hand-written pairs, half German and half English', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(40);
    expect(pairs.filter((p) => p.lang === 'de').length).toBe(pairs.filter((p) => p.lang === 'en').length);
  });

  it('does not count words that only the descriptions share', () => {
    const lead =
      'Wie die Stadtverwaltung am Montag mitteilte, sind für das Vorhaben weitere 4 Millionen Euro vorgesehen.';
    expect(
      same(
        { title: 'Sanierung der Turnhalle Ost beginnt im April', text: lead },
        { title: 'Marktstraße wird zur Fußgängerzone', text: lead },
      ),
    ).toBe(false);
  });

  it('keeps two instalments apart when each headline has a number the other lacks', () => {
    const a = {
      title: 'Bahnstreik: GDL legt Fernverkehr 48 Stunden lahm',
      text: 'Die GDL streikt ab Mittwoch.',
    };
    const b = {
      title: 'Bahnstreik: GDL legt Fernverkehr 72 Stunden lahm',
      text: 'Die GDL streikt ab Montag.',
    };
    expect(same(a, b)).toBe(false);
    expect(same(a, { ...b, title: a.title })).toBe(true);
  });

  it('weighs words by how common they are among the chat’s recent stories', () => {
    const a = key({
      title: 'Giant Bombcast Special: Summer Games Preview',
      text: 'The Giant Bombcast crew talks summer games.',
    });
    const b = key({
      title: 'Giant Bombcast Special: Winter Games Recap',
      text: 'The Giant Bombcast crew talks winter games.',
    });
    // without context every word counts: the shared series name looks like evidence
    expect(compareStories(a, b).same).toBe(true);
    const others = Array.from({ length: 60 }, (_, i) =>
      key({
        title: `Giant Bombcast Special: Episode Guest ${i}x`,
        text: `Giant Bombcast crew games guest ${i}x.`,
      }),
    );
    expect(compareStories(a, b, storyContext([a, b, ...others])).same).toBe(false);
  });

  it('a key stored before titles were kept apart carries no title evidence', () => {
    expect(compareStories('volkswagen 35000 jobs germany 2030', key(pairs[0]!.a)).same).toBe(false);
  });
});

describe('same feed', () => {
  it('joins only near-identical headlines', () => {
    const k = (title: string) => storyKey(title, '');
    expect(
      sameFeedUpdate(
        k('Großbrand im Chemiepark Leverkusen: Anwohner sollen Fenster geschlossen halten'),
        k('Großbrand im Chemiepark Leverkusen: Anwohner sollen Fenster und Türen geschlossen halten'),
      ),
    ).toBe(true);
    expect(
      sameFeedUpdate(k('Giant Bombcast 603: Call of Tuesday'), k('Giant Bombcast 602: Easy Chicken')),
    ).toBe(false);
    expect(
      sameFeedUpdate(
        k('Stadtrat beschließt Neubau der Grundschule'),
        k('Stadtrat beschließt Neubau der Feuerwache'),
      ),
    ).toBe(false);
  });
});

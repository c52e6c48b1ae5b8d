import { describe, expect, it } from 'vitest';
import {
  FEATURES,
  hasEarlyPronoun,
  isFragment,
  type SentenceModel,
  selectSentences,
  sentenceFeatures,
  sentenceInfo,
  startsDangling,
} from '../../../src/pipeline/summarize/select.js';

function infos(sentences: string[], lang: 'de' | 'en' = 'de') {
  return sentences.map((s, i) => sentenceInfo(i, s, lang, 0));
}

const ARTICLE = [
  'Die Landesregierung hat am Montag einen neuen Plan für den Ausbau der Radwege in Hamburg vorgestellt.',
  'Er sieht vor, dass bis 2030 insgesamt 300 Kilometer neue Radwege in Hamburg entstehen.',
  'Der Plan für den Ausbau der Radwege in Hamburg wurde am Montag von der Landesregierung vorgestellt.',
  'Die Kosten für die neuen Radwege in Hamburg sollen sich auf 400 Millionen Euro belaufen.',
  'Umweltverbände begrüßten den Plan für die Radwege, forderten aber schnellere Fortschritte.',
  'Die Opposition kritisierte die Kosten der Radwege als zu hoch.',
];

describe('selectSentences', () => {
  it('returns indices in original order within the sentence budget', () => {
    const picked = selectSentences(infos(ARTICLE), { maxSentences: 3, maxChars: 600, lang: 'de' });
    expect(picked.length).toBeLessThanOrEqual(3);
    expect(picked.length).toBeGreaterThan(1);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });

  it('does not pick a near-duplicate of a chosen sentence', () => {
    const picked = selectSentences(infos(ARTICLE), { maxSentences: 3, maxChars: 600, lang: 'de' });
    expect(picked.includes(0) && picked.includes(2)).toBe(false);
  });

  it('respects the character budget', () => {
    const picked = selectSentences(infos(ARTICLE), { maxSentences: 3, maxChars: 200, lang: 'de' });
    const chars = picked.reduce((n, i) => n + ARTICLE[i]!.length + 1, 0);
    expect(chars).toBeLessThanOrEqual(200);
    expect(picked.length).toBeGreaterThanOrEqual(1);
  });

  it('respects the sentence budget', () => {
    expect(selectSentences(infos(ARTICLE), { maxSentences: 1, maxChars: 600, lang: 'de' })).toEqual([0]);
  });

  it('prefers a sentence that stands on its own over one starting with a pronoun', () => {
    const text = [
      'Der Stadtrat von Leipzig hat den Bau einer neuen Schwimmhalle im Süden der Stadt beschlossen.',
      'Sie soll ab dem Frühjahr für den Schulsport und für Vereine gebaut werden und im Süden liegen.',
      'Die neue Schwimmhalle soll ab dem Frühjahr für den Schulsport und für Vereine gebaut werden.',
    ];
    expect(selectSentences(infos(text), { maxSentences: 2, maxChars: 600, lang: 'de' })).toEqual([0, 2]);
  });

  it('skips datelines and short headings', () => {
    const text = ['BERLIN (dpa) -', ...ARTICLE];
    const picked = selectSentences(infos(text), { maxSentences: 3, maxChars: 600, lang: 'de' });
    expect(picked).not.toContain(0);
  });
});

describe('startsDangling / isFragment', () => {
  it('recognises pronoun and connective starts in both languages', () => {
    expect(startsDangling('Er sagte, dass es regnet.', 'de')).toBe(true);
    expect(startsDangling('„Dabei bleibt es“, sagte sie.', 'de')).toBe(true);
    expect(startsDangling('Der Bürgermeister sagte, dass es regnet.', 'de')).toBe(false);
    expect(startsDangling('However, the plan failed.', 'en')).toBe(true);
    expect(startsDangling('They said it would rain.', 'en')).toBe(true);
    expect(startsDangling('The mayor said it would rain.', 'en')).toBe(false);
  });

  it('treats datelines as fragments, full sentences not', () => {
    expect(isFragment(sentenceInfo(0, 'KIEL (dpa) -', 'de', 0))).toBe(true);
    expect(isFragment(sentenceInfo(0, 'Der Hafen wird größer.', 'de', 0))).toBe(false);
  });
});

describe('hasEarlyPronoun', () => {
  it('finds a personal pronoun among the first words', () => {
    expect(hasEarlyPronoun('Auf der Plattform X äußerte er seine Sorge.', 'de')).toBe(true);
    expect(hasEarlyPronoun('Der Minister äußerte auf der Plattform X seine Sorge.', 'de')).toBe(false);
    expect(hasEarlyPronoun('On Friday evening he resigned.', 'en')).toBe(true);
    expect(hasEarlyPronoun('The minister resigned on Friday evening.', 'en')).toBe(false);
  });
});

describe('the sentence model', () => {
  const opts = { maxSentences: 3, maxChars: 600, lang: 'de' as const };
  const zero = Object.fromEntries(FEATURES.map((k) => [k, 0])) as SentenceModel['weights'];

  it('computes one row of features per candidate, position first', () => {
    const rows = sentenceFeatures(infos(ARTICLE), opts);
    expect(rows).toHaveLength(ARTICLE.length);
    for (const r of rows) expect(r).toHaveLength(FEATURES.length);
    const at = (row: number, f: (typeof FEATURES)[number]) => rows[row]![FEATURES.indexOf(f)];
    expect(at(0, 'first')).toBe(1);
    expect(at(1, 'first')).toBe(0);
    expect(at(0, 'position')).toBeGreaterThan(at(3, 'position')!);
    expect(at(1, 'dangling')).toBe(1); // "Er sieht vor, …"
    expect(at(0, 'dangling')).toBe(0);
  });

  it('stops at a per-language share of the first pick', () => {
    const strict: SentenceModel = { weights: zero, blend: 0, minRelative: { de: 0.99, en: 0, und: 0 } };
    expect(selectSentences(infos(ARTICLE), { ...opts, model: strict })).toHaveLength(1);
    const en = infos(ARTICLE, 'en');
    expect(selectSentences(en, { ...opts, lang: 'en', model: strict }).length).toBeGreaterThan(1);
  });

  it('adds the learned probability with its blend weight', () => {
    // a model that only likes figures: with a large blend, the two sentences with figures are taken
    const figs = ARTICLE.map((t, i) => sentenceInfo(i, t, 'de', /\d/.test(t) ? 3 : 0));
    const likesFigures: SentenceModel = {
      weights: { ...zero, bias: -4, figures: 8 },
      blend: 5,
      minRelative: { de: 0, en: 0, und: 0 },
    };
    expect(selectSentences(figs, { ...opts, maxSentences: 2, model: likesFigures })).toEqual([1, 3]);
    expect(
      selectSentences(figs, { ...opts, maxSentences: 2, model: { ...likesFigures, blend: 0 } }),
    ).not.toEqual([1, 3]);
  });
});

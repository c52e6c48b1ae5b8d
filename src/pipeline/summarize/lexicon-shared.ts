/**
 * Word lists shared by the extractive engine (numbers.ts, figures-lexicon.ts) and the figure guard (guard/lexicon.ts).
 * Each consumer builds its own table from these and adds only its own extras, so a word is written down once.
 * Keys are lower-case.
 */

export type LexiconLang = 'de' | 'en';

/** The qualifier kinds both consumers give the shared entries. */
export type SharedQualifierKind = 'approx' | 'upper' | 'lower';

/** Cardinal number words, two to a thousand. "ein/eine/one" are left out: too often an article. */
export const CARDINAL_WORDS: Readonly<Record<LexiconLang, Readonly<Record<string, number>>>> = {
  de: {
    zwei: 2,
    drei: 3,
    vier: 4,
    fünf: 5,
    sechs: 6,
    sieben: 7,
    acht: 8,
    neun: 9,
    zehn: 10,
    elf: 11,
    zwölf: 12,
    dreizehn: 13,
    vierzehn: 14,
    fünfzehn: 15,
    sechzehn: 16,
    siebzehn: 17,
    achtzehn: 18,
    neunzehn: 19,
    zwanzig: 20,
    dreißig: 30,
    vierzig: 40,
    fünfzig: 50,
    sechzig: 60,
    siebzig: 70,
    achtzig: 80,
    neunzig: 90,
    hundert: 100,
    tausend: 1000,
  },
  en: {
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
    twenty: 20,
    thirty: 30,
    forty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
    hundred: 100,
    thousand: 1000,
  },
};

export type QualifierEntry<K extends string = SharedQualifierKind> = readonly [phrase: string, kind: K];

/** Qualifiers written before a number that both consumers read the same way. */
export const SHARED_QUALIFIERS: Readonly<Record<LexiconLang, readonly QualifierEntry[]>> = {
  de: [
    ['bis zu', 'upper'],
    ['höchstens', 'upper'],
    ['maximal', 'upper'],
    ['weniger als', 'upper'],
    ['unter', 'upper'],
    ['mehr als', 'lower'],
    ['über', 'lower'],
    ['mindestens', 'lower'],
    ['wenigstens', 'lower'],
    ['rund', 'approx'],
    ['etwa', 'approx'],
    ['ca.', 'approx'],
    ['circa', 'approx'],
    ['zirka', 'approx'],
    ['ungefähr', 'approx'],
    ['knapp', 'approx'],
    ['fast', 'approx'],
    ['nahezu', 'approx'],
    ['beinahe', 'approx'],
    ['schätzungsweise', 'approx'],
  ],
  en: [
    ['up to', 'upper'],
    ['at most', 'upper'],
    ['as many as', 'upper'],
    ['less than', 'upper'],
    ['fewer than', 'upper'],
    ['under', 'upper'],
    ['no more than', 'upper'],
    ['more than', 'lower'],
    ['over', 'lower'],
    ['at least', 'lower'],
    ['about', 'approx'],
    ['around', 'approx'],
    ['roughly', 'approx'],
    ['approximately', 'approx'],
    ['nearly', 'approx'],
    ['almost', 'approx'],
    ['some', 'approx'],
    ['an estimated', 'approx'],
    ['just under', 'approx'],
  ],
};

/** The shared qualifiers of both languages plus a consumer's extras, as one mutable list. */
export function qualifiersWith<K extends string>(
  extras: readonly QualifierEntry<K>[],
): [string, SharedQualifierKind | K][] {
  return [...SHARED_QUALIFIERS.de, ...SHARED_QUALIFIERS.en, ...extras].map(([phrase, kind]) => [
    phrase,
    kind,
  ]);
}

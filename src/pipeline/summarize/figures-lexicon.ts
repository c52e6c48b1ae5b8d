/** Word lists for quantity extraction (German and English): qualifiers, units, currencies, months. */
import { qualifiersWith } from './lexicon-shared.js';
import { NUMBER_WORDS, VAGUE_WORDS } from './numbers.js';

export type QualifierKind = 'exact' | 'approx' | 'upper' | 'lower' | 'range';
export type Currency = 'EUR' | 'USD' | 'GBP' | 'CHF' | 'JPY';

/** Qualifiers written before a number: the shared ones (lexicon-shared.ts) plus the engine's own. */
export const QUALIFIERS: [string, QualifierKind][] = qualifiersWith<QualifierKind>([
  ['bis maximal', 'upper'],
  ['as much as', 'upper'],
  ['gut', 'lower'],
  ['just over', 'lower'],
  ['upwards of', 'lower'],
  ['annähernd', 'approx'],
]);

export const CURRENCY_SYMBOLS: [string, Currency][] = [
  ['US-$', 'USD'],
  ['US$', 'USD'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['CHF', 'CHF'],
  ['EUR', 'EUR'],
  ['USD', 'USD'],
  ['GBP', 'GBP'],
];

/** Currency words after a number (lower-case). */
export const CURRENCY_WORDS: Record<string, Currency> = {
  euro: 'EUR',
  euros: 'EUR',
  '€': 'EUR',
  eur: 'EUR',
  dollar: 'USD',
  dollars: 'USD',
  'us-dollar': 'USD',
  usd: 'USD',
  $: 'USD',
  pfund: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  'pfund sterling': 'GBP',
  gbp: 'GBP',
  '£': 'GBP',
  franken: 'CHF',
  'schweizer franken': 'CHF',
  francs: 'CHF',
  chf: 'CHF',
  yen: 'JPY',
};

export const PERCENT_WORDS = [
  '%',
  'prozentpunkte',
  'prozentpunkten',
  'prozent',
  'percentage points',
  'percentage point',
  'percent',
  'per cent',
];

/** Units of measure (lower-case) that follow a number. */
export const MEASURE_UNITS = new Set([
  'km',
  'kilometer',
  'kilometern',
  'kilometres',
  'kilometers',
  'meter',
  'metern',
  'metres',
  'meters',
  'm',
  'cm',
  'mm',
  'miles',
  'mile',
  'feet',
  'ft',
  'kg',
  'kilogramm',
  'kilograms',
  'tonnen',
  'tonnes',
  'tons',
  't',
  'grad',
  'degrees',
  '°c',
  '°',
  'stunden',
  'hours',
  'minuten',
  'minutes',
  'sekunden',
  'seconds',
  'tage',
  'tagen',
  'days',
  'wochen',
  'weeks',
  'monate',
  'monaten',
  'months',
  'jahre',
  'jahren',
  'years',
  'km/h',
  'mph',
  'liter',
  'litres',
  'liters',
  'mw',
  'gw',
  'kwh',
  'mwh',
  'gwh',
  'hektar',
  'hectares',
  'acres',
  'quadratkilometer',
  'quadratmeter',
  'square miles',
  'barrel',
  'barrels',
]);

export const MONTHS_DE = [
  'januar',
  'jänner',
  'februar',
  'märz',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'dezember',
];
export const MONTHS_EN = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan.',
  'feb.',
  'aug.',
  'sept.',
  'sep.',
  'oct.',
  'nov.',
  'dec.',
];
export const MONTHS = new Set([...MONTHS_DE, ...MONTHS_EN]);

/** Words before a 4-digit number that make it a year. */
export const YEAR_CUES = new Set([
  'im',
  'in',
  'jahr',
  'jahres',
  'seit',
  'since',
  'bis',
  'until',
  'ab',
  'vor',
  'nach',
  'from',
  'year',
  'of',
  'by',
  'des',
  'anfang',
  'ende',
  'mitte',
  'early',
  'late',
  'mid',
  'sommer',
  'winter',
  'frühjahr',
  'herbst',
  'summer',
  'spring',
  'autumn',
  'fall',
  'saison',
  'season',
  'and',
  'und',
  'or',
  'oder',
  'between',
  'zwischen',
]);

/** Words before a German "3." that make it an ordinal ("am 3. Oktober", "im 20. Jahrhundert"). */
export const ORDINAL_CUES_DE = new Set([
  'am',
  'im',
  'vom',
  'zum',
  'beim',
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'ihr',
  'ihre',
  'ihrem',
  'ihren',
  'sein',
  'seine',
  'seinem',
  'seinen',
  'zur',
  'ab',
  'bis',
  'seit',
  'vor',
  'nach',
  'zwischen',
  'und',
  'oder',
  'sowie',
  'zu',
  'auf',
  'ein',
  'eine',
  'einen',
  'einem',
]);

/** English words that end a counted noun phrase ("12 people in the city" → "people"). */
export const EN_NOUN_STOP = new Set(
  (
    'a an the and or but of in on at to for from by with as per than that this these those which who whom whose ' +
    'is are was were be been being has have had will would could should may might can do does did not no ' +
    'it its their his her our your my they he she we you i there here then when where while after before ' +
    'since during into onto over under about around against between among across each every all both more ' +
    'most less least so such also only just very too up down out off last next year years ago earlier later ' +
    'said says told say according if because although though yet still now already again'
  ).split(' '),
);

/** German capitalized words that cannot be counted nouns right after a number. */
export const DE_NOUN_STOP = new Set(
  'Der Die Das Den Dem Des Ein Eine Er Sie Es Wir Ich Ihr Und Oder Aber Im In Am Um Uhr'.split(' '),
);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A word matching with either case of its first letter (cheaper than a case-insensitive regex). */
function ci(word: string): string {
  const first = word[0] ?? '';
  return `[${first.toLowerCase()}${first.toUpperCase()}]${escapeRe(word.slice(1))}`;
}

const ciAlt = (words: string) => words.split('|').map(ci).join('|');

/** Alternation of number words, compounds first; the first letter may be upper-case. */
export function numberWordPattern(): string {
  const tens = 'zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig';
  const units = ciAlt('ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun');
  const enTens = ciAlt('twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety');
  const enUnits = 'one|two|three|four|five|six|seven|eight|nine';
  const simple = [...Object.keys(VAGUE_WORDS), ...Object.keys(NUMBER_WORDS)]
    .sort((a, b) => b.length - a.length)
    .map(ci);
  return [
    `(?:${units})und(?:${tens})`,
    `(?:${units})hundert`,
    `(?:${enTens})-(?:${enUnits})`,
    ci('a dozen'),
    ci('ein Dutzend'),
    'Dutzend',
    ...simple,
  ].join('|');
}

export function qualifierPattern(): string {
  return QUALIFIERS.map(([q]) => q)
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
}

export function alternation(words: Iterable<string>): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|');
}

/**
 * Words before a number that make it a label, not an amount: "Channel 5", "Highway 36", "size 24", "Gleis 7",
 * "Artikel 5", "Staffel 3". Compared lower-case with the word right before the number.
 */
export const LABEL_CUES = new Set([
  // English
  'channel',
  'highway',
  'interstate',
  'route',
  'size',
  'room',
  'gate',
  'flight',
  'platform',
  'terminal',
  'chapter',
  'article',
  'section',
  'paragraph',
  'clause',
  'episode',
  'season',
  'series',
  'level',
  'grade',
  'stage',
  'page',
  'track',
  'apollo',
  'ward',
  'pier',
  'exit',
  'junction',
  'division',
  'version',
  'volume',
  'category',
  'phase',
  // German
  'kanal',
  'größe',
  'zimmer',
  'raum',
  'gleis',
  'bahnsteig',
  'linie',
  'kapitel',
  'artikel',
  'absatz',
  'paragraf',
  'paragraph',
  'seite',
  'folge',
  'staffel',
  'stufe',
  'bundesstraße',
  'autobahn',
  'landstraße',
  'halle',
  'flug',
  'version',
  'kategorie',
  'phase',
  'pflegegrad',
  'klasse',
]);

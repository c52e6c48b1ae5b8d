/**
 * Word tables of the figure guard: number words, scale words, months, units and qualifiers in German and English.
 * Keys are lower-case; lookups lower-case the text first.
 */
import { CARDINAL_WORDS, qualifiersWith } from '../lexicon-shared.js';
import type { QualifierKind, UnitKind } from './types.js';

/** Cardinal number words that stand for a quantity on their own ("zwölf Soldaten", "two sources"). */
export const NUMBER_WORDS: Record<'de' | 'en', Record<string, number>> = {
  de: { eins: 1, ...CARDINAL_WORDS.de, einhundert: 100, eintausend: 1000, dutzend: 12 },
  en: { ...CARDINAL_WORDS.en, dozen: 12 },
};

/** Words that are "one" only in front of a scale word ("eine Million", "one billion", "a million"). */
export const ONE_WORDS: Record<'de' | 'en', string[]> = {
  de: ['ein', 'eine', 'einer', 'einen', 'einem', 'eins'],
  en: ['a', 'one', 'an'],
};

/** Scale words after a number. German "Billion" is 10^12, English "billion" 10^9. */
export const SCALE_WORDS: Record<'de' | 'en', Record<string, number>> = {
  de: {
    tausend: 1e3,
    'tsd.': 1e3,
    tsd: 1e3,
    'mio.': 1e6,
    mio: 1e6,
    million: 1e6,
    millionen: 1e6,
    'mrd.': 1e9,
    mrd: 1e9,
    milliarde: 1e9,
    milliarden: 1e9,
    billion: 1e12,
    billionen: 1e12,
  },
  en: {
    thousand: 1e3,
    million: 1e6,
    millions: 1e6,
    mn: 1e6,
    billion: 1e9,
    billions: 1e9,
    bn: 1e9,
    trillion: 1e12,
    tn: 1e12,
  },
};

/** Suffixes glued to digits in English money figures ("$5m", "€2bn", "10k"). */
export const GLUED_SCALES: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, bn: 1e9, b: 1e9, tn: 1e12 };

export const MONTHS: Record<string, number> = {
  januar: 1,
  jänner: 1,
  january: 1,
  'jan.': 1,
  februar: 2,
  february: 2,
  'feb.': 2,
  'febr.': 2,
  märz: 3,
  maerz: 3,
  march: 3,
  'mar.': 3,
  april: 4,
  'apr.': 4,
  mai: 5,
  may: 5,
  juni: 6,
  june: 6,
  'jun.': 6,
  juli: 7,
  july: 7,
  'jul.': 7,
  august: 8,
  'aug.': 8,
  september: 9,
  'sept.': 9,
  'sep.': 9,
  oktober: 10,
  october: 10,
  'okt.': 10,
  'oct.': 10,
  november: 11,
  'nov.': 11,
  dezember: 12,
  december: 12,
  'dez.': 12,
  'dec.': 12,
};

export interface UnitSpec {
  kind: Exclude<UnitKind, 'count' | 'none'>;
  /** Canonical unit shared by both languages: '%', 'pp', 'EUR', 'km', 'year', ... */
  unit: string;
}

const pct: UnitSpec = { kind: 'percent', unit: '%' };
const pp: UnitSpec = { kind: 'percent', unit: 'pp' };
const cur = (unit: string): UnitSpec => ({ kind: 'currency', unit });
const mea = (unit: string): UnitSpec => ({ kind: 'measure', unit });

/** Unit words after a number (lower-case). Everything else after a number is a counted noun. */
export const UNIT_WORDS: Record<string, UnitSpec> = {
  '%': pct,
  prozent: pct,
  percent: pct,
  pct: pct,
  'per cent': pct,
  prozentpunkte: pp,
  prozentpunkt: pp,
  prozentpunkten: pp,
  'percentage points': pp,
  'percentage point': pp,
  euro: cur('EUR'),
  euros: cur('EUR'),
  eur: cur('EUR'),
  '€': cur('EUR'),
  $: cur('USD'),
  '£': cur('GBP'),
  dollar: cur('USD'),
  dollars: cur('USD'),
  'us-dollar': cur('USD'),
  'us dollars': cur('USD'),
  usd: cur('USD'),
  pfund: cur('GBP'),
  pound: cur('GBP'),
  pounds: cur('GBP'),
  gbp: cur('GBP'),
  franken: cur('CHF'),
  francs: cur('CHF'),
  chf: cur('CHF'),
  yen: cur('JPY'),
  jpy: cur('JPY'),
  km: mea('km'),
  kilometer: mea('km'),
  kilometern: mea('km'),
  kilometre: mea('km'),
  kilometres: mea('km'),
  kilometers: mea('km'),
  'km/h': mea('km/h'),
  meilen: mea('mi'),
  miles: mea('mi'),
  mile: mea('mi'),
  m: mea('m'),
  meter: mea('m'),
  metern: mea('m'),
  metre: mea('m'),
  metres: mea('m'),
  meters: mea('m'),
  cm: mea('cm'),
  mm: mea('mm'),
  ft: mea('ft'),
  feet: mea('ft'),
  foot: mea('ft'),
  mph: mea('mph'),
  kg: mea('kg'),
  kilogramm: mea('kg'),
  kilogram: mea('kg'),
  kilograms: mea('kg'),
  t: mea('t'),
  tonnen: mea('t'),
  tonne: mea('t'),
  tonnes: mea('t'),
  tons: mea('t'),
  grad: mea('deg'),
  degrees: mea('deg'),
  '°c': mea('deg'),
  c: mea('deg'),
  '°f': mea('degF'),
  f: mea('degF'),
  '°': mea('deg'),
  mw: mea('MW'),
  megawatt: mea('MW'),
  gw: mea('GW'),
  gigawatt: mea('GW'),
  hektar: mea('ha'),
  hectares: mea('ha'),
  ha: mea('ha'),
  liter: mea('l'),
  litres: mea('l'),
  liters: mea('l'),
  jahr: mea('year'),
  jahre: mea('year'),
  jahren: mea('year'),
  jahres: mea('year'),
  year: mea('year'),
  years: mea('year'),
  monat: mea('month'),
  monate: mea('month'),
  monaten: mea('month'),
  month: mea('month'),
  months: mea('month'),
  woche: mea('week'),
  wochen: mea('week'),
  week: mea('week'),
  weeks: mea('week'),
  tag: mea('day'),
  tage: mea('day'),
  tagen: mea('day'),
  day: mea('day'),
  days: mea('day'),
  stunde: mea('hour'),
  stunden: mea('hour'),
  hour: mea('hour'),
  hours: mea('hour'),
  minute: mea('minute'),
  minuten: mea('minute'),
  minutes: mea('minute'),
};

/** Currency signs and codes written in front of a number ("$2.5 billion", "€ 300", "CHF 40"). */
export const CURRENCY_PREFIX: Record<string, string> = {
  '€': 'EUR',
  eur: 'EUR',
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  chf: 'CHF',
  '¥': 'JPY',
};

/**
 * Qualifiers in front of a number: the shared ones (lexicon-shared.ts) plus the guard's own, longest first so
 * "mehr als" wins over "als". "gut" and "just over" read as approximate here (the engine reads them as lower bounds).
 */
export const QUALIFIERS: [string, QualifierKind][] = qualifiersWith<QualifierKind>([
  ['nicht mehr als', 'upper'],
  ['a maximum of', 'upper'],
  ['above', 'lower'],
  ['in excess of', 'lower'],
  ['gut', 'approx'],
  ['estimated', 'approx'],
  ['just over', 'approx'],
]).sort((a, b) => b[0].length - a[0].length);

/** Qualifiers after a number ("12.000 oder mehr", "500 or more"). */
export const TRAILING_QUALIFIERS: [RegExp, QualifierKind][] = [
  [/^\s+(?:oder|und) mehr\b/i, 'lower'],
  [/^\s+or more\b/i, 'lower'],
  [/^\s+plus\b/i, 'lower'],
];

/** Words in front of the first number of a range ("zwischen 10 und 20", "between 10 and 20", "von 3 bis 5"). */
export const RANGE_OPENERS = ['zwischen', 'between', 'von', 'from'];
/** Words between the two numbers of a range. */
export const RANGE_JOINERS = /^\s*(?:und|and|bis|to|[–—-])\s*$/i;
/** Joiners that make a range on their own (without an opener). */
export const RANGE_JOINERS_ALONE = /^\s*(?:bis|to|[–—-])\s*$/i;

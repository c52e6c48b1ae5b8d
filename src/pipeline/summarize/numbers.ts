/**
 * Number parsing and formatting for German and English news text.
 * Separators are told apart by language: "1.500" is 1500 in German, "1.5" is 1.5 in English.
 */
import type { DetectedLang } from '../../domain/types.js';
import { CARDINAL_WORDS } from './lexicon-shared.js';

/** Cardinal number words of both languages in one map (lower-case) → value; the words live in lexicon-shared.ts. */
export const NUMBER_WORDS: Record<string, number> = { ...CARDINAL_WORDS.de, ...CARDINAL_WORDS.en };

/** Vague plural amounts: "Dutzende", "hundreds" — the smallest value they stand for. */
export const VAGUE_WORDS: Record<string, number> = {
  dutzende: 24,
  hunderte: 200,
  tausende: 2000,
  zehntausende: 20_000,
  hunderttausende: 200_000,
  dozens: 24,
  hundreds: 200,
  thousands: 2000,
  'tens of thousands': 20_000,
  'hundreds of thousands': 200_000,
  millionen: 2_000_000,
  millions: 2_000_000,
};

/** Scale words after a number: "2,3 Milliarden", "$2.5 billion", "€3m". */
export const SCALE_WORDS: Record<string, number> = {
  tausend: 1e3,
  tsd: 1e3,
  'tsd.': 1e3,
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  millionen: 1e6,
  mio: 1e6,
  'mio.': 1e6,
  m: 1e6,
  mn: 1e6,
  milliarde: 1e9,
  milliarden: 1e9,
  mrd: 1e9,
  'mrd.': 1e9,
  billion: 1e9,
  bn: 1e9,
  billionen: 1e12,
  trillion: 1e12,
  dozen: 12,
  dutzend: 12,
};

/** German scale words differ: "Billion" is 10^12 in German. */
function scaleValue(word: string, lang: DetectedLang): number | undefined {
  const w = word.toLowerCase();
  if (lang === 'de' && w === 'billion') return 1e12;
  return SCALE_WORDS[w];
}

const DIGITS = /^\d+(?:[.,\u00a0\u202f ’']\d+)*$/;

/** Parse a digit string with separators, e.g. "1.500" (de) / "1,500" (en) / "3,5" / "2.5" / "12 000". */
export function parseDigits(raw: string, lang: DetectedLang): number | undefined {
  const s = raw.trim();
  if (!DIGITS.test(s)) return undefined;
  const grouped = s.replace(/[\u00a0\u202f ’']/g, '');
  const decimalSep = decimalSeparator(grouped, lang);
  const thousandsSep = decimalSep === ',' ? '.' : ',';
  const parts = grouped.split(decimalSep);
  if (parts.length > 2) return undefined;
  const intPart = parts[0] ?? '';
  if (intPart.includes(thousandsSep) && !/^\d{1,3}(?:[.,]\d{3})+$/.test(intPart)) return undefined;
  const normalized = intPart.split(thousandsSep).join('') + (parts[1] !== undefined ? `.${parts[1]}` : '');
  const n = Number(normalized);
  return Number.isFinite(n) ? n : undefined;
}

function decimalSeparator(s: string, lang: DetectedLang): '.' | ',' {
  if (lang === 'de') return ',';
  if (lang === 'en') return '.';
  // unknown language: a single separator followed by exactly three digits groups thousands
  const hasDot = s.includes('.');
  const hasComma = s.includes(',');
  if (hasDot && hasComma) return s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
  if (hasComma) return /^\d{1,3}(?:,\d{3})+$/.test(s) ? '.' : ',';
  return /^\d{1,3}(?:\.\d{3})+$/.test(s) ? ',' : '.';
}

/** Parse a compound number word: "zweiundzwanzig", "twenty-two", "dreihundert", "a dozen". */
export function parseNumberWord(raw: string): number | undefined {
  const w = raw.toLowerCase().trim();
  if (w === 'a dozen' || w === 'dutzend' || w === 'ein dutzend' || w === 'dozen') return 12;
  if (NUMBER_WORDS[w] !== undefined) return NUMBER_WORDS[w];
  if (VAGUE_WORDS[w] !== undefined) return VAGUE_WORDS[w];
  const en =
    /^(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(two|three|four|five|six|seven|eight|nine|one)$/.exec(
      w,
    );
  if (en) return (NUMBER_WORDS[en[1]!] ?? 0) + (en[2] === 'one' ? 1 : (NUMBER_WORDS[en[2]!] ?? 0));
  const de =
    /^(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)$/.exec(
      w,
    );
  if (de) return (de[1] === 'ein' ? 1 : (NUMBER_WORDS[de[1]!] ?? 0)) + (NUMBER_WORDS[de[2]!] ?? 0);
  const hundreds = /^(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)hundert$/.exec(w);
  if (hundreds) return (hundreds[1] === 'ein' ? 1 : (NUMBER_WORDS[hundreds[1]!] ?? 0)) * 100;
  return undefined;
}

/**
 * Parse a number as written: digits with separators, number words, and a trailing scale word.
 * "1.500"→1500 (de), "1,500"→1500 (en), "zwölf"→12, "a dozen"→12, "1,5 Millionen"→1500000, "$2.5 billion" is
 * handled by the caller (currency), "2.5 billion"→2.5e9.
 */
export function parseNumber(numberText: string, lang: DetectedLang): number | undefined {
  const s = numberText.trim().replace(/\s+/g, ' ');
  if (s === '') return undefined;
  const direct = parseDigits(s, lang) ?? parseNumberWord(s);
  if (direct !== undefined) return direct;
  const m = /^(.*?)[\s\u00a0]?([A-Za-zäöü]+\.?)$/.exec(s);
  if (!m) return undefined;
  const scale = scaleValue(m[2]!, lang);
  if (scale === undefined) return undefined;
  const base = parseDigits(m[1]!, lang) ?? parseNumberWord(m[1]!);
  return base === undefined ? undefined : roundScaled(base * scale);
}

/** Avoid float noise like 2.3e9 → 2299999999.9999995. */
export function roundScaled(n: number): number {
  return Number(n.toPrecision(12));
}

/** Format a value per output locale: 1500 → "1.500" (de) / "1,500" (en); 3.5 → "3,5" / "3.5". */
export function formatNumber(value: number, locale: 'de' | 'en'): string {
  const tag = locale === 'de' ? 'de-DE' : 'en-US';
  const abs = Math.abs(value);
  if (abs >= 1e9 && Number.isInteger(value / 1e7)) return scaled(value, 1e9, locale, tag);
  if (abs >= 1e6 && Number.isInteger(value / 1e4)) return scaled(value, 1e6, locale, tag);
  return new Intl.NumberFormat(tag, {
    maximumFractionDigits: fractionDigits(value),
    useGrouping: true,
  }).format(value);
}

/** Decimals the value carries ("0,606" → 3): formatting never rounds digits of the source away. */
export function fractionDigits(value: number): number {
  const s = String(roundScaled(value));
  if (s.includes('e')) return 2;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(12, s.length - dot - 1);
}

function scaled(value: number, unit: number, locale: 'de' | 'en', tag: string): string {
  const short = roundScaled(value / unit);
  const n = new Intl.NumberFormat(tag, { maximumFractionDigits: fractionDigits(short) }).format(short);
  const plural = value / unit !== 1;
  if (unit === 1e9) return locale === 'de' ? `${n} ${plural ? 'Milliarden' : 'Milliarde'}` : `${n} billion`;
  return locale === 'de' ? `${n} ${plural ? 'Millionen' : 'Million'}` : `${n} million`;
}

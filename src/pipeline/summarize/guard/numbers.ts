/**
 * Reading written numbers in German and English: digit groups with the language's separators,
 * number words and scale words. "1.500" (de) = "1,500" (en) = 1500; "3,5" (de) = "3.5" (en) = 3.5.
 */
import { GLUED_SCALES, NUMBER_WORDS, ONE_WORDS, SCALE_WORDS } from './lexicon.js';
import type { GuardLang } from './types.js';

const GROUP_SPACES = /[ \u00A0\u202F\u2009]/g;

/** Which separator a language writes between thousands; the other one is the decimal mark. */
const GROUP_MARK: Record<GuardLang, '.' | ','> = { de: '.', en: ',' };

/**
 * Parse a digit token ("1.500", "1,500", "3,5", "2.5", "12 000", "1.234.567,89") as it is meant in `lang`.
 * Returns undefined for anything that is not a plain number.
 */
export function parseDigits(token: string, lang: GuardLang): number | undefined {
  const s = token.replace(GROUP_SPACES, '');
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return undefined;
  const dots = (s.match(/\./g) ?? []).length;
  const commas = (s.match(/,/g) ?? []).length;
  if (dots + commas === 0) return Number(s);
  if (dots > 0 && commas > 0) {
    const decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    return toNumber(s, decimal === '.' ? ',' : '.', decimal);
  }
  const mark = dots > 0 ? '.' : ',';
  if (dots + commas > 1) return isGrouped(s, mark) ? toNumber(s, mark, undefined) : undefined;
  const [, frac = ''] = s.split(mark);
  if (frac.length === 3 && mark === GROUP_MARK[lang]) return toNumber(s, mark, undefined);
  return toNumber(s, undefined, mark);
}

function isGrouped(s: string, mark: string): boolean {
  const parts = s.split(mark);
  return parts.slice(1).every((p) => p.length === 3) && (parts[0]?.length ?? 0) <= 3;
}

function toNumber(s: string, group: string | undefined, decimal: string | undefined): number | undefined {
  let t = group ? s.split(group).join('') : s;
  if (decimal) t = t.replace(decimal, '.');
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The value of a number word ("zwölf", "twelve", "Dutzend"), or undefined. */
export function numberWordValue(word: string, lang: GuardLang): number | undefined {
  return NUMBER_WORDS[lang][word.toLowerCase()];
}

/** True for words that mean 1 in front of a scale word ("eine Million", "a billion"). */
export function isOneWord(word: string, lang: GuardLang): boolean {
  return ONE_WORDS[lang].includes(word.toLowerCase());
}

/** Multiplier of a scale word after a number ("Millionen" → 1e6; de "Billion" → 1e12, en "billion" → 1e9). */
export function scaleWordValue(word: string, lang: GuardLang): number | undefined {
  return SCALE_WORDS[lang][word.toLowerCase()];
}

/** Multiplier of a suffix glued to digits ("5m", "2bn", "10k"). */
export function gluedScaleValue(suffix: string): number | undefined {
  return GLUED_SCALES[suffix.toLowerCase()];
}

/** Multiply without binary noise: 1.5 * 1e6 = 1500000 exactly, 2.3 * 1e9 = 2300000000. */
export function scaleBy(value: number, factor: number): number {
  return Number((value * factor).toPrecision(12));
}

/** Equal within floating-point noise. */
export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Normalize a written number with optional scale word to its value: "1,5 Millionen" (de) → 1500000,
 * "1.5 million" (en) → 1500000, "zwölf" → 12, "12.000" (de) → 12000. Undefined when it is not a number.
 */
export function normalizeNumber(written: string, lang: GuardLang): number | undefined {
  const parts = written.trim().split(/\s+/);
  const [first, scaleWord, ...rest] = parts;
  if (!first || rest.length > 0) return undefined;
  let base = /^\d/.test(first) ? parseDigits(first, lang) : numberWordValue(first, lang);
  if (base === undefined && scaleWord && isOneWord(first, lang)) base = 1;
  if (base === undefined) return undefined;
  if (!scaleWord) return base;
  const factor = scaleWordValue(scaleWord, lang);
  return factor === undefined ? undefined : scaleBy(base, factor);
}

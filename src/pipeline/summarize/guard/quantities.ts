/**
 * Finds the quantities of a German or English text for the figure guard: numbers in digits or words with
 * scale, unit or currency and qualifier, ranges, years, dates, times and ordinals.
 * Built on the guard's own readers (numbers.ts) so both languages normalize to the same values.
 */
import { CURRENCY_PREFIX, MONTHS, QUALIFIERS, TRAILING_QUALIFIERS } from './lexicon.js';
import { gluedScaleValue, numberWordValue, parseDigits, scaleBy, scaleWordValue } from './numbers.js';
import { mergeRanges } from './ranges.js';
import { readUnit } from './units.js';
import type { GuardLang, GuardQuantity, QualifierKind } from './types.js';

type Span = { start: number; end: number };

/** Nouns after "20." that make it a German ordinal ("im 20. Jahrhundert"). */
const ORDINAL_NOUNS =
  /^(?:jahrhunderts?|jahrestags?|platz|mal|stock|etage|liga|runde|klasse|spieltag|geburtstag|legislaturperiode|wahlperiode|sitzung|amendment)\b/i;

/** Digits with separators; "14 000" with a plain space too, when a group of exactly three digits follows. */
const DIGITS =
  /(?<!\p{L}[-‐]?)(?<![\p{N}_.,:/])(\d{1,3}(?:[.,\u00A0\u202F]\d{3})+(?:[.,]\d+)?|\d{1,3}(?: \d{3})+(?![\p{N}-]|[.,]\p{N})|\d+(?:[.,]\d+)?)/gu;
const MONTH_WORD = Object.keys(MONTHS)
  .map((m) => m.replace('.', '\\.'))
  .sort((a, b) => b.length - a.length)
  .join('|');
const DE_DATE = new RegExp(`(?<![\\p{N}.])(\\d{1,2})\\.\\s*(${MONTH_WORD})(?![\\p{L}])`, 'giu');
const EN_DATE_MD = new RegExp(
  `(?<![\\p{L}])(${MONTH_WORD})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?![\\p{N}])`,
  'giu',
);
const EN_DATE_DM = new RegExp(
  `(?<![\\p{N}])(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORD})(?![\\p{L}])`,
  'giu',
);
const NUMERIC_DATE = /(?<![\p{N}.])(\d{1,2})\.(\d{1,2})\.(?:(\d{4})|(?!\d))/gu;
const CLOCK = /(?<![\p{N}.:])(\d{1,2})[:.](\d{2})\s*(uhr|a\.m\.|p\.m\.|am|pm)?(?![\p{N}])/giu;
const SCORE = /(?<![\p{N}.:])(\d{1,3}):(\d{1,3})(?![\p{N}:])/gu;
const HOUR = /(?<![\p{N}.,:])(\d{1,2})\s*(uhr|a\.m\.|p\.m\.|am\b|pm\b)/giu;

/** All quantities of `text` read as `lang`, in text order. */
export function scanQuantities(text: string, lang: GuardLang): GuardQuantity[] {
  const taken: Span[] = [];
  const found: GuardQuantity[] = [];
  const add = (q: GuardQuantity | undefined) => {
    if (!q || taken.some((s) => q.start < s.end && s.start < q.end)) return;
    taken.push({ start: q.start, end: q.end });
    found.push(q);
  };
  for (const q of scanDates(text)) add(q);
  for (const q of scanTimes(text)) add(q);
  for (const m of text.matchAll(SCORE)) {
    const value = Number(m[1]) * 1000 + Number(m[2]);
    add({ ...base(text, m.index, m.index + m[0].length), value, kind: 'score' });
  }
  for (const m of text.matchAll(DIGITS)) add(readDigitQuantity(text, m, lang));
  for (const q of scanNumberWords(text, lang)) add(q);
  found.sort((a, b) => a.start - b.start);
  return mergeRanges(text, found);
}

function base(text: string, start: number, end: number): Omit<GuardQuantity, 'value' | 'kind'> {
  return { text: text.slice(start, end), start, end, unitKind: 'none', unit: '', qualifier: 'exact' };
}

function dateQuantity(text: string, start: number, end: number, day: number, month: number) {
  if (day < 1 || day > 31 || month < 1 || month > 12) return undefined;
  return { ...base(text, start, end), value: month * 100 + day, kind: 'date' as const, day, month };
}

function scanDates(text: string): GuardQuantity[] {
  const out: (GuardQuantity | undefined)[] = [];
  const month = (w: string) => MONTHS[w.toLowerCase()] ?? 0;
  for (const m of text.matchAll(DE_DATE))
    out.push(dateQuantity(text, m.index, m.index + m[0].length, Number(m[1]), month(m[2]!)));
  for (const m of text.matchAll(EN_DATE_MD))
    out.push(dateQuantity(text, m.index, m.index + m[0].length, Number(m[2]), month(m[1]!)));
  for (const m of text.matchAll(EN_DATE_DM))
    out.push(dateQuantity(text, m.index, m.index + m[0].length, Number(m[1]), month(m[2]!)));
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const end = m.index + m[0].length;
    out.push(dateQuantity(text, m.index, m[3] ? end - m[3].length : end, Number(m[1]), Number(m[2])));
    if (m[3]) out.push({ ...base(text, end - 4, end), value: Number(m[3]), kind: 'year' });
  }
  return out.filter((q): q is GuardQuantity => q !== undefined);
}

function timeQuantity(text: string, start: number, end: number, h: number, min: number, suffix = '') {
  const s = suffix.toLowerCase();
  let hour = h;
  if (s.startsWith('p') && hour < 12) hour += 12;
  if (s.startsWith('a') && hour === 12) hour = 0;
  if (hour > 24 || min > 59) return undefined;
  return { ...base(text, start, end), value: hour * 60 + min, kind: 'time' as const };
}

function scanTimes(text: string): GuardQuantity[] {
  const out: (GuardQuantity | undefined)[] = [];
  for (const m of text.matchAll(CLOCK)) {
    if (!m[3] && m[0].includes('.')) continue; // "3.45" without Uhr/pm is a decimal number
    out.push(timeQuantity(text, m.index, m.index + m[0].length, Number(m[1]), Number(m[2]), m[3]));
  }
  for (const m of text.matchAll(HOUR))
    out.push(timeQuantity(text, m.index, m.index + m[0].length, Number(m[1]), 0, m[2]));
  return out.filter((q): q is GuardQuantity => q !== undefined);
}

function readDigitQuantity(text: string, m: RegExpExecArray | RegExpMatchArray, lang: GuardLang) {
  const start = m.index ?? 0;
  const token = m[1]!;
  let end = start + token.length;
  const raw = parseDigits(token, lang);
  if (raw === undefined) return undefined;
  const glued = /^\p{L}+/u.exec(text.slice(end))?.[0] ?? '';
  if (glued && /^(?:st|nd|rd|th)$/i.test(glued))
    return { ...base(text, start, end + glued.length), value: raw, kind: 'ordinal' as const };
  if (lang === 'de' && isGermanOrdinal(text, end, token))
    return { ...base(text, start, end + 1), value: raw, kind: 'ordinal' as const };
  let value = raw;
  let scale: number | undefined;
  const prefix = currencyBefore(text, start);
  if (glued) {
    const factor = gluedFactor(glued, lang, prefix !== undefined);
    if (factor === undefined && !isUnitKind(readUnit(glued, lang, false).kind)) return undefined; // "5G", "A380": names, not quantities
    if (factor !== undefined) {
      value = scaleBy(raw, factor);
      scale = factor;
      end += glued.length;
    }
  }
  return finishQuantity(text, { start, end, value, scale, prefix, lang, token });
}

/** "330million", "5Mrd", "200K", "$5m": a scale glued to the digits ("m"/"b" only after a currency sign). */
function gluedFactor(glued: string, lang: GuardLang, money: boolean): number | undefined {
  const word = scaleWordValue(glued, lang);
  if (word !== undefined) return word;
  if (!money && /^[mb]$/i.test(glued)) return undefined;
  return gluedScaleValue(glued);
}

function isGermanOrdinal(text: string, end: number, token: string): boolean {
  if (!/^\d{1,3}$/.test(token)) return false;
  const after = /^\.\s+(\p{L}+)/u.exec(text.slice(end));
  if (!after) return false;
  const word = after[1]!;
  return /^\p{Ll}/u.test(word) || ORDINAL_NOUNS.test(word);
}

/** Currency sign or code right in front of a number: "$2.5", "€ 300", "CHF 40". */
function currencyBefore(text: string, start: number): { code: string; start: number } | undefined {
  const m = /(US\$|\$|€|£|¥|\b(?:EUR|USD|GBP|CHF))\s?$/i.exec(text.slice(Math.max(0, start - 5), start));
  if (!m) return undefined;
  const code = CURRENCY_PREFIX[m[1]!.toLowerCase()];
  return code ? { code, start: start - m[0].length } : undefined;
}

interface Draft {
  start: number;
  end: number;
  value: number;
  scale: number | undefined;
  prefix: { code: string; start: number } | undefined;
  lang: GuardLang;
  token: string;
}

function finishQuantity(text: string, d: Draft): GuardQuantity {
  let { end, value } = d;
  const unit = readUnit(text.slice(end), d.lang, d.scale === undefined);
  if (unit.scale) value = scaleBy(value, unit.scale);
  const scale = d.scale ?? unit.scale;
  end += unit.length;
  const start = d.prefix?.start ?? d.start;
  const unitKind = d.prefix ? 'currency' : unit.kind;
  const unitName = d.prefix ? d.prefix.code : unit.unit;
  const q = qualifierAround(text, start, end);
  const isYear =
    /^\d{4}$/.test(d.token) && value >= 1000 && value < 2200 && !unit.scale && unitKind !== 'currency';
  const kind = isYear && (unitKind === 'none' || unitKind === 'count') ? 'year' : 'number';
  return {
    ...base(text, q.start, end + q.trailing),
    value,
    kind,
    unitKind: kind === 'year' ? 'none' : unitKind,
    unit: kind === 'year' ? '' : unitName,
    qualifier: q.kind,
    ...(scale !== undefined ? { scale } : {}),
  };
}

const escapeRe = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One pattern for all qualifiers (longest first), anchored at the end of the text before a number. */
const QUALIFIER_BEFORE = new RegExp(
  `(?:^|[^\\p{L}])(${QUALIFIERS.map(([p]) => escapeRe(p)).join('|')})\\s+$`,
  'u',
);
const QUALIFIER_KIND = new Map(QUALIFIERS);

/** Qualifier in front of (or after) the quantity; widens the span to include it. */
export function qualifierAround(text: string, start: number, end: number) {
  const before = text.slice(Math.max(0, start - 30), start).toLowerCase();
  const m = QUALIFIER_BEFORE.exec(before);
  if (m?.[1]) {
    const len = before.length - m.index - (m[0].length - m[0].replace(/^[^\p{L}]/u, '').length);
    return { kind: QUALIFIER_KIND.get(m[1]) ?? 'exact', start: start - len, trailing: 0 };
  }
  for (const [re, kind] of TRAILING_QUALIFIERS) {
    const t = re.exec(text.slice(end, end + 20));
    if (t) return { kind, start, trailing: t[0].length };
  }
  return { kind: 'exact' as QualifierKind, start, trailing: 0 };
}

function scanNumberWords(text: string, lang: GuardLang): GuardQuantity[] {
  const out: GuardQuantity[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}-])(\p{L}+)(?!\p{L})/gu)) {
    const word = m[1]!;
    const start = m.index;
    let value = numberWordValue(word, lang);
    if (value === undefined && /^(?:ein|eine|einer|einen|einem|a|an|one)$/i.test(word)) {
      if (!readUnit(text.slice(start + word.length), lang, true).scale) continue;
      value = 1;
    }
    if (value === undefined) continue;
    out.push(
      finishQuantity(text, {
        start,
        end: start + word.length,
        value,
        scale: undefined,
        prefix: undefined,
        lang,
        token: word,
      }),
    );
  }
  return out;
}

function isUnitKind(kind: string): boolean {
  return kind === 'percent' || kind === 'currency' || kind === 'measure';
}

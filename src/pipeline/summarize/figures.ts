/**
 * Quantity extraction for German and English news text: numbers in digits or words with their qualifier
 * ("bis zu", "more than"), scale ("Milliarden", "billion"), range, unit or counted noun, and a kind that tells
 * key figures apart from context (years, dates, times, ordinals). Every `text` is a verbatim span of the input.
 */
import type { DetectedLang } from '../../domain/types.js';
import {
  CURRENCY_SYMBOLS,
  CURRENCY_WORDS,
  type Currency,
  MEASURE_UNITS,
  numberWordPattern,
  type QualifierKind,
} from './figures-lexicon.js';
import { classifyContext, eventText, isLabelNumber } from './figures-context.js';
import { readQualifier, readRange, readScale, readUnit } from './figures-parts.js';
import { NUMBER_WORDS, parseDigits, parseNumberWord, roundScaled, VAGUE_WORDS } from './numbers.js';

export type { Currency, QualifierKind } from './figures-lexicon.js';
export { formatNumber, parseNumber } from './numbers.js';

export interface Quantity {
  /** Verbatim span from the input, e.g. "bis zu 12.000 nordkoreanische Soldaten". */
  text: string;
  /** Offsets of `text` in the input string. */
  start: number;
  end: number;
  /** The number part as written, e.g. "12.000", "zwölf", "2,3 Milliarden" (first number of a range). */
  numberText: string;
  /** Normalized value: 12000, 12, 2.3e9; percent 3.5 for "3,5 Prozent". */
  value: number;
  /** Upper bound of a range: "zwischen 10 und 20" → value 10, valueMax 20. */
  valueMax?: number;
  /** Unit or counted noun as written ("Prozent", "Euro", "nordkoreanische Soldaten", "%", "$", ...). */
  unit: string;
  unitKind: 'percent' | 'currency' | 'count' | 'measure' | 'none';
  currency?: Currency;
  /** Qualifier as written: "bis zu", "mehr als", "rund", "up to", "" ... */
  qualifier: string;
  qualifierKind: QualifierKind;
  /** Scores ("2:1", "3-1") and odds ("40/1") are shown as written (`valueText`); `value` is the first number. */
  kind: 'number' | 'year' | 'date' | 'time' | 'ordinal' | 'score' | 'odds' | 'age';
  /** A date or year with the preposition that makes it the time of an event, as written: "am 12. September". */
  eventText?: string;
  /** The amount as written when it must be shown as written: vague words ("Tausende", "dozens"), scores ("1:3"). */
  valueText?: string;
  /** Vague amount ("Dutzende", "Millionen", "thousands"): `value` is only the smallest it stands for. */
  vague?: boolean;
}

/** A number found by the core pattern, before its surroundings are read. */
export interface NumberCore {
  /** Start of the currency prefix or the number. */
  start: number;
  numStart: number;
  numEnd: number;
  raw: string;
  value: number;
  isWord: boolean;
  currencyText: string;
  currency?: Currency;
  /** Digits that are not a well-formed number in this language (only a date or time may use them). */
  malformed?: boolean;
}

const CURRENCY_PREFIX = '(?:US-?\\$|US\\$|\\$|€|£|¥|(?:CHF|EUR|USD|GBP)\\s?)';
const DIGITS = '\\d{1,3}(?:[\\u00a0\\u202f ]\\d{3})+(?![\\d.,]\\d)|\\d+(?:[.,]\\d+)*';
const CORE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_.,:/])(${CURRENCY_PREFIX})?(?:(${DIGITS})|(${numberWordPattern()})(?![\\p{L}\\p{N}]))`,
  'gu',
);

/** Cheap pre-check: every text the core pattern can match contains a digit or one of these words. */
const MAY_HAVE_NUMBER = new RegExp(
  `\\d|${[...Object.keys(NUMBER_WORDS), ...Object.keys(VAGUE_WORDS), 'dozen', 'dutzend'].join('|')}`,
  'i',
);

/** All quantities in `text`, in order. German separators for 'de', English for 'en'. */
export function extractQuantities(text: string, lang: DetectedLang): Quantity[] {
  const out: Quantity[] = [];
  if (!MAY_HAVE_NUMBER.test(text)) return out;
  const re = CORE_RE;
  re.lastIndex = 0;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const core = toCore(m, lang);
    const result = core ? readQuantity(text, core, lang) : undefined;
    if (result && isQuantity(result)) {
      const event = eventText(text, result);
      if (event !== undefined) result.eventText = event;
      out.push(result);
    }
    const next = result ? result.end : m.index + m[0].length;
    re.lastIndex = Math.max(next, m.index + 1);
    m = re.exec(text);
  }
  return out;
}

/** The "1" of "2-1" or "3:1": the second half of a score is no quantity of its own. */
function isScoreTail(text: string, core: NumberCore): boolean {
  return /\d\s?[-–:]\s?$/.test(text.slice(Math.max(0, core.start - 3), core.start));
}

/**
 * "G-20-Gipfel", "MA-48", "Covid-19", "F-35": digits glued by a hyphen to a letter token are part of a name,
 * and so are codes with a single capital after the digits ("3-D-Karte", "2-G-Regel").
 */
function isNamePart(text: string, core: NumberCore): boolean {
  if (!core.isWord && /^[-–]\p{Lu}(?![\p{L}])/u.test(text.slice(core.numEnd, core.numEnd + 3))) return true;
  return (
    !core.isWord &&
    core.currencyText === '' &&
    /\p{L}[-–]$/u.test(text.slice(Math.max(0, core.start - 2), core.start))
  );
}

/** Digits glued by a hyphen to one capitalized noun that ends the compound: "96-Trainer", "04-Fans". */
const GLUED_NOUN = /^[-–](\p{Lu}\p{Ll}+)(?![\p{L}\p{N}]|[-–]\p{L})/u;
const GLUED_AMOUNT =
  /^(?:jährige[nmrs]?|fache[nmrs]?|prozent|stunden?|minuten?|sekunden?|tage?|wochen?|monate?|jahre?|mal|punkte?|zimmer)$/;

/**
 * "96-Trainer": a count is written apart ("96 Trainer"); digits glued to a single noun that is no unit, age or
 * multiple name a club or team ("Hannover 96") the noun belongs to, so they are no amount.
 */
function isGluedName(text: string, core: NumberCore): boolean {
  if (core.isWord || core.currencyText !== '') return false;
  const m = GLUED_NOUN.exec(text.slice(core.numEnd, core.numEnd + 40));
  if (!m) return false;
  const w = m[1]!.toLowerCase();
  return !GLUED_AMOUNT.test(w) && !MEASURE_UNITS.has(w) && CURRENCY_WORDS[w] === undefined;
}

/** Past the rest of a name: "-Gipfel" of "G-20-Gipfel". */
function skipNamePart(text: string, end: number): number {
  const m = /^[-–][\p{L}\p{N}]+/u.exec(text.slice(end, end + 40));
  return m ? end + m[0].length : end;
}

/** "Six Nations", "Big Ten": an English number word capitalized inside a sentence is part of a name. */
function isNameWord(text: string, core: NumberCore, lang: DetectedLang): boolean {
  if (!core.isWord || lang === 'de' || core.start === 0 || !/^\p{Lu}/u.test(core.raw)) return false;
  return !/[.!?:"“„‘'(]\s*$/u.test(text.slice(Math.max(0, core.start - 3), core.start));
}

function isQuantity(r: Quantity | { end: number }): r is Quantity {
  return 'kind' in r;
}

function toCore(m: RegExpExecArray, lang: DetectedLang): NumberCore | undefined {
  const currencyText = m[1] ?? '';
  const raw = m[2] ?? m[3] ?? '';
  const isWord = m[3] !== undefined;
  const parsed = isWord ? parseNumberWord(raw) : parseDigits(raw, lang);
  // "24.10.2022" is no number but may be a date: keep the leading digits and let the context decide
  const value = parsed ?? (isWord ? undefined : Number.parseInt(raw, 10));
  if (value === undefined) return undefined;
  const numStart = m.index + currencyText.length;
  const cur = CURRENCY_SYMBOLS.find(([sym]) => sym === currencyText.trim());
  return {
    start: m.index,
    numStart,
    numEnd: numStart + raw.length,
    raw,
    value,
    isWord,
    currencyText,
    currency: cur?.[1],
    malformed: parsed === undefined,
  };
}

/** Read the quantity around one number; `{end}` alone means "skip to end" (not a quantity). */
function readQuantity(text: string, core: NumberCore, lang: DetectedLang): Quantity | { end: number } {
  const context = classifyContext(text, core, lang);
  if (context) return context;
  if (isLabelNumber(text, core)) return { end: core.numEnd };
  if (
    isScoreTail(text, core) ||
    isNameWord(text, core, lang) ||
    isNamePart(text, core) ||
    isGluedName(text, core)
  ) {
    return { end: skipNamePart(text, core.numEnd) };
  }
  if (core.malformed) return { end: core.numEnd };
  const age = ageApposition(text, core);
  if (age) return age;
  const scale = readScale(text, core, lang);
  const range = readRange(text, scale.end, core, lang);
  // "zwischen 1,5 und 2 Milliarden": the scale written after the second number applies to both
  const factor = range?.ownScale && scale.factor === 1 ? range.factor : scale.factor;
  const value = roundScaled(core.value * factor);
  const unit = readUnit(text, range ? range.end : scale.end, lang, core);
  const qualifier = readQualifier(text, core.start, Boolean(range));
  const start = qualifier.start;
  const end = unit.end;
  const q: Quantity = {
    text: text.slice(start, end),
    start,
    end,
    numberText: text.slice(core.numStart, scale.end),
    value,
    unit: unit.unit,
    unitKind: unit.kind,
    qualifier: qualifier.text,
    qualifierKind: range ? 'range' : qualifier.kind,
    kind: 'number',
  };
  if (range) q.valueMax = roundScaled(range.value * (range.ownScale ? 1 : factor));
  const currency = core.currency ?? unit.currency;
  if (currency) q.currency = currency;
  if (core.isWord) markVague(q, core, text.slice(core.numStart, range ? range.end : scale.end));
  return q;
}

/** A name that is not the first word of the sentence, then ", " or " (": "John Smith, 34," / "Lena Berger (34)". */
const APPOSITION_NAME = /\p{L}\s(\p{Lu}[\p{L}'’-]*\p{L})(,\s|\s\()$/u;

/**
 * "Smith, 34, said": a small whole number set off by commas right after a name is the person's age. The figure
 * is the name with the age, as written ("Smith, 34").
 */
function ageApposition(text: string, core: NumberCore): Quantity | undefined {
  if (core.isWord || core.currencyText !== '' || !/^\d{1,3}$/.test(core.raw)) return undefined;
  if (core.value < 1 || core.value > 110) return undefined;
  const name = APPOSITION_NAME.exec(text.slice(Math.max(0, core.start - 40), core.start));
  if (!name) return undefined;
  const close = name[2] === ', ' ? /^,\s/ : /^\)/;
  if (!close.test(text.slice(core.numEnd, core.numEnd + 2))) return undefined;
  const start = core.start - name[1]!.length - name[2]!.length;
  const end = name[2] === ', ' ? core.numEnd : core.numEnd + 1;
  const written = text.slice(start, end);
  return {
    text: written,
    start,
    end,
    numberText: core.raw,
    value: core.value,
    unit: '',
    unitKind: 'none',
    qualifier: '',
    qualifierKind: 'exact',
    kind: 'age',
    valueText: written,
  };
}

/**
 * Vague amounts ("Tausende", "dozens") are approximate and shown as written, never as a concrete number.
 * Exact number words ("zwölf", "three dozen") keep their value and are shown as digits.
 */
function markVague(q: Quantity, core: NumberCore, written: string): void {
  if (VAGUE_WORDS[core.raw.toLowerCase().replace(/\s+/g, ' ')] === undefined) return;
  q.valueText = written;
  q.vague = true;
  if (q.qualifierKind === 'exact') q.qualifierKind = 'approx';
}

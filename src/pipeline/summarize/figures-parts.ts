/** The parts around a number: scale word, range, unit or counted noun, and qualifier. */
import type { DetectedLang } from '../../domain/types.js';
import type { NumberCore, Quantity } from './figures.js';
import {
  alternation,
  CURRENCY_WORDS,
  type Currency,
  DE_NOUN_STOP,
  EN_NOUN_STOP,
  MEASURE_UNITS,
  numberWordPattern,
  PERCENT_WORDS,
  QUALIFIERS,
  type QualifierKind,
  qualifierPattern,
} from './figures-lexicon.js';
import { parseDigits, parseNumberWord, SCALE_WORDS } from './numbers.js';

const SCALE_RE =
  /^[\s\u00a0]?(Milliarden|Milliarde|Millionen|Million|Billionen|Billion|Mrd\.|Mrd|Mio\.|Mio|Tsd\.|Tausend|billion|million|thousand|trillion|dozen|Dutzend)(?![\p{L}])/iu;
const SHORT_SCALE_RE = /^(bn|mn|m|k|K|M|b|B)(?![\p{L}])/u;
/** Without a currency, "m" is metres: only "200K", "3M", "2bn" scale a bare number. */
const BARE_SHORT_SCALE_RE = /^(bn|mn|k|K|M)(?![\p{L}\p{N}])/u;
const PERCENT_RE = new RegExp(`^[\\s\\u00a0]?(${alternation(PERCENT_WORDS)})(?![\\p{L}])`, 'iu');
const CURRENCY_RE = new RegExp(
  `^[\\s\\u00a0]?(${alternation(Object.keys(CURRENCY_WORDS))})(?![\\p{L}])`,
  'iu',
);
const HYPHEN_RE = /^-(\p{L}[\p{L}-]*\p{L})/u;
const MEASURE_RE = /^[\s\u00a0]?([\p{L}°/²]+(?:\s(?:miles|meter))?)/u;
const DE_NOUN_RE = /^\s((?:[a-zäöüß][\p{L}-]*(?:e|en|er|es|em)\s){0,2})(\p{Lu}[\p{L}-]*\p{L})/u;
const DE_VERBS = new Set(
  (
    'sind waren haben hatten werden wurden können konnten sollen sollten müssen wollen gegen unter über bei mit ' +
    'nach von vor den dem der die des einen einem einer eines ihrer ihren ihre seiner seinen seine unserer unsere ' +
    'deren dessen dieser diesen diese jener jene aller ein eine kein keine keinen keinem keiner mehr'
  ).split(' '),
);
const EN_WORD_RE = /^\s([A-Za-z][A-Za-z'’-]*)/;
const PLURALS = new Set(['people', 'police', 'children', 'men', 'women', 'staff', 'personnel']);
const EN_VERBS = new Set(['died', 'killed', 'injured', 'wounded', 'arrested', 'rose', 'fell']);
const QUALIFIER_RE = new RegExp(`(?:^|[^\\p{L}])(${qualifierPattern()})\\s+$`, 'iu');
const RANGE_CUE_RE = /(?:^|[^\p{L}])(zwischen|between|von|from)\s+$/iu;
const RANGE_RE = new RegExp(
  `^(?:\\s?[-–]\\s?|\\s+(bis|to|und|and)\\s+)(?:US-?\\$|\\$|€|£|¥)?(\\d+(?:[.,]\\d+)*|${numberWordPattern()})(?!(?:st|nd|rd|th)(?![\\p{L}]))(?=(?:[a-zA-Z°]{1,3})?(?![\\p{L}\\p{N}]))`,
  'iu',
);

export interface Scale {
  end: number;
  factor: number;
}

export function readScale(text: string, core: NumberCore, lang: DetectedLang): Scale {
  const after = text.slice(core.numEnd, core.numEnd + 20);
  const m = SCALE_RE.exec(after);
  if (m) return { end: core.numEnd + m[0].length, factor: scaleFactor(m[1]!, lang) };
  const shortRe = core.currency ? SHORT_SCALE_RE : BARE_SHORT_SCALE_RE;
  const short = core.isWord ? null : shortRe.exec(after);
  if (short) return { end: core.numEnd + short[0].length, factor: shortFactor(short[1]!) };
  return { end: core.numEnd, factor: 1 };
}

/** "K"/"k" thousand, "M"/"m"/"mn" million, "bn"/"b"/"B" billion. */
function shortFactor(suffix: string): number {
  const s = suffix.toLowerCase();
  return s === 'b' ? 1e9 : (SCALE_WORDS[s] ?? 1);
}

function scaleFactor(word: string, lang: DetectedLang): number {
  const w = word.toLowerCase();
  if (lang !== 'en' && (w === 'billion' || w === 'billionen')) return 1e12;
  return SCALE_WORDS[w] ?? 1;
}

export interface Range {
  end: number;
  /** Second number, with its own scale applied. */
  value: number;
  ownScale: boolean;
  factor: number;
}

export function readRange(
  text: string,
  pos: number,
  core: NumberCore,
  lang: DetectedLang,
): Range | undefined {
  const m = RANGE_RE.exec(text.slice(pos, pos + 50));
  if (!m) return undefined;
  const joiner = m[1]?.toLowerCase();
  const cue = RANGE_CUE_RE.exec(text.slice(Math.max(0, core.start - 20), core.start))?.[1]?.toLowerCase();
  if ((joiner === 'und' || joiner === 'and') && cue !== 'zwischen' && cue !== 'between') return undefined;
  const raw = m[2]!;
  const second = /^\d/.test(raw) ? parseDigits(raw, lang) : parseNumberWord(raw);
  if (second === undefined || second <= core.value) return undefined;
  const fakeCore = { ...core, numEnd: pos + m[0].length, isWord: !/^\d/.test(raw) };
  const scale = readScale(text, fakeCore, lang);
  return { end: scale.end, value: second * scale.factor, ownScale: scale.factor !== 1, factor: scale.factor };
}

export interface Unit {
  end: number;
  unit: string;
  kind: Quantity['unitKind'];
  currency?: Currency;
}

export function readUnit(text: string, pos: number, lang: DetectedLang, core: NumberCore): Unit {
  const after = text.slice(pos, pos + 80);
  const pct = PERCENT_RE.exec(after);
  if (pct) return { end: pos + pct[0].length, unit: pct[1]!, kind: 'percent' };
  const cur = CURRENCY_RE.exec(after);
  if (cur) {
    const currency = CURRENCY_WORDS[cur[1]!.toLowerCase()];
    return { end: pos + cur[0].length, unit: cur[1]!, kind: 'currency', currency };
  }
  if (core.currency) return { end: pos, unit: core.currencyText.trim(), kind: 'currency' };
  const hyphen = HYPHEN_RE.exec(after);
  if (hyphen) return { end: pos + hyphen[0].length, unit: hyphen[1]!, kind: 'measure' };
  const attached = /^([a-zA-Z°]{1,3})(?![\p{L}\p{N}])/u.exec(after);
  if (attached && (MEASURE_UNITS.has(attached[1]!.toLowerCase()) || /^°?[CF]$/.test(attached[1]!))) {
    return { end: pos + attached[0].length, unit: attached[1]!, kind: 'measure' };
  }
  const measure = MEASURE_RE.exec(after);
  if (measure && MEASURE_UNITS.has(measure[1]!.toLowerCase())) {
    return { end: pos + measure[0].length, unit: measure[1]!, kind: 'measure' };
  }
  const noun = lang === 'en' || (lang === 'und' && /^\s[a-z]/.test(after)) ? enNoun(after) : deNoun(after);
  if (noun) return { end: pos + noun.length, unit: noun.trim(), kind: 'count' };
  return { end: pos, unit: '', kind: 'none' };
}

/** German counted noun: up to two adjectives and a capitalized noun ("1.500 nordkoreanische Soldaten"). */
function deNoun(after: string): string | undefined {
  const m = DE_NOUN_RE.exec(after);
  if (!m) return undefined;
  const adjectives = m[1]!.trim().split(/\s+/).filter(Boolean);
  if (adjectives.some((a) => DE_VERBS.has(a))) return undefined;
  if (DE_NOUN_STOP.has(m[2]!)) return undefined;
  return m[0];
}

/** "12 armed men": a participle first, followed by a content word, is an adjective; "1 followed by" is not. */
function adjectiveUse(taken: string, rest: string, word: string): boolean {
  if (taken !== '') return false;
  const next = EN_WORD_RE.exec(rest.slice(word.length))?.[1]?.toLowerCase();
  return next !== undefined && !EN_NOUN_STOP.has(next);
}

/** English counted noun: up to three words before a function word ("1,500 North Korean soldiers in"). */
function enNoun(after: string): string | undefined {
  let rest = after;
  let taken = '';
  for (let i = 0; i < 3; i++) {
    const m = EN_WORD_RE.exec(rest);
    if (!m) break;
    const w = m[1]!.toLowerCase();
    // a capitalized function word starts the next sentence ("64million Without"); a capitalized word after a
    // lower-case one is a name, not part of the counted noun ("the No 1 choice Alec Stewart")
    const capital = /^[A-Z]/.test(m[1]!);
    if (capital && (EN_NOUN_STOP.has(w) || (taken !== '' && /^\s[a-z]/.test(taken)))) break;
    if (capital && taken === '' && !startsNounGroup(m[1]!, rest.slice(m[0].length))) break;
    const participle = /[^e]ed$/.test(w) && !adjectiveUse(taken, rest, m[0]);
    if (EN_NOUN_STOP.has(w) || EN_VERBS.has(w) || w.endsWith('ly') || participle) break;
    taken += m[0];
    rest = rest.slice(m[0].length);
    if (/^[,.;:!?)]/.test(rest) || (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) || PLURALS.has(w))
      break;
  }
  return taken === '' ? undefined : taken;
}

/** A capitalized first word counts as a noun only when plural or followed by a capitalized plural ("Academy Awards"). */
function startsNounGroup(word: string, rest: string): boolean {
  if (/[a-z]s$/.test(word) || PLURALS.has(word.toLowerCase())) return true;
  return /^\s[A-Z][a-z]*s(?![a-z])/.test(rest);
}

export interface Qualifier {
  start: number;
  text: string;
  kind: QualifierKind;
}

export function readQualifier(text: string, start: number, isRange: boolean): Qualifier {
  const before = text.slice(Math.max(0, start - 40), start);
  const re = isRange ? RANGE_CUE_RE : QUALIFIER_RE;
  const m = re.exec(before);
  if (!m) return { start, text: '', kind: 'exact' };
  const written = m[1]!;
  const qStart = start - m[0].length + m[0].indexOf(written);
  const kind = isRange ? 'range' : (QUALIFIERS.find(([q]) => q === written.toLowerCase())?.[1] ?? 'approx');
  return { start: qStart, text: written, kind };
}

/** Numbers that are context, not key figures: dates, times, ordinals, years, scores. */
import type { DetectedLang } from '../../domain/types.js';
import type { NumberCore, Quantity } from './figures.js';
import { alternation, LABEL_CUES, MONTHS, ORDINAL_CUES_DE, YEAR_CUES } from './figures-lexicon.js';

const MONTH_ALT = alternation(MONTHS);
const MONTH_AFTER = new RegExp(
  `^(?:\\.|st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTH_ALT})(?![\\p{L}])(?:,?\\s+\\d{4}(?!\\d))?`,
  'iu',
);
const MONTH_BEFORE = new RegExp(`(?:^|[^\\p{L}])((?:${MONTH_ALT})\\s+)$`, 'iu');
const AFTER_MONTH_DAY = /^(?:st|nd|rd|th)?(?:,?\s+\d{4}(?!\d))?/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?!\d)/;
const DOTTED_DATE = /^\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})?(?!\d)/;
const TIME_UHR = /^\d{1,2}(?:[:.]\d{2})?\s?Uhr(?![\p{L}])/u;
const TIME_COLON = /^\d{1,2}:\d{2}(?!\d)(?:\s?(?:a\.m\.|p\.m\.|am|pm|h)(?![\p{L}]))?/iu;
const TIME_AMPM = /^\d{1,2}(?:\.\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)(?![\p{L}])/iu;
const SCORE = /^\d+:\d+(?:[,/]\s?\d+:\d+)*/;
/** Race and clock times with seconds or fractions: "6:54:45 Std.", "2:05,3 min", "1:02.45". */
const LONG_CLOCK = /^\d{1,3}:\d{2}(?::\d{2}|[.,]\d+)(?:[.,]\d+)?(?![\d:])/;
/** Odds, seasons and fractions are read whole, never split: "100/1", "1992/93", "3/4". */
const SLASHED = /^\d+(?:[.,]\d+)?\/\d+(?![\d.,]\d)/;
/** A single match score: "2:1", "1:0"; or, written with a dash, the winner's goals first ("3-1", "2-2"). */
const BARE_SCORE = /^(\d{1,2}):(\d{1,2})(?![\d:/]|[.,]\d|\s?Uhr)/;
const DASH_SCORE = /^(\d{1,2})[-–](\d{1,2})(?![\d\p{L}%°.,:/-])/u;
/** Betting odds: "40/1", "7/2"; read as odds only after a betting cue ("at 40/1", "from 66/1 to 20/1", "Quote 100/1"). */
const ODDS = /^\d{1,3}\/\d{1,2}(?![\d/]|[.,]\d)/;
const ODDS_CUE_BEFORE = /(?:^|[^\p{L}])(?:at|from|to|odds(?: of)?|priced|price of|bei|Quote(?: von)?)\s+$/iu;
const ODDS_CUE_AFTER = /^\s+(?:favourite|favorite|shot|chance|outsider|odds|Außenseiter|Favorit)/iu;
/** A season: "2012/13", "1998/99". */
const SEASON = /^(?:1[89]|20)\d{2}\/\d{2}(?![\d/]|[.,]\d)/;
const SCORE_WITH_NOUN =
  /^\d{1,2}\s?[-–:]\s?\d{1,2}(?!\d)[\s-](win|defeat|victory|draw|loss|lead|thrashing|triumph|Sieg|Niederlage|Erfolg|Heimsieg|Auswärtssieg|Remis|Führung|Pleite)(?![\p{L}])/u;

function make(text: string, start: number, end: number, value: number, kind: Quantity['kind']): Quantity {
  const span = text.slice(start, end);
  return {
    text: span,
    start,
    end,
    numberText: span,
    value,
    unit: '',
    unitKind: 'none',
    qualifier: '',
    qualifierKind: 'exact',
    kind,
  };
}

/** The word right before `pos` (lower-case), skipping spaces. */
export function wordBefore(text: string, pos: number): string {
  const m = /([\p{L}]+)\s*$/u.exec(text.slice(Math.max(0, pos - 30), pos));
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * Quantity of kind date/time/ordinal/year when the number is context, `{end}` to skip it (scores),
 * undefined when it is an ordinary number.
 */
export function classifyContext(
  text: string,
  core: NumberCore,
  lang: DetectedLang,
): Quantity | { end: number } | undefined {
  if (core.isWord || core.currencyText !== '') return undefined;
  const from = text.slice(core.numStart, core.numStart + 60);
  return (
    dateOrTime(text, core, from, lang) ??
    monthDate(text, core) ??
    ordinal(text, core, lang) ??
    year(text, core, lang)
  );
}

function dateOrTime(
  text: string,
  core: NumberCore,
  from: string,
  lang: DetectedLang,
): Quantity | { end: number } | undefined {
  const at = core.numStart;
  const score = SCORE_WITH_NOUN.exec(from);
  if (score) {
    const q = make(text, at, at + score[0].length, core.value, 'number');
    const written = score[0].slice(0, -score[1]!.length - 1);
    // a score is kept whole: shown as written ("1:3 Niederlage"), never as one side
    return { ...q, numberText: written, valueText: written, unit: score[1]!, unitKind: 'measure' };
  }
  const season = SEASON.exec(from);
  if (season) return make(text, at, at + season[0].length, core.value, 'year');
  const odds = ODDS.exec(from);
  if (odds && isOddsContext(text, core, odds[0])) return written(text, at, odds[0], core.value, 'odds');
  const slashed = SLASHED.exec(from);
  if (slashed) return { end: at + slashed[0].length };
  const clock = LONG_CLOCK.exec(from);
  if (clock) return make(text, at, at + clock[0].length, Number.parseInt(from, 10), 'time');
  const iso = ISO_DATE.exec(from);
  if (iso) return make(text, at, at + iso[0].length, core.value, 'date');
  const dotted = lang !== 'en' ? DOTTED_DATE.exec(from) : null;
  if (dotted) return make(text, at, at + dotted[0].length, Number.parseInt(from, 10), 'date');
  const time = TIME_UHR.exec(from) ?? TIME_COLON.exec(from) ?? (lang !== 'de' ? TIME_AMPM.exec(from) : null);
  if (time) return make(text, at, at + time[0].length, Number.parseInt(from, 10), 'time');
  const bare = SCORE.exec(from);
  const single = BARE_SCORE.exec(from);
  // a lone score is a figure; a run of set scores ("6:2, 6:4") is skipped whole
  if (single && bare && bare[0] === single[0]) return written(text, at, single[0], core.value, 'score');
  if (bare) return { end: at + bare[0].length };
  const dash = DASH_SCORE.exec(from);
  // "3-1": a dash pair whose second number is not larger is no range; "2-2" is a draw
  if (dash && Number(dash[2]) <= Number(dash[1])) return written(text, at, dash[0], core.value, 'score');
  return undefined;
}

function isOddsContext(text: string, core: NumberCore, odds: string): boolean {
  if (ODDS_CUE_BEFORE.test(text.slice(Math.max(0, core.numStart - 20), core.numStart))) return true;
  return ODDS_CUE_AFTER.test(text.slice(core.numStart + odds.length, core.numStart + odds.length + 30));
}

/** A quantity shown as written (scores, odds): its value is only the first number. */
function written(text: string, at: number, span: string, value: number, kind: Quantity['kind']): Quantity {
  return { ...make(text, at, at + span.length, value, kind), valueText: span };
}

function monthDate(text: string, core: NumberCore): Quantity | undefined {
  if (!/^\d{1,2}$/.test(core.raw) || core.value < 1 || core.value > 31) return undefined;
  const after = text.slice(core.numEnd, core.numEnd + 40);
  const m = MONTH_AFTER.exec(after);
  if (m) return make(text, core.numStart, core.numEnd + m[0].length, core.value, 'date');
  const before = MONTH_BEFORE.exec(text.slice(Math.max(0, core.numStart - 20), core.numStart));
  if (!before) return undefined;
  const tail = AFTER_MONTH_DAY.exec(after)?.[0] ?? '';
  return make(text, core.numStart - before[1]!.length, core.numEnd + tail.length, core.value, 'date');
}

function ordinal(text: string, core: NumberCore, lang: DetectedLang): Quantity | undefined {
  if (!/^\d{1,4}$/.test(core.raw)) return undefined;
  const after = text.slice(core.numEnd, core.numEnd + 40);
  const en = /^(?:st|nd|rd|th)(?![\p{L}])/u.exec(after);
  if (en) return make(text, core.numStart, core.numEnd + en[0].length, core.value, 'ordinal');
  if (lang === 'en' || core.raw.length > 3) return undefined;
  const de = /^\.\s+([\p{L}]+)/u.exec(after);
  if (!de) return undefined;
  const next = de[1]!;
  const cue = ORDINAL_CUES_DE.has(wordBefore(text, core.numStart));
  if (!cue && !/^\p{Ll}/u.test(next)) return undefined;
  return make(text, core.numStart, core.numEnd + 1, core.value, 'ordinal');
}

function year(text: string, core: NumberCore, lang: DetectedLang): Quantity | undefined {
  if (!/^\d{4}$/.test(core.raw) || core.value < 1800 || core.value > 2100) return undefined;
  const isYear = () => {
    if (YEAR_CUES.has(wordBefore(text, core.numStart))) return true;
    if (MONTH_BEFORE.test(text.slice(Math.max(0, core.numStart - 20), core.numStart))) return true;
    const after = text.slice(core.numEnd, core.numEnd + 30);
    if (/^\s?(?:%|Prozent|percent|Euro|Dollar|dollars|euros)/iu.test(after)) return false;
    // a count needs a plural-looking noun after it ("2000 Menschen", "2000 people"); "1966 Wilhelm" is a year
    const words = /^\s([\p{L}-]+)(?:\s([\p{L}-]+))?/u.exec(after);
    const plural = lang === 'en' ? /^(?:[a-z]{2,}s|people)$/ : /^\p{Lu}\p{Ll}*(?:en|er|e|n|s)$/u;
    const [first = '', second = ''] = words ? [words[1], words[2]] : [];
    // the second word counts only after an adjective ("2000 neue Wohnungen", "2000 new homes")
    // a German adjective before a noun is inflected ("neue", "neuen"); "2014 in Brasilien" is a year
    const adjective = lang === 'en' ? /^\p{Ll}/u.test(first) : /^\p{Ll}+(?:e|en|er|es|em)$/u.test(first);
    return !(plural.test(first) || (adjective && plural.test(second)));
  };
  return isYear() ? make(text, core.numStart, core.numEnd, core.value, 'year') : undefined;
}

const SEASONS =
  'Sommer|Herbst|Frühjahr|Frühling|Winter|Anfang|Ende|Mitte|summer|autumn|spring|winter|fall|early|late|mid';
const DETERMINERS =
  '(?:dem|der|des|den|die|einer|the|a|an|ihrer|seiner|seines|ihres|his|her|their|its|this|last|next)';
const DATE_LEAD =
  /(?:^|[^\p{L}])((?:am|ab|bis|seit|vom|zum|on|from|until|till|by|since|before|after|vor|nach)\s+(?:(?:dem|the)\s+)?)$/iu;
/** The end of a span of years, read with its start: "2008-2013", "1800–2000", "2012-14". */
const YEAR_SPAN = /^\s?[-–]\s?(?:1[89]|20)?\d{2}(?!\d)/;
const DECADE = /^(?:er[- ]Jahren?|er|s)(?![\p{L}\p{N}])/u;
/** An event named with its year: "WM 2014", "Expo 2025", "Major-Events 1999" (not the first word of the sentence). */
const NAMED_YEAR = /\p{L}\s(\p{Lu}[\p{L}-]*\p{L}\s)$/u;
const YEAR_LEAD = new RegExp(
  `(?:^|[^\\p{L}])((?:im|in|seit|since|bis|until|ab|from|vor|nach|before|after|by|aus|für|for|bei|at)\\s+(?:${DETERMINERS}\\s+)?(?:(?:year|${MONTH_ALT}|${SEASONS}|(\\p{L}[\\p{L}-]*))\\s+)?)$`,
  'iu',
);

/**
 * A date or year that heads a time phrase ("am 12. September", "on May 7", "ab 1. Januar", "seit 2019",
 * "im April 2010", "bei der WM 2014"): the article tells what happens or
 * happened then. Returns that phrase as written.
 */
export function eventText(text: string, q: Quantity): string | undefined {
  if (q.kind !== 'date' && q.kind !== 'year') return undefined;
  // a decade or a span is a time too ("in den 1980er-Jahren", "in the 1980s", "von 2008-2013"); "2014er Wein" is not
  const decade =
    q.kind === 'year'
      ? (DECADE.exec(text.slice(q.end, q.end + 12)) ?? YEAR_SPAN.exec(text.slice(q.end, q.end + 12)))
      : null;
  const end = q.end + (decade ? decade[0].length : 0);
  if (/^[\p{L}\p{N}]/u.test(text.slice(end, end + 1))) return undefined;
  const before = text.slice(Math.max(0, q.start - 30), q.start);
  let m = (q.kind === 'date' ? DATE_LEAD : YEAR_LEAD).exec(before);
  // the event's name must be a capitalized noun ("bei der WM 2014"), never "in die 1980"
  if (m?.[2] !== undefined && !/^\p{Lu}/u.test(m[2])) m = null;
  if (!m && q.kind === 'year') m = NAMED_YEAR.exec(before);
  return m ? text.slice(q.start - m[1]!.length, end) : undefined;
}

/** An amount follows the number (a scale word, percent or currency): then it is no label ("size 3 million"). */
const AMOUNT_AFTER =
  /^\s?(?:%|per ?cent|prozent|million|billion|thousand|mio|mrd|millionen|milliarden|tausend|euro|dollar|pfund|pounds?)(?![\p{L}])/iu;

/**
 * A label, not an amount: an integer right after a label word ("Channel 5", "Highway 36", "size 24",
 * "Gleis 7", "Artikel 5"), or after "No."/"Nr." ("No. 10", "Nr. 3").
 */
export function isLabelNumber(text: string, core: NumberCore): boolean {
  if (core.isWord || core.currencyText !== '' || !/^\d{1,4}$/.test(core.raw)) return false;
  if (AMOUNT_AFTER.test(text.slice(core.numEnd, core.numEnd + 20))) return false;
  const before = text.slice(Math.max(0, core.numStart - 30), core.numStart);
  if (/(?:^|[^\p{L}])(?:No|Nr|no|nr)\.\s?$/u.test(before) || /(?:^|[^\p{L}])(?:No|Nr)\s$/u.test(before))
    return true;
  return /[\p{L}]\s$/u.test(before) && LABEL_CUES.has(wordBefore(text, core.numStart));
}

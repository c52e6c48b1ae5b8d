/**
 * Key figures: the article's important quantities, most important first. Years, dates, times and ordinals are
 * context, not figures. Every figure's text is a verbatim span of its sentence.
 */
import type { KeyFigure } from '../../domain/types.js';
import type { Quantity } from './figures.js';

export interface LocatedQuantity {
  q: Quantity;
  sentenceIndex: number;
}

/** True for quantities that can be key figures (not years, dates, times, ordinals, bare small numbers). */
export function isFigureCandidate(q: Quantity): boolean {
  if (q.kind !== 'number') return false;
  if (q.unitKind === 'none') return q.value >= 100 && q.qualifier !== '';
  if (q.unitKind === 'count' && q.value > 1 && isSingularEnglish(q.unit)) return false;
  return true;
}

const EN_PLURALS_WITHOUT_S = new Set([
  'people',
  'police',
  'children',
  'men',
  'women',
  'staff',
  'personnel',
  'cattle',
  'sheep',
  'fish',
  'deer',
  'crew',
  'feet',
  'teeth',
  'mice',
  'geese',
  'data',
]);

/** "six place" in "a top six place": an English singular noun after a number > 1 is no counted noun. */
function isSingularEnglish(unit: string): boolean {
  if (!/^[a-z][a-z' -]*$/i.test(unit) || /[äöüß]/i.test(unit)) return false;
  const last = unit.split(' ').pop()!.toLowerCase();
  if (/^\p{Lu}/u.test(unit.split(' ').pop()!)) return false; // German nouns are capitalized
  return !last.endsWith('s') && !EN_PLURALS_WITHOUT_S.has(last);
}

/**
 * Ranking weights. Summaries repeat the article's early numbers, so position weighs most: `position` for the
 * first sentence, falling off as 1 / (1 + index / horizon). `inDigest` is added for a figure the digest sentences
 * already state (same value and kind, any wording): the key figures add what the sentences do not say. The kind weights give the base of dates, years, scores, odds and ages; an age in the
 * first two sentences gains `ageInLead`.
 */
export const FIGURE_WEIGHTS = {
  position: 2,
  horizon: 2,
  inDigest: -10,
  age: -1,
  ageInLead: 1,
  duration: -1,
  maxTimes: 3,
  eventDate: 3.5,
  eventYear: 3.5,
  score: 3.5,
  odds: 3.5,
};

/** Kinds that are key figures besides amounts: scores, odds, ages, and dates and years of events. */
export function isKeyFigureCandidate(q: Quantity): boolean {
  if (q.kind === 'score' || q.kind === 'odds' || q.kind === 'age') return true;
  if (q.kind === 'date' || q.kind === 'year') return q.eventText !== undefined;
  return isFigureCandidate(q);
}

const DURATION =
  /^(?:jahre|jahren|tage|tagen|wochen|monate|monaten|stunden|minuten|sekunden|years?|days?|weeks?|months?|hours?|minutes?|seconds?|jährig|monatig|tägig|stündig)$/i;

const AGE = /^(?:jährige[nmrs]?|year-old|years-old)$/i;

function isAge(q: Quantity): boolean {
  return q.kind === 'age' || (q.unitKind === 'measure' && AGE.test(q.unit));
}

function kindScore(q: Quantity): number {
  const w = FIGURE_WEIGHTS;
  if (q.kind === 'date') return w.eventDate;
  if (q.kind === 'year') return w.eventYear;
  if (q.kind === 'score') return w.score;
  if (q.kind === 'odds') return w.odds;
  if (q.kind === 'age') return 1.5 + w.age;
  let score = { currency: 3, percent: 3, count: 2.5, measure: 1.5, none: 0.5 }[q.unitKind];
  if (q.unitKind === 'measure' && DURATION.test(q.unit)) score += w.duration;
  if (isAge(q)) score += w.age;
  if (q.qualifier !== '') score += 0.5;
  if (q.value >= 1000) score += 0.75;
  else if (q.value >= 10) score += 0.25;
  if (/^\p{L}/u.test(q.numberText) && q.value < 10) score -= 1;
  return score;
}

export function figureImportance(q: Quantity, sentenceIndex: number): number {
  // an age in the opening sentences is the age of the person the article is about
  const person = isAge(q) && sentenceIndex <= 1 ? FIGURE_WEIGHTS.ageInLead : 0;
  return kindScore(q) + person + FIGURE_WEIGHTS.position / (1 + sentenceIndex / FIGURE_WEIGHTS.horizon);
}

/**
 * What a figure is about, for spotting repeats across wordings: one count ("rund 500 Flüchtlinge" = "rund 500
 * Menschen", "five" = "5"), one age, one date; "13%" = "13 per cent"; measures by unit ("Soldaten" = "Soldat").
 */
function repeatKey(q: Quantity): string {
  const value = `${q.value}|${q.valueMax ?? ''}`;
  if (isAge(q)) return `age|${q.value}`;
  if (q.kind === 'score' || q.kind === 'odds') return `${q.kind}|${q.valueText}`;
  if (q.kind === 'date' || q.kind === 'year') return `${q.kind}|${q.text.toLowerCase()}`;
  if (q.unitKind === 'percent') return `%|${value}`;
  if (q.unitKind === 'currency') return `${q.currency ?? q.unit}|${value}`;
  if (q.unitKind === 'count' || q.unitKind === 'none') return `count|${value}`;
  return `${q.unit.toLowerCase().replace(/(?:en|n|e|s)$/, '')}|${value}`;
}

/** Choose up to `max` figures; skip repeats of the same value and unit; most important first. */
export function selectKeyFigures(
  located: readonly LocatedQuantity[],
  _sentenceCount: number,
  max: number,
  preferred: ReadonlySet<number> = new Set(),
): KeyFigure[] {
  const candidates = located.filter((l) => isKeyFigureCandidate(l.q));
  // what the digest sentences already say, in any wording ("The 40/1 outsider" said, "from 25/1 to 40/1" not)
  const said = new Set(candidates.filter((l) => preferred.has(l.sentenceIndex)).map((l) => repeatKey(l.q)));
  const ranked = candidates
    .map((l) => ({
      l,
      score:
        figureImportance(l.q, l.sentenceIndex) + (said.has(repeatKey(l.q)) ? FIGURE_WEIGHTS.inDigest : 0),
    }))
    .sort((a, b) => b.score - a.score || a.l.sentenceIndex - b.l.sentenceIndex || a.l.q.start - b.l.q.start);
  const seen = new Set<string>();
  const out: KeyFigure[] = [];
  let times = 0;
  for (const { l } of ranked) {
    if (out.length >= max) break;
    const key = repeatKey(l.q);
    if (seen.has(key)) continue;
    const isTime = l.q.kind === 'date' || l.q.kind === 'year';
    if (isTime && times >= FIGURE_WEIGHTS.maxTimes) continue;
    if (isTime) times++;
    seen.add(key);
    out.push(toKeyFigure(l));
  }
  return out;
}

export function toKeyFigure({ q, sentenceIndex }: LocatedQuantity): KeyFigure {
  const fig: KeyFigure = {
    text: q.eventText ?? q.text,
    value: q.value,
    unit: q.unit,
    qualifier: q.qualifier,
    sentenceIndex,
  };
  if (q.valueMax !== undefined) fig.valueMax = q.valueMax;
  // dates, years, scores, odds and ages are shown as written: "am 12. September", "2:1", "Smith, 34", "22-jährige"
  const written = q.kind === 'date' || q.kind === 'year' || isAge(q) ? fig.text : q.valueText;
  if (written !== undefined) fig.valueText = written;
  if (q.vague || q.qualifierKind === 'approx') fig.approx = true;
  return fig;
}

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

export const FIGURE_WEIGHTS = { inDigest: 1, age: -1 };

const DURATION =
  /^(?:jahre|jahren|tage|tagen|wochen|monate|monaten|stunden|minuten|sekunden|years?|days?|weeks?|months?|hours?|minutes?|seconds?|jährig|monatig|tägig|stündig)$/i;

const AGE = /^(?:jährige[nmrs]?|year-old|years-old)$/i;

export function figureImportance(q: Quantity, sentenceIndex: number, sentenceCount: number): number {
  let score = { currency: 3, percent: 3, count: 2.5, measure: 1.5, none: 0.5 }[q.unitKind];
  if (q.unitKind === 'measure' && DURATION.test(q.unit)) score -= 1;
  if (q.unitKind === 'measure' && AGE.test(q.unit)) score += FIGURE_WEIGHTS.age;
  if (q.qualifier !== '') score += 0.5;
  if (q.value >= 1000) score += 0.75;
  else if (q.value >= 10) score += 0.25;
  if (/^\p{L}/u.test(q.numberText) && q.value < 10) score -= 1;
  score += 2 * (1 - sentenceIndex / Math.max(1, sentenceCount));
  return score;
}

/** Unit for spotting repeats: "13%" = "13 per cent", "71-Jährige" = "71-Jährigen", "Soldaten" = "Soldat". */
function unitKey(q: Quantity): string {
  if (q.unitKind === 'percent') return '%';
  if (q.unitKind === 'currency') return q.currency ?? q.unit;
  if (AGE.test(q.unit)) return 'age';
  return q.unit.toLowerCase().replace(/(?:en|n|e|s)$/, '');
}

/** Choose up to `max` figures; skip repeats of the same value and unit; most important first. */
export function selectKeyFigures(
  located: readonly LocatedQuantity[],
  sentenceCount: number,
  max: number,
  preferred: ReadonlySet<number> = new Set(),
): KeyFigure[] {
  const ranked = located
    .filter((l) => isFigureCandidate(l.q))
    .map((l) => ({
      l,
      score: figureImportance(l.q, l.sentenceIndex, sentenceCount) + (preferred.has(l.sentenceIndex) ? 1 : 0),
    }))
    .sort((a, b) => b.score - a.score || a.l.q.start - b.l.q.start);
  const seen = new Set<string>();
  const out: KeyFigure[] = [];
  for (const { l } of ranked) {
    if (out.length >= max) break;
    const key = `${l.q.value}|${l.q.valueMax ?? ''}|${l.q.unitKind}|${unitKey(l.q)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(toKeyFigure(l));
  }
  return out;
}

export function toKeyFigure({ q, sentenceIndex }: LocatedQuantity): KeyFigure {
  const fig: KeyFigure = {
    text: q.text,
    value: q.value,
    unit: q.unit,
    qualifier: q.qualifier,
    sentenceIndex,
  };
  if (q.valueMax !== undefined) fig.valueMax = q.valueMax;
  if (q.valueText !== undefined) fig.valueText = q.valueText;
  if (q.vague || q.qualifierKind === 'approx') fig.approx = true;
  return fig;
}

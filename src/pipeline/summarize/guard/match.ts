/** Does a quantity of a generated text match one of the source's? Value, unit, qualifier, year and date. */
import { sameValue } from './numbers.js';
import type { GuardQuantity, MismatchReason } from './types.js';

/** undefined when some source quantity vouches for `g`; else the closest reason it fails. */
export function findMismatch(g: GuardQuantity, source: GuardQuantity[]): MismatchReason | undefined {
  let reason: MismatchReason = defaultReason(g);
  for (const s of source) {
    if (!sameQuantityValue(g, s)) continue;
    if (!unitsAgree(g, s)) {
      reason = 'unit';
      continue;
    }
    if (!qualifiersAgree(g, s)) {
      if (reason !== 'unit') reason = 'qualifier';
      continue;
    }
    return undefined;
  }
  return reason;
}

function defaultReason(g: GuardQuantity): MismatchReason {
  if (g.kind === 'year' || g.kind === 'date' || g.kind === 'time') return g.kind;
  return 'unknown_number';
}

/** Values agree: dates by day and month, times by minute, numbers by value (or a bound of a source range). */
function sameQuantityValue(g: GuardQuantity, s: GuardQuantity): boolean {
  if (g.kind === 'date' || s.kind === 'date')
    return g.kind === s.kind && g.day === s.day && g.month === s.month;
  if (g.kind === 'time' || s.kind === 'time' || g.kind === 'score' || s.kind === 'score')
    return g.kind === s.kind && sameValue(g.value, s.value);
  if (g.qualifier === 'range') return s.qualifier === 'range' && sameRange(g, s);
  if (s.qualifier === 'range')
    return sameValue(g.value, s.value) || sameValue(g.value, s.valueMax ?? Number.NaN);
  return sameValue(g.value, s.value);
}

function sameRange(g: GuardQuantity, s: GuardQuantity): boolean {
  return sameValue(g.value, s.value) && sameValue(g.valueMax ?? Number.NaN, s.valueMax ?? Number.NaN);
}

/** Percent, currency and measures must be the same unit; a bare number or counted noun may drop the unit. */
function unitsAgree(g: GuardQuantity, s: GuardQuantity): boolean {
  if (g.kind !== 'number') return true;
  const gStrong = g.unitKind === 'percent' || g.unitKind === 'currency' || g.unitKind === 'measure';
  const sStrong = s.unitKind === 'percent' || s.unitKind === 'currency' || s.unitKind === 'measure';
  if (gStrong) return sStrong && g.unitKind === s.unitKind && g.unit === s.unit;
  if (g.unitKind === 'count') return s.unitKind !== 'percent' && s.unitKind !== 'currency';
  return true;
}

/**
 * Qualifiers stay honest: "bis zu 12.000" may only become "up to 12,000"; an exact source may be hedged
 * ("about"), a hedged source may not become exact; "more than" stays a lower bound; ranges keep both bounds.
 */
export function qualifiersAgree(g: GuardQuantity, s: GuardQuantity): boolean {
  if (g.kind !== 'number' && g.kind !== 'ordinal') return true;
  if (g.kind === 'ordinal') return s.kind === 'ordinal' || s.kind === 'number';
  switch (g.qualifier) {
    case 'exact':
      return s.qualifier === 'exact';
    case 'approx':
      return s.qualifier === 'exact' || s.qualifier === 'approx';
    case 'upper':
      return (
        s.qualifier === 'upper' || (s.qualifier === 'range' && sameValue(g.value, s.valueMax ?? Number.NaN))
      );
    case 'lower':
      return s.qualifier === 'lower' || (s.qualifier === 'range' && sameValue(g.value, s.value));
    case 'range':
      return s.qualifier === 'range';
  }
}

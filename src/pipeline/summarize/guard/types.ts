/** Types of the figure guard. */

export type UnitKind = 'percent' | 'currency' | 'measure' | 'count' | 'none';
export type QualifierKind = 'exact' | 'approx' | 'upper' | 'lower' | 'range';
export type QuantityKind = 'number' | 'year' | 'date' | 'time' | 'ordinal' | 'score';
/** Languages the guard reads numbers in; 'und' is read like English. */
export type GuardLang = 'de' | 'en';

/** One quantity found in a text, normalized so German and English writings compare equal. */
export interface GuardQuantity {
  /** The quantity as written, qualifier and unit included. */
  text: string;
  start: number;
  end: number;
  /** Normalized value: 1500 for "1.500" (de) and "1,500" (en); 1.5e6 for "1,5 Millionen". */
  value: number;
  /** Upper bound of a range. */
  valueMax?: number;
  kind: QuantityKind;
  unitKind: UnitKind;
  /** Canonical unit ('%', 'pp', 'EUR', 'km', 'year', ...) or the counted noun as written ('' when none). */
  unit: string;
  qualifier: QualifierKind;
  /** Multiplier of a scale word or suffix that was applied ("Millionen" → 1e6). */
  scale?: number;
  /** Dates: day and month (value = month * 100 + day). Scores "3:1": value = 3 * 1000 + 1. */
  day?: number;
  month?: number;
}

/** Why a generated quantity was refused. */
export type MismatchReason = 'unknown_number' | 'qualifier' | 'unit' | 'year' | 'date' | 'time';

export interface Mismatch {
  /** Where it was found: 'headline', 'sentence', 'figure'. */
  part: 'headline' | 'sentence' | 'figure';
  index: number;
  quantity: GuardQuantity;
  reason: MismatchReason;
}

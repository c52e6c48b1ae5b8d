/**
 * The figure guard: every quantity in a generated or translated digest (headline, sentences, key figures) must
 * match a quantity of the source article. Offending sentences and figures are dropped when enough remains
 * (repaired); otherwise the digest is rejected and the caller uses the extractive digest.
 */
import type { DetectedLang, Digest, KeyFigure } from '../../../domain/types.js';
import { formatFigure } from '../render.js';
import { findMismatch } from './match.js';
import { sameValue } from './numbers.js';
import { scanQuantities } from './quantities.js';
import type { GuardLang, GuardQuantity, Mismatch } from './types.js';

export type { GuardQuantity, Mismatch, MismatchReason } from './types.js';
export { normalizeNumber, parseDigits } from './numbers.js';
export { scanQuantities } from './quantities.js';

export interface GuardSource {
  text: string;
  title?: string;
  lang: DetectedLang;
}

export type GuardVerdict = 'pass' | 'repaired' | 'rejected';

export interface GuardResult {
  verdict: GuardVerdict;
  /** The digest to use (repaired when needed); absent when rejected. */
  digest?: Digest;
  mismatches: Mismatch[];
}

export function guardLang(lang: DetectedLang | undefined): GuardLang {
  return lang === 'de' ? 'de' : 'en';
}

/** Quantities of `text` that no source quantity vouches for. */
export function uncheckedQuantities(
  text: string,
  lang: GuardLang,
  source: GuardQuantity[],
  part: Mismatch['part'],
  index: number,
): Mismatch[] {
  const out: Mismatch[] = [];
  for (const q of scanQuantities(text, lang)) {
    const reason = findMismatch(q, source);
    if (reason) out.push({ part, index, quantity: q, reason });
  }
  return out;
}

/** Check a digest against its source article. */
export function guardDigest(digest: Digest, source: GuardSource): GuardResult {
  const srcQs = scanQuantities(`${source.title ?? ''}\n${source.text}`, guardLang(source.lang));
  const lang = guardLang(digest.language);
  const mismatches: Mismatch[] = [];
  let headline = digest.headline;
  const headlineBad = uncheckedQuantities(headline, lang, srcQs, 'headline', 0);
  if (headlineBad.length > 0) {
    mismatches.push(...headlineBad);
    if (!source.title) return { verdict: 'rejected', mismatches };
    headline = source.title;
  }
  const sentences: string[] = [];
  digest.sentences.forEach((s, i) => {
    const bad = uncheckedQuantities(s, lang, srcQs, 'sentence', i);
    mismatches.push(...bad);
    if (bad.length === 0) sentences.push(s);
  });
  const written = squash(`${source.title ?? ''}\n${source.text}`);
  const keyFigures = digest.keyFigures.filter((f, i) => {
    const bad = figureMismatches(f, lang, srcQs, i, written);
    mismatches.push(...bad);
    return bad.length === 0;
  });
  if (mismatches.length === 0) return { verdict: 'pass', digest, mismatches };
  if (!enoughLeft(digest.sentences.length, sentences.length)) return { verdict: 'rejected', mismatches };
  return { verdict: 'repaired', digest: { ...digest, headline, sentences, keyFigures }, mismatches };
}

const squash = (s: string) => s.replace(/\s+/g, ' ');
const digitsOf = (s: string) => (s.match(/\d+/g) ?? []).join(' ');

/**
 * Figures shown as written hold no amount to check ("am 12. September", "2:1", "40/1", "Tausende Grazer"): they
 * pass when they stand verbatim in the source, or, translated, when their source phrase does and the digits are
 * the same ("on 12 September" from "am 12. September"). Whatever amount they hold was checked above.
 */
function asWritten(f: KeyFigure, shown: string, source: string): boolean {
  const origin = f.sourceText ?? f.text;
  if (!source.includes(squash(origin))) return false;
  const digits = digitsOf(origin);
  return digitsOf(f.text) === digits && digitsOf(shown) === digits;
}

/** At least one sentence, and no more than half of them dropped. */
function enoughLeft(before: number, after: number): boolean {
  return after >= 1 && before - after <= Math.floor(before / 2);
}

/**
 * A key figure passes when its text holds a quantity, every quantity in it and in its rendering (qualifier,
 * value, unit) matches the source, and its structured value is one of them.
 */
function figureMismatches(
  f: KeyFigure,
  lang: GuardLang,
  src: GuardQuantity[],
  index: number,
  written: string,
): Mismatch[] {
  const qs = scanQuantities(f.text, lang);
  // what users see: the renderers show qualifier, value and unit, not the text
  const shown = formatFigure(f, lang);
  const bad = [
    ...uncheckedQuantities(f.text, lang, src, 'figure', index),
    ...uncheckedQuantities(shown, lang, src, 'figure', index),
  ];
  if (bad.length > 0) return bad;
  const consistent = qs.some(
    (q) => sameValue(q.value, f.value) || sameValue(q.valueMax ?? Number.NaN, f.value),
  );
  if (qs.length > 0 && consistent) return [];
  if (asWritten(f, shown, written)) return [];
  const quantity: GuardQuantity = {
    text: f.text,
    start: 0,
    end: f.text.length,
    value: f.value,
    kind: 'number',
    unitKind: 'none',
    unit: f.unit,
    qualifier: 'exact',
  };
  return [{ part: 'figure', index, quantity, reason: 'unknown_number' }];
}

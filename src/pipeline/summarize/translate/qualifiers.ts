/**
 * Qualifiers are translated from a fixed table, not by the translation service: a single word like "rund"
 * out of context is easily mistranslated, and the qualifier decides whether a figure is honest.
 */
import type { Lang } from '../../../domain/types.js';

const DE_EN: [string, string][] = [
  ['bis zu', 'up to'],
  ['höchstens', 'at most'],
  ['maximal', 'at most'],
  ['weniger als', 'less than'],
  ['unter', 'under'],
  ['mehr als', 'more than'],
  ['über', 'over'],
  ['mindestens', 'at least'],
  ['rund', 'around'],
  ['etwa', 'about'],
  ['ca.', 'about'],
  ['circa', 'about'],
  ['ungefähr', 'roughly'],
  ['knapp', 'nearly'],
  ['fast', 'almost'],
  ['beinahe', 'almost'],
  ['nahezu', 'almost'],
  ['gut', 'just over'],
  ['zwischen', 'between'],
];

/** English qualifiers without a row above, in German. */
const EN_DE_MORE: [string, string][] = [
  ['as many as', 'bis zu'],
  ['no more than', 'höchstens'],
  ['fewer than', 'weniger als'],
  ['above', 'über'],
  ['in excess of', 'mehr als'],
  ['approximately', 'etwa'],
  ['some', 'rund'],
  ['an estimated', 'schätzungsweise'],
  ['just under', 'knapp'],
];

function lookup(q: string, from: Lang, to: Lang): string | undefined {
  const key = q.trim().toLowerCase();
  if (from === 'de' && to === 'en') return DE_EN.find(([de]) => de === key)?.[1];
  if (from === 'en' && to === 'de')
    return DE_EN.find(([, en]) => en === key)?.[0] ?? EN_DE_MORE.find(([en]) => en === key)?.[1];
  return undefined;
}

/** The qualifier in the target language; unknown ones are kept as written (the guard then judges them). */
export function translateQualifier(q: string, from: Lang, to: Lang): string {
  if (q.trim() === '' || from === to) return q;
  return lookup(q, from, to) ?? q;
}

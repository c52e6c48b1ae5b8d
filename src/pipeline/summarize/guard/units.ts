/** Reads what follows a number: scale word, unit, currency or counted noun. */
import { UNIT_WORDS, type UnitSpec } from './lexicon.js';
import { scaleWordValue } from './numbers.js';
import type { GuardLang, UnitKind } from './types.js';

export interface UnitRead {
  /** Multiplier of a scale word ("Millionen"), when one was read. */
  scale?: number;
  kind: UnitKind;
  unit: string;
  /** Characters consumed (scale and unit; a counted noun is not consumed). */
  length: number;
}

const MULTI_WORD_UNITS = Object.keys(UNIT_WORDS)
  .filter((k) => /[\s/]/.test(k))
  .sort((a, b) => b.length - a.length);

/** Words after a number that are not what it counts. */
const NOT_NOUNS = new Set(
  'und and oder or in im am an auf bei the der die das dem den des to bis of von vom zu zur zum for für mit with is ist sind are was war wurden were als than nach after vor before seit since'.split(
    ' ',
  ),
);

/** A unit (or scale + unit) at the start of `after`, the text right behind a number. */
export function readUnit(after: string, lang: GuardLang, allowScale = true): UnitRead {
  let consumed = 0;
  let scale: number | undefined;
  if (allowScale) {
    const m = /^\s*(\p{L}+\.?)/u.exec(after);
    const word = m?.[1];
    const factor = word
      ? (scaleWordValue(word, lang) ?? scaleWordValue(word.replace(/\.$/, ''), lang))
      : undefined;
    if (m && word && factor !== undefined) {
      scale = factor;
      consumed = scaleWordValue(word, lang) !== undefined ? m[0].length : m[0].length - 1;
    }
  }
  const compound = consumed === 0 ? hyphenCompound(after) : undefined;
  if (compound) return { kind: compound.kind, unit: compound.unit, length: compound.length };
  const unit = unitAt(after.slice(consumed));
  if (unit) return { scale, kind: unit.spec.kind, unit: unit.spec.unit, length: consumed + unit.length };
  const noun = /^\s+([\p{L}][\p{L}-]*)/u.exec(after.slice(consumed))?.[1];
  if (noun && !NOT_NOUNS.has(noun.toLowerCase()))
    return { scale, kind: 'count', unit: noun, length: consumed };
  return { scale, kind: 'none', unit: '', length: consumed };
}

function unitAt(s: string): { spec: UnitSpec; length: number } | undefined {
  const lower = s.toLowerCase();
  const lead = /^[ \t\u00A0\u202F]*/.exec(lower)?.[0].length ?? 0;
  const rest = lower.slice(lead);
  for (const k of MULTI_WORD_UNITS) {
    if (rest.startsWith(k) && !/^\p{L}/u.test(rest.slice(k.length))) {
      return { spec: UNIT_WORDS[k]!, length: lead + k.length };
    }
  }
  const sym = /^(%|€|°c|°f|°|\$|£)/.exec(rest)?.[1];
  if (sym) return { spec: UNIT_WORDS[sym]!, length: lead + sym.length };
  // "US-Dollar" as a whole; "Dollar-Turnier", "Euro-Schein": the first part of a compound is the unit
  const whole = /^\p{L}[\p{L}-]*(?:\/h)?/u.exec(rest)?.[0];
  if (!whole) return undefined;
  const first = /^\p{L}+(?:\/h)?/u.exec(whole)?.[0] ?? whole;
  const word = UNIT_WORDS[whole] ? whole : first;
  const spec = UNIT_WORDS[word];
  return spec ? { spec, length: lead + word.length } : undefined;
}

/** "15-year", "10-mile", "three-year-old", "1000-Turnier": the word after the hyphen is the unit or the noun. */
function hyphenCompound(after: string): UnitRead | undefined {
  const m = /^-(\p{L}+)/u.exec(after);
  if (!m) return undefined;
  const spec = UNIT_WORDS[m[1]!.toLowerCase()];
  if (spec) return { kind: spec.kind, unit: spec.unit, length: m[0].length };
  return { kind: 'count', unit: m[1]!, length: 0 };
}

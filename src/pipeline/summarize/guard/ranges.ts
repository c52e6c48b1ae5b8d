/** Joins two neighbouring quantities into a range: "zwischen 10 und 20", "between 2 and 3 billion", "10–20". */
import { RANGE_JOINERS, RANGE_JOINERS_ALONE, RANGE_OPENERS } from './lexicon.js';
import type { GuardQuantity } from './types.js';

export function mergeRanges(text: string, qs: GuardQuantity[]): GuardQuantity[] {
  const out: GuardQuantity[] = [];
  for (let i = 0; i < qs.length; i++) {
    const a = qs[i]!;
    const b = qs[i + 1];
    const merged = b ? tryRange(text, a, b) : undefined;
    if (merged) {
      out.push(merged);
      i++;
    } else out.push(a);
  }
  return out;
}

function tryRange(text: string, a: GuardQuantity, b: GuardQuantity): GuardQuantity | undefined {
  if (a.kind !== 'number' || b.kind !== 'number') return undefined;
  if (a.qualifier !== 'exact' || b.qualifier === 'upper' || b.qualifier === 'lower') return undefined;
  const between = text.slice(a.end, b.start);
  if (!RANGE_JOINERS.test(between)) return undefined;
  const before = text.slice(Math.max(0, a.start - 12), a.start).toLowerCase();
  const opened = RANGE_OPENERS.some((w) => new RegExp(`(?:^|[^\\p{L}])${w}\\s+$`, 'u').test(before));
  if (!opened && !RANGE_JOINERS_ALONE.test(between)) return undefined;
  const low = spreadScale(a, b);
  if (low > b.value) return undefined;
  const openerStart = opened
    ? a.start - (before.length - before.trimEnd().length) - openerLength(before)
    : a.start;
  return {
    text: text.slice(openerStart, b.end),
    start: openerStart,
    end: b.end,
    value: low,
    valueMax: b.value,
    kind: 'number',
    unitKind: a.unitKind === 'none' || a.unitKind === 'count' ? b.unitKind : a.unitKind,
    unit: a.unit && a.unitKind !== 'count' ? a.unit : b.unit,
    qualifier: 'range',
  };
}

/** "zwischen 2 und 3 Milliarden": the scale written after the second number applies to the first too. */
function spreadScale(a: GuardQuantity, b: GuardQuantity): number {
  if (a.scale !== undefined || b.scale === undefined) return a.value;
  const scaled = Number((a.value * b.scale).toPrecision(12));
  return scaled <= b.value ? scaled : a.value;
}

function openerLength(beforeLower: string): number {
  const trimmed = beforeLower.trimEnd();
  const m = /\p{L}+$/u.exec(trimmed);
  return m ? m[0].length : 0;
}

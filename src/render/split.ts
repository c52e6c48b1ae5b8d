/**
 * Platform-neutral text splitting, shared by the platform renderers (Discord, Telegram).
 * Pure functions: they take the limit and never cut inside a unit that fits a chunk of its own.
 */

/** Length function; platforms count differently (Discord: UTF-16 code units, like String#length). */
export type Measure = (s: string) => number;
const utf16: Measure = (s) => s.length;

/** Boundaries tried in order when a text is too long: paragraph, line, sentence end, word. */
const BOUNDARIES: RegExp[] = [/\n\n/g, /\n/g, /(?<=[.!?…])\s+/g, /\s+/g];

/**
 * Split `text` into chunks of at most `limit` (by `measure`), preferring paragraph, line, sentence and
 * word boundaries; a single word longer than the limit is cut hard (never splitting a surrogate pair).
 */
export function splitText(text: string, limit: number, measure: Measure = utf16): string[] {
  if (limit < 1) throw new RangeError('limit must be >= 1');
  const out: string[] = [];
  let rest = text.trim();
  while (rest !== '') {
    if (measure(rest) <= limit) {
      out.push(rest);
      break;
    }
    const cut = findCut(rest, limit, measure);
    const head = rest.slice(0, cut).trimEnd();
    out.push(head === '' ? rest.slice(0, cut) : head);
    rest = rest.slice(cut).trimStart();
  }
  return out;
}

/** Index to cut `text` at so the head fits `limit`: the last boundary inside the limit, or a hard cut. */
function findCut(text: string, limit: number, measure: Measure): number {
  const max = fitPrefix(text, limit, measure);
  const window = text.slice(0, max + 1);
  for (const boundary of BOUNDARIES) {
    let best = -1;
    for (const m of window.matchAll(boundary)) {
      if (m.index > 0 && m.index <= max) best = m.index;
    }
    if (best > 0) return best;
  }
  return max;
}

/** The longest prefix length (in code units) whose measure is <= limit, not ending inside a surrogate pair. */
function fitPrefix(text: string, limit: number, measure: Measure): number {
  let lo = 1;
  let hi = Math.min(text.length, measure === utf16 ? limit : text.length);
  if (measure === utf16) lo = hi;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  const code = text.charCodeAt(lo - 1);
  if (lo > 1 && code >= 0xd800 && code <= 0xdbff) lo -= 1;
  return Math.max(1, lo);
}

/**
 * Pack whole items (lines, figures, sentences) into chunks joined by `separator`, each at most `limit`.
 * An item is never split unless it alone exceeds the limit; then it is split with `splitText`.
 */
export function packItems(
  items: string[],
  limit: number,
  separator = '\n',
  measure: Measure = utf16,
): string[] {
  const out: string[] = [];
  let current = '';
  for (const item of items) {
    const pieces = measure(item) > limit ? splitText(item, limit, measure) : [item];
    for (const piece of pieces) {
      const joined = current === '' ? piece : current + separator + piece;
      if (measure(joined) <= limit) current = joined;
      else {
        if (current !== '') out.push(current);
        current = piece;
      }
    }
  }
  if (current !== '') out.push(current);
  return out;
}

/** Shorten to at most `limit`, at a word boundary when possible, ending with an ellipsis. */
export function truncate(text: string, limit: number, measure: Measure = utf16): string {
  if (measure(text) <= limit) return text;
  const room = Math.max(1, limit - 1);
  const [head = ''] = splitText(text, room, measure);
  return `${head}…`;
}

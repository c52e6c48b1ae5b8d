/**
 * Known items left out before parsing. A changed feed usually repeats most of its items (45 of 50 is typical),
 * and rss-parser's XML pass over them was most of a poll's CPU time. Before it runs, one linear scan finds the
 * item elements (`<item>` in RSS, `<entry>` in Atom) and cuts out those whose guid (RSS `<guid>`, Atom `<id>`)
 * is known, so only the rest is parsed.
 *
 * The cut must not change any other item's id (see identify/assignIds: a guid is the id only when it is unique
 * in the document). So the scan is conservative and gives up (cuts nothing) on anything it cannot read as plain
 * text for certain: an item with a guid element that is not plain text (entity, CDATA, markup) or with two of
 * them, a guid repeated in the document, an item that might take its guid from elsewhere (`<id>` in RSS, `rdf:about`),
 * nested or unclosed items, an unterminated CDATA section or comment. Only an item whose guid is unique in the
 * whole document is cut, and its id is that guid, exactly what assignIds would give it.
 */
import type { RootKind } from './xml.js';

export interface SkipResult {
  /** The document without the known items (the input itself when nothing was cut). */
  xml: string;
  /** Ids (guids) of the items cut out. */
  skipped: string[];
}

interface Block {
  start: number;
  end: number;
  /** Undefined for an item without a guid element (kept; its id comes from its link or title). */
  guid?: string;
}

interface Names {
  item: string;
  guid: string;
  /** Child elements that would make rss-parser take the guid from somewhere else. */
  otherGuid: string[];
}

const RSS: Names = { item: 'item', guid: 'guid', otherGuid: ['id'] };
const ATOM: Names = { item: 'entry', guid: 'id', otherGuid: ['guid'] };

/** A character of an XML name as far as this scan cares: letters, digits, `_ . : -`. */
export function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 46 ||
    c === 58 ||
    c === 45
  );
}

/** Whether the tag name starting at `i` is exactly `name` (not a longer name that begins with it). */
export function nameIs(s: string, i: number, name: string): boolean {
  return s.startsWith(name, i) && !isNameChar(s.charCodeAt(i + name.length));
}

const GT = 62;
const LT = 60;
const DQ = 34;
const SQ = 39;

/** Index just past the `>` closing the tag whose name ends at `i`, skipping quoted attribute values; -1 if none. */
export function tagEnd(s: string, i: number): number {
  let quote = 0;
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === DQ || c === SQ) quote = c;
    else if (c === GT) return j + 1;
    else if (c === LT) return -1;
  }
  return -1;
}

/** Guid text of a `<guid …>text</guid>` whose open tag ends at `contentStart`; undefined unless plain text. */
function plainText(s: string, contentStart: number, name: string): { text: string; end: number } | undefined {
  const lt = s.indexOf('<', contentStart);
  if (lt < 0 || !s.startsWith(`</${name}`, lt)) return undefined;
  const text = s.slice(contentStart, lt);
  // entities and CR (which XML parsers normalize) would make the parsed text differ from these characters
  if (text.includes('&') || text.includes('\r')) return undefined;
  const end = tagEnd(s, lt + 2 + name.length);
  return end < 0 ? undefined : { text: text.trim(), end };
}

/** The item blocks of the document with their guids, or undefined when anything is in doubt. */
function scan(s: string, n: Names): Block[] | undefined {
  const blocks: Block[] = [];
  let item: { start: number; guid?: string; guids: number } | undefined;
  let i = 0;
  for (;;) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    const c = s.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      const cdata = s.startsWith('<![CDATA[', lt);
      const comment = !cdata && s.startsWith('<!--', lt);
      if (cdata || comment) {
        const end = s.indexOf(cdata ? ']]>' : '-->', lt + 4);
        if (end < 0) return undefined;
        i = end + 3;
      } else i = lt + 2;
      continue;
    }
    const closing = c === 47; /* / */
    const nameStart = lt + (closing ? 2 : 1);
    i = nameStart;
    if (nameIs(s, nameStart, n.item)) {
      const end = tagEnd(s, nameStart + n.item.length);
      if (end < 0) return undefined;
      if (closing) {
        if (!item || item.guids > 1) return undefined;
        blocks.push({ start: item.start, end, guid: item.guid });
        item = undefined;
      } else {
        // nested, self-closing, or carrying rdf:about: not read with certainty
        if (item || s.charCodeAt(end - 2) === 47 || s.slice(nameStart, end).includes('about'))
          return undefined;
        item = { start: lt, guids: 0 };
      }
      i = end;
    } else if (item && !closing && nameIs(s, nameStart, n.guid)) {
      const end = tagEnd(s, nameStart + n.guid.length);
      if (end < 0 || s.charCodeAt(end - 2) === 47) return undefined;
      const text = plainText(s, end, n.guid);
      if (!text || text.text === '') return undefined;
      item.guid = text.text;
      item.guids++;
      i = text.end;
    } else if (item && !closing && n.otherGuid.some((o) => nameIs(s, nameStart, o))) {
      return undefined;
    }
  }
  return item ? undefined : blocks;
}

/** The document without the items whose guid is in `known` (see the module comment for when nothing is cut). */
export function skipKnownItems(xml: string, kind: RootKind, known: ReadonlySet<string>): SkipResult {
  const none = { xml, skipped: [] };
  if (known.size === 0 || (kind !== 'rss' && kind !== 'atom')) return none;
  const blocks = scan(xml, kind === 'atom' ? ATOM : RSS);
  if (!blocks) return none;
  const counts = new Map<string, number>();
  for (const b of blocks) if (b.guid !== undefined) counts.set(b.guid, (counts.get(b.guid) ?? 0) + 1);
  const cut = blocks.filter((b) => b.guid !== undefined && known.has(b.guid) && counts.get(b.guid) === 1);
  if (cut.length === 0) return none;
  const parts: string[] = [];
  let at = 0;
  for (const b of cut) {
    parts.push(xml.slice(at, b.start));
    at = b.end;
  }
  parts.push(xml.slice(at));
  return { xml: parts.join(''), skipped: cut.map((b) => b.guid as string) };
}

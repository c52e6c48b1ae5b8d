/**
 * The item cap: a feed read keeps its first `max` items in document order, and the rest never reach rss-parser
 * (which builds an object per item: 700k self-closing `<item/>` cost 1.4 GB). One linear scan, in the manner of
 * ./skip-known.ts, finds the top-level item elements (`<item>` in RSS and RDF, `<entry>` in Atom), open,
 * closed or self-closing, skipping CDATA sections and comments; everything from the start of item `max + 1` to
 * the end of the last item is cut out, so the channel's own elements before the items and the closing tags
 * stay. A document the scan cannot follow to its end (an unterminated CDATA section, comment or tag) is cut
 * from item `max + 1` on: it was not well-formed anyway, and the parser's verdict on the rest stands.
 */
import { nameIs, tagEnd } from './skip-known.js';
import type { RootKind } from './xml.js';

export interface CapResult {
  xml: string;
  /** Top-level items found in the document (the first `max` of them are kept). */
  total: number;
}

const SLASH = 47;
const BANG = 33;

/** The document with at most `max` items (see the module comment). */
export function capItems(xml: string, kind: RootKind, max: number): CapResult {
  const name = kind === 'atom' ? 'entry' : 'item';
  let total = 0;
  let depth = 0;
  /** Start of the first item beyond the cap. */
  let cutStart = -1;
  /** End of the last top-level item seen. */
  let lastEnd = -1;
  let complete = true;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const c = xml.charCodeAt(lt + 1);
    if (c === BANG) {
      const cdata = xml.startsWith('<![CDATA[', lt);
      if (cdata || xml.startsWith('<!--', lt)) {
        const end = xml.indexOf(cdata ? ']]>' : '-->', lt + 4);
        if (end < 0) {
          complete = false;
          break;
        }
        i = end + 3;
      } else i = lt + 2;
      continue;
    }
    const closing = c === SLASH;
    const nameStart = lt + (closing ? 2 : 1);
    i = nameStart;
    if (!nameIs(xml, nameStart, name)) continue;
    const end = tagEnd(xml, nameStart + name.length);
    if (end < 0) {
      complete = false;
      break;
    }
    i = end;
    if (closing) {
      if (depth > 0 && --depth === 0) lastEnd = end;
      continue;
    }
    const selfClosing = xml.charCodeAt(end - 2) === SLASH;
    if (depth === 0) {
      total++;
      if (total === max + 1) cutStart = lt;
      if (selfClosing) lastEnd = end;
    }
    if (!selfClosing) depth++;
  }
  if (cutStart < 0) return { xml, total };
  const cutEnd = complete && depth === 0 && lastEnd > cutStart ? lastEnd : xml.length;
  return { xml: xml.slice(0, cutStart) + xml.slice(cutEnd), total };
}

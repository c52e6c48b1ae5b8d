/**
 * The per-item text cap, applied before the XML parser: an item's text is read up to MAX_ITEM_HTML_CHARS
 * characters (items.ts) anyway, so a longer text run in the document (between tags, or one CDATA section) is
 * cut to a few times that in one linear pass before rss-parser sees it. Its tokenizer reads entities character
 * by character: a single description of 4 MB of `&lt;`-escaped tags took seconds to tokenize, for text that
 * is cut afterwards. A cut never splits an entity (it backs off to before an unfinished `&…;`).
 */
import { MAX_ITEM_HTML_CHARS } from './items.js';
import { tagEnd } from './skip-known.js';

/** Raw characters kept of one text run: entities take up to 6 raw characters per character of text. */
export const MAX_RUN_CHARS = 4 * MAX_ITEM_HTML_CHARS;

/** End (exclusive) of the CDATA section, comment, processing instruction or tag at `lt`; -1 if unterminated. */
function constructEnd(xml: string, lt: number): number {
  const close = (token: string, from: number) => {
    const at = xml.indexOf(token, from);
    return at < 0 ? -1 : at + token.length;
  };
  if (xml.startsWith('<![CDATA[', lt)) return close(']]>', lt + 9);
  if (xml.startsWith('<!--', lt)) return close('-->', lt + 4);
  if (xml.startsWith('<?', lt)) return close('?>', lt + 2);
  return tagEnd(xml, lt + 1);
}

/** Where to cut escaped text at `at` or a little before, outside any entity. */
function entitySafe(xml: string, at: number): number {
  const amp = xml.lastIndexOf('&', at - 1);
  if (amp < 0 || at - amp > 12) return at;
  const semi = xml.indexOf(';', amp);
  return semi >= 0 && semi < at ? at : amp;
}

/** The document with no text run or CDATA section longer than `max` characters. */
export function cutLongRuns(xml: string, max = MAX_RUN_CHARS): string {
  if (xml.length <= max) return xml;
  const parts: string[] = [];
  let copied = 0;
  let textStart = 0;
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    const runEnd = lt < 0 ? xml.length : lt;
    if (runEnd - textStart > max) {
      parts.push(xml.slice(copied, entitySafe(xml, textStart + max)));
      copied = runEnd;
    }
    if (lt < 0) break;
    const end = constructEnd(xml, lt);
    // an unterminated construct: the parser will say what is wrong with the rest
    if (end < 0) break;
    if (xml.startsWith('<![CDATA[', lt) && end - lt - 12 > max) {
      parts.push(xml.slice(copied, lt + 9 + max), ']]>');
      copied = end;
    }
    i = end;
    textStart = end;
  }
  if (copied === 0) return xml;
  parts.push(xml.slice(copied));
  return parts.join('');
}

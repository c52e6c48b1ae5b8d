/**
 * Bytes → string, in the order of docs/feed-safety.md §3: BOM → UTF-16 sniff → valid UTF-8 → HTTP charset
 * → XML declaration / HTML <meta> → windows-1252. Labels that lie about their bytes are common.
 */

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** XML-illegal characters: C0 controls except tab, LF, CR; and the non-characters U+FFFE, U+FFFF. */
const ILLEGAL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function stripIllegalChars(text: string): string {
  return text.replace(ILLEGAL_CHARS, '');
}

/** windows-1252 bytes 0x80..0x9F (Node 20's decoder maps them like ISO-8859-1, to C1 controls). */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function decodeCp1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return text.replace(/[\u0080-\u009F]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function decodeWith(label: string, bytes: Uint8Array): string {
  if (label === 'windows-1252') return decodeCp1252(bytes);
  return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
}

/** A usable 8-bit (or UTF-8) label, normalized by the WHATWG Encoding table; undefined when unknown. */
export function usableLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const clean = label.trim().replace(/^["']|["']$/g, '');
  if (clean === '') return undefined;
  try {
    const enc = new TextDecoder(clean).encoding;
    // UTF-16 without a BOM or the <?xml sniff is a lie about 8-bit bytes; and replacement is never useful.
    if (enc.startsWith('utf-16') || enc === 'replacement') return undefined;
    return enc;
  } catch {
    return undefined;
  }
}

/** The `charset` parameter of a Content-Type header (quoted or not). */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*("[^"]*"|[^;\s]*)/i.exec(contentType);
  return m?.[1]?.replace(/^"|"$/g, '').trim() || undefined;
}

/** `encoding` of the XML declaration, or the charset of an HTML <meta> (searched in the first 64 KB). */
export function charsetFromDocument(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 65_536)).toString('latin1');
  const xml = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml?.[1]) return xml[1];
  const meta = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)/i.exec(head);
  return meta?.[1];
}

function sniffUnicode(bytes: Uint8Array): { label: string; skip: number } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { label: 'utf-8', skip: 3 };
  if (a === 0xff && b === 0xfe) return { label: 'utf-16le', skip: 2 };
  if (a === 0xfe && b === 0xff) return { label: 'utf-16be', skip: 2 };
  if (a === 0x00 && b === 0x3c && c === 0x00 && d === 0x3f) return { label: 'utf-16be', skip: 0 };
  if (a === 0x3c && b === 0x00 && c === 0x3f && d === 0x00) return { label: 'utf-16le', skip: 0 };
  return undefined;
}

/** Decode a feed or page body to text; strips a BOM and XML-illegal control characters. */
export function decodeBody(bytes: Buffer | Uint8Array, contentType?: string): string {
  const sniffed = sniffUnicode(bytes);
  if (sniffed) return stripIllegalChars(decodeWith(sniffed.label, bytes.subarray(sniffed.skip)));
  try {
    return stripIllegalChars(utf8Strict.decode(bytes));
  } catch {
    // not valid UTF-8: labels decide, whatever they say about UTF-8
  }
  const labels = [charsetFromContentType(contentType), charsetFromDocument(bytes)];
  for (const raw of labels) {
    const label = usableLabel(raw);
    if (label && label !== 'utf-8') return stripIllegalChars(decodeWith(label, bytes));
  }
  return stripIllegalChars(decodeWith('windows-1252', bytes));
}

/**
 * Cheap checks of an untrusted page before any DOM is built, so that Readability (super-linear in nesting depth,
 * slow on huge element counts) only ever sees a bounded document:
 * - binary data served as text/html (a PDF, an image, random bytes) is refused with `extract.not_html`: a known
 *   file signature at the start, or more than 1 % "binary data bytes" (the WHATWG MIME sniffing set) in the
 *   first 8 KB;
 * - one streaming htmlparser2 pass (the tokenizer linkedom itself uses, so its implied closes give the same
 *   tree) counts elements, nesting depth and text: nesting beyond `maxDepth` is refused (`extract.too_deep`),
 *   the document is cut before the element beyond `maxElements` or the text beyond `maxTextChars` (news text
 *   comes before the comments and the endless footer); a document without a single element is `extract.not_html`.
 */
import { Parser } from 'htmlparser2';
import { AppError } from '../../domain/errors.js';

export interface PageLimits {
  /** Elements read; the document is cut before the next one. */
  maxElements: number;
  /** Deeper nesting refuses the page (extract.too_deep). */
  maxDepth: number;
  /** Characters of text (between tags) read; the document is cut there. */
  maxTextChars: number;
}

export const PAGE_LIMITS: PageLimits = { maxElements: 10_000, maxDepth: 128, maxTextChars: 1_000_000 };

/** File signatures of formats that are never an HTML page. */
const SIGNATURES: ReadonlyArray<readonly number[]> = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // zip (docx, epub …)
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0xff, 0xd8, 0xff], // JPEG
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x49, 0x46, 0x46], // RIFF (webp, wav, avi)
  [0x4f, 0x67, 0x67, 0x53], // Ogg
  [0x49, 0x44, 0x33], // mp3 with ID3
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x00, 0x61, 0x73, 0x6d], // wasm
];

const SNIFF_BYTES = 8192;

/** Bytes that never occur in text (WHATWG MIME sniffing: binary data bytes). */
function isBinaryUnit(c: number): boolean {
  return c <= 0x08 || c === 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f);
}

function startsWith(unit: (i: number) => number, length: number, sig: readonly number[]): boolean {
  if (length < sig.length) return false;
  return sig.every((b, i) => unit(i) === b);
}

/** UTF-16 (BOM or `<\0`/`\0<` start) has zero bytes by design; its decoded text is checked instead. */
function looksUtf16(b: Uint8Array): boolean {
  const [a, c] = b;
  return (
    (a === 0xff && c === 0xfe) ||
    (a === 0xfe && c === 0xff) ||
    (a === 0x3c && c === 0) ||
    (a === 0 && c === 0x3c)
  );
}

/** Throws extract.not_html for binary data: a file signature or >1 % binary bytes in the first 8 KB. */
export function refuseBinary(body: Uint8Array | string): void {
  if (typeof body !== 'string' && looksUtf16(body)) return;
  const unit = typeof body === 'string' ? (i: number) => body.charCodeAt(i) : (i: number) => body[i] ?? 0;
  const n = Math.min(body.length, SNIFF_BYTES);
  for (const sig of SIGNATURES) {
    if (startsWith(unit, n, sig)) throw new AppError('extract.not_html', 'binary file signature');
  }
  let binary = 0;
  for (let i = 0; i < n; i++) if (isBinaryUnit(unit(i))) binary++;
  if (binary * 100 > n) throw new AppError('extract.not_html', `${binary} binary bytes in the first ${n}`);
}

export interface Bounded {
  html: string;
  /** Why the document was cut, if it was. */
  cut?: 'elements' | 'text';
  elements: number;
  maxDepth: number;
}

/** Thrown inside the tokenizer's callbacks to stop it at once. */
class Stop {
  constructor(readonly at: number) {}
}

/** The page within `limits` (see the module comment); throws extract.too_deep / extract.not_html. */
export function boundHtml(html: string, limits: PageLimits = PAGE_LIMITS): Bounded {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  let text = 0;
  let cut: Bounded['cut'];
  const parser: Parser = new Parser(
    {
      onopentagname() {
        if (elements >= limits.maxElements) {
          cut = 'elements';
          throw new Stop(parser.startIndex);
        }
        elements++;
        depth++;
        if (depth > deepest) deepest = depth;
        if (depth > limits.maxDepth) {
          throw new AppError('extract.too_deep', `elements nested deeper than ${limits.maxDepth}`, {
            limit: limits.maxDepth,
          });
        }
      },
      onclosetag() {
        depth--;
      },
      ontext(data) {
        text += data.length;
        if (text > limits.maxTextChars) {
          cut = 'text';
          throw new Stop(parser.startIndex);
        }
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );
  let out = html;
  try {
    parser.end(html);
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    out = html.slice(0, e.at);
  }
  if (elements === 0) throw new AppError('extract.not_html', 'no HTML element in the document');
  return { html: out, cut, elements, maxDepth: deepest };
}

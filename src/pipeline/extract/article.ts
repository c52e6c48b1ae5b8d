/**
 * Full text of an article page, in the calling thread: binary sniff → decode → bounded document (./prescan.ts)
 * → @mozilla/readability over a linkedom DOM (no scripts run, no network). Only the extraction worker
 * (./worker.ts) calls this; everything else goes through `extractArticle` (./index.ts), which never runs it on
 * the main thread. The page is untrusted: only its text and one http(s) image URL leave this module.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { AppError } from '../../domain/errors.js';
import { decodeBody } from '../parse/decode.js';
import { boundHtml, PAGE_LIMITS, type PageLimits, refuseBinary } from './prescan.js';

export interface ExtractedArticle {
  title?: string;
  /** Plain text, paragraphs separated by a blank line. */
  text: string;
  imageUrl?: string;
}

export interface PageInput {
  /** The page's bytes (decoded here, by the rules of parse/decode.ts) or its text. */
  body: Uint8Array | string;
  contentType?: string;
  /** The page's final URL (base of its links). */
  url: string;
}

/** Pages larger than this are cut before the pre-scan (the fetcher caps bytes already). */
const MAX_HTML_CHARS = 3_000_000;
const BLOCKS = 'p, h1, h2, h3, h4, li, blockquote, pre, figcaption';
const MIN_TEXT_CHARS = 200;

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Readability's HTML as paragraphs of plain text. */
function blocksToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const paras: string[] = [];
  for (const el of document.querySelectorAll(BLOCKS)) {
    // nested blocks (li > p) are taken once, at the innermost level
    if (el.querySelector(BLOCKS)) continue;
    const t = squash(el.textContent ?? '');
    if (t) paras.push(t);
  }
  return paras.length > 0 ? paras.join('\n\n') : squash(document.body?.textContent ?? '');
}

function absoluteHttp(raw: string | null | undefined, base: string): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

type LinkedomDocument = ReturnType<typeof parseHTML>['document'];
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

function metaImage(document: LinkedomDocument, base: string): string | undefined {
  const el =
    document.querySelector('meta[property="og:image"]') ??
    document.querySelector('meta[name="twitter:image"]');
  return absoluteHttp(el?.getAttribute('content'), base);
}

function pageText(body: Uint8Array | string, contentType: string | undefined): string {
  refuseBinary(body);
  const text = typeof body === 'string' ? body : decodeBody(body, contentType);
  return text.length > MAX_HTML_CHARS ? text.slice(0, MAX_HTML_CHARS) : text;
}

/**
 * Extract the main text of an article page in this thread. Throws AppError extract.not_html, extract.too_deep
 * or extract.no_content.
 */
export function extractInThread(page: PageInput, limits: PageLimits = PAGE_LIMITS): ExtractedArticle {
  const { html } = boundHtml(pageText(page.body, page.contentType), limits);
  const { document } = parseHTML(html);
  const imageUrl = metaImage(document, page.url);
  const parsed = new Readability(document as unknown as ReadabilityDocument, {
    charThreshold: MIN_TEXT_CHARS,
  }).parse();
  const text = parsed?.content ? blocksToText(parsed.content) : '';
  if (text.length < MIN_TEXT_CHARS / 2) throw new AppError('extract.no_content', page.url);
  const title = parsed?.title ? squash(parsed.title) : undefined;
  return { title: title || undefined, text, imageUrl };
}

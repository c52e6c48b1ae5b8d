/**
 * OPML import and export of a chat's feeds. The file is untrusted: size-capped, DOCTYPE/ENTITY refused,
 * parsed with linkedom's XML DOMParser (no network, no entity expansion), outline count capped.
 */
import { DOMParser } from 'linkedom';
import { err, ok, type Result } from '../domain/errors.js';
import type { Lang } from '../domain/types.js';

export const MAX_OPML_CHARS = 1_000_000;
export const MAX_OPML_OUTLINES = 500;

export interface OpmlOutline {
  url: string;
  title?: string;
  language?: Lang;
  /** Lower-case categories: `category` attribute and the titles of enclosing folder outlines. */
  tags: string[];
}

/** linkedom leaves entity references in attribute values as written; decode the predefined and numeric ones. */
export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (m, name: string) => {
    const n = name.toLowerCase();
    if (n === 'amp') return '&';
    if (n === 'lt') return '<';
    if (n === 'gt') return '>';
    if (n === 'quot') return '"';
    if (n === 'apos') return "'";
    const code = n.startsWith('#x') ? Number.parseInt(n.slice(2), 16) : Number.parseInt(n.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : m;
  });
}

interface XmlElement {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  parentElement: XmlElement | null;
}

function attr(el: XmlElement, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const a of Array.from(el.attributes)) {
    if (a.name.toLowerCase() === want) return decodeXmlEntities(a.value).trim() || undefined;
  }
  return undefined;
}

function tagWords(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,/]/)
    .map((s) => s.trim().toLowerCase().replace(/\s+/g, '-'))
    .filter((s) => s !== '' && s.length <= 40 && /^[\p{L}\p{N}_-]+$/u.test(s));
}

function outlineOf(el: XmlElement, url: string): OpmlOutline {
  const tags = tagWords(attr(el, 'category'));
  for (let p = el.parentElement; p && p.tagName.toLowerCase() === 'outline'; p = p.parentElement) {
    tags.push(...tagWords(attr(p, 'text') ?? attr(p, 'title')));
  }
  const lang = attr(el, 'language')?.toLowerCase();
  return {
    url,
    title: attr(el, 'title') ?? attr(el, 'text'),
    language: lang?.startsWith('de') ? 'de' : lang?.startsWith('en') ? 'en' : undefined,
    tags: [...new Set(tags)].slice(0, 10),
  };
}

/** The feed outlines of an OPML document (outlines with an xmlUrl), de-duplicated by URL, in document order. */
export function parseOpml(content: string): Result<OpmlOutline[]> {
  if (content.length > MAX_OPML_CHARS)
    return err('input.too_large', { limit: `${MAX_OPML_CHARS / 1000} kB` });
  if (/<!DOCTYPE|<!ENTITY/i.test(content)) return err('parse.forbidden_entity');
  const doc = new DOMParser().parseFromString(content.replace(/^\uFEFF/, ''), 'text/xml');
  if (doc.documentElement?.tagName.toLowerCase() !== 'opml') return err('opml.invalid');
  const out = new Map<string, OpmlOutline>();
  for (const el of Array.from(doc.querySelectorAll('outline')) as unknown as XmlElement[]) {
    const url = attr(el, 'xmlUrl');
    if (!url || out.has(url)) continue;
    if (out.size >= MAX_OPML_OUTLINES) return err('opml.too_many', { limit: MAX_OPML_OUTLINES });
    out.set(url, outlineOf(el, url));
  }
  if (out.size === 0) return err('opml.empty');
  return ok([...out.values()]);
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export interface OpmlFeed {
  url: string;
  name: string;
  language: Lang;
  tags: string[];
}

/** An OPML 2.0 document listing `feeds` (tags as the category attribute). */
export function renderOpml(title: string, feeds: OpmlFeed[], createdAt: number): string {
  const lines = feeds.map((f) => {
    const cat = f.tags.length > 0 ? ` category="${escapeXml(f.tags.join(','))}"` : '';
    const name = escapeXml(f.name);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(f.url)}" language="${f.language}"${cat}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    `    <dateCreated>${new Date(createdAt).toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

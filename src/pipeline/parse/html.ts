/**
 * HTML → plain text with a real HTML tokenizer (htmlparser2, the parser under linkedom); never rss-parser's
 * quadratic contentSnippet. Streaming, no DOM: ~7 µs for a typical item, linear on hostile input.
 */
import { Parser } from 'htmlparser2';

const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'head',
  'title',
]);
const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'section',
  'article',
  'table',
  'tr',
  'pre',
  'figure',
  'figcaption',
  'hr',
  'dl',
  'dt',
  'dd',
  'header',
  'footer',
  'main',
  'aside',
]);

/** Collapse runs of spaces inside lines, drop empty lines. */
export function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[\s\u00A0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

function extract(html: string): string {
  const out: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (SKIP.has(name)) skipping++;
        else if (BLOCK.has(name)) out.push('\n');
      },
      onclosetag(name, implied) {
        if (SKIP.has(name)) skipping = Math.max(0, skipping - 1);
        else if (BLOCK.has(name) && !implied) out.push('\n');
      },
      ontext(text) {
        if (skipping === 0) out.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  return out.join('');
}

/** Plain text of an HTML fragment: tags removed, entities decoded, blocks on their own lines. */
export function htmlToText(html: string): string {
  if (html === '') return '';
  // no tag can start and no entity to decode: nothing for a parser to do
  if (!html.includes('&') && !/<[A-Za-z/!?]/.test(html)) return tidyText(html);
  return tidyText(extract(html));
}

/** One-line plain text (titles). */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\n/g, ' ');
}

/** HTML → plain text with a real parser (linkedom); never rss-parser's quadratic contentSnippet. */
import { parseHTML } from 'linkedom';

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'HEAD']);
const BLOCK = new Set([
  'P',
  'DIV',
  'BR',
  'LI',
  'UL',
  'OL',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BLOCKQUOTE',
  'SECTION',
  'ARTICLE',
  'TABLE',
  'TR',
  'PRE',
  'FIGURE',
  'FIGCAPTION',
  'HR',
  'DL',
  'DT',
  'DD',
  'HEADER',
  'FOOTER',
]);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** Collapse runs of spaces inside lines, drop empty lines. */
export function tidyText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[\s\u00A0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

function collect(root: DomNode): string {
  const out: string[] = [];
  // iterative walk: deep nesting must not overflow the stack
  const stack: Array<DomNode | '\n'> = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node === '\n') {
      out.push('\n');
      continue;
    }
    if (node.nodeType === 3) {
      out.push(node.textContent ?? '');
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    const block = BLOCK.has(name);
    if (block) stack.push('\n');
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) {
      const kid = kids[i];
      if (kid) stack.push(kid);
    }
    if (block) stack.push('\n');
  }
  return out.join('');
}

/** Plain text of an HTML fragment: tags removed, entities decoded, blocks on their own lines. */
export function htmlToText(html: string): string {
  if (html === '') return '';
  // no tag can start and no entity to decode: nothing for a parser to do (also keeps `<<<<…` cheap)
  if (!html.includes('&') && !/<[A-Za-z/!?]/.test(html)) return tidyText(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const body = document.body as unknown as DomNode | null;
  return tidyText(body ? collect(body) : '');
}

/** One-line plain text (titles). */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\n/g, ' ');
}

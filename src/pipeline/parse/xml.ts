/**
 * Guards in front of rss-parser: refuse DTD entities before parsing (billion laughs, XXE), drop a plain
 * DOCTYPE, name the root element, and repair bare `&` once when the parser trips over it.
 */
import { AppError } from '../../domain/errors.js';

export type RootKind = 'rss' | 'atom' | 'rdf' | 'html' | 'other';

/** End index (exclusive) of the markup declaration starting at `i` (`<?…?>`, `<!--…-->`, `<!DOCTYPE … [ … ]>`). */
function skipDeclaration(text: string, i: number): number {
  if (text.startsWith('<?', i)) return endAfter(text, '?>', i);
  if (text.startsWith('<!--', i)) return endAfter(text, '-->', i);
  const subset = text.indexOf('[', i);
  const close = text.indexOf('>', i);
  if (subset >= 0 && (close < 0 || subset < close)) {
    const end = text.indexOf(']', subset);
    const gt = end < 0 ? -1 : text.indexOf('>', end);
    return gt < 0 ? text.length : gt + 1;
  }
  return close < 0 ? text.length : close + 1;
}

function endAfter(text: string, token: string, from: number): number {
  const at = text.indexOf(token, from + 2);
  return at < 0 ? text.length : at + token.length;
}

/** Text before the root element (XML declaration, comments, DOCTYPE with its internal subset), and the root name. */
export function prologOf(text: string): { prolog: string; root?: string } {
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const next = text[lt + 1] ?? '';
    if (next === '?' || next === '!') {
      i = skipDeclaration(text, lt);
      continue;
    }
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(lt, lt + 200));
    if (m) return { prolog: text.slice(0, lt), root: m[1] };
    i = lt + 1;
  }
  return { prolog: text };
}

export function rootKind(root: string | undefined): RootKind {
  const name = (root ?? '').toLowerCase();
  const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  if (name === 'rss') return 'rss';
  if (name === 'rdf:rdf' || local === 'rdf') return 'rdf';
  if (local === 'feed') return 'atom';
  if (name === 'html') return 'html';
  return 'other';
}

/** Checks the prolog and returns the text to parse plus the root element's kind. */
export function prepareXml(text: string): { xml: string; kind: RootKind; root?: string } {
  const { prolog, root } = prologOf(text);
  if (/<!ENTITY/i.test(prolog)) {
    throw new AppError('parse.forbidden_entity', 'the document declares DTD entities');
  }
  const doctype = /<!DOCTYPE/i.exec(prolog);
  let xml = text;
  if (doctype) {
    // no entities are declared, so the DOCTYPE (and any internal subset) can be dropped safely
    xml = prolog.slice(0, doctype.index) + text.slice(prolog.length);
  }
  return { xml, kind: rootKind(root), root };
}

/** Replace `&` that does not start an entity or character reference with `&amp;`. */
export function repairAmpersands(xml: string): string {
  return xml.replace(/&(?!(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)/g, '&amp;');
}

/** Remove the namespace prefix of a prefixed Atom document (`<a:feed xmlns:a="…Atom">`). */
export function unprefixAtom(xml: string, root: string | undefined): string {
  if (!root?.includes(':')) return xml;
  const prefix = root.slice(0, root.indexOf(':'));
  const tag = new RegExp(`<(/?)${prefix.replace(/[.-]/g, '\\$&')}:`, 'g');
  return xml.replace(tag, '<$1').replace(new RegExp(`xmlns:${prefix}=`, 'g'), 'xmlns=');
}

/** Atom `<link/>` without attributes crashes rss-parser; it carries nothing, so drop it. */
export function dropEmptyAtomLinks(xml: string): string {
  return xml.replace(/<link\s*\/>|<link\s*>\s*<\/link>/g, '');
}

export function isEntityError(e: unknown): boolean {
  return e instanceof Error && /entity/i.test(e.message);
}

/**
 * rss-parser needs a <channel>: minimal RSS/RDF documents without one (`<rss></rss>`, items directly under
 * the root) get one, and a bare `<rdf>` root is read as RDF, so that such feeds parse instead of crashing.
 */
export function ensureChannel(xml: string, kind: RootKind, root: string | undefined): string {
  if ((kind !== 'rss' && kind !== 'rdf') || !root || /<channel[\s>/]/.test(xml)) return xml;
  const start = xml.indexOf(`<${root}`);
  const open = xml.indexOf('>', start);
  const close = xml.lastIndexOf(`</${root}`);
  if (start < 0 || open < 0) return xml;
  const selfClosing = xml[open - 1] === '/';
  const name = root === 'rdf' ? 'rdf:RDF' : root;
  const attrs = xml.slice(start + root.length + 1, selfClosing ? open - 1 : open);
  const head = `${xml.slice(0, start)}<${name}${attrs}>`;
  if (selfClosing || close < open) return `${head}<channel></channel></${name}>`;
  const inner = xml.slice(open + 1, close);
  const tail = xml.slice(xml.indexOf('>', close) + 1);
  if (kind === 'rdf') return `${head}<channel></channel>${inner}</${name}>${tail}`;
  return `${head}<channel>${inner}</channel></${name}>${tail}`;
}

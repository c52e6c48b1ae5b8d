/**
 * A strict validator for Telegram's HTML parse mode (bots/api#html-style), used by the fake Bot API and by tests.
 * It accepts only the tags Telegram allows, balanced, with the four named entities plus numeric ones, and it
 * returns the visible text (tags stripped, entities decoded) so length limits can be checked as Telegram does.
 */

const ALLOWED = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlCheck = { ok: true; text: string } | { ok: false; error: string };

/** Parse Telegram HTML; `text` is what the user sees. */
export function checkTelegramHtml(html: string): HtmlCheck {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i];
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { ok: false, error: `unclosed tag at ${i}` };
      const problem = handleTag(html.slice(i + 1, end), stack);
      if (problem) return { ok: false, error: problem };
      i = end + 1;
    } else if (ch === '&') {
      const m = /^&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/i.exec(html.slice(i, i + 12));
      const decoded = m?.[1] ? decodeEntity(m[1]) : undefined;
      if (!m || decoded === undefined) return { ok: false, error: `bad entity at ${i}` };
      text += decoded;
      i += m[0].length;
    } else if (ch === '>') {
      return { ok: false, error: `unescaped > at ${i}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  if (stack.length > 0) return { ok: false, error: `unclosed <${stack.join('>, <')}>` };
  return { ok: true, text };
}

function decodeEntity(body: string): string | undefined {
  if (body.startsWith('#x') || body.startsWith('#X'))
    return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED[body];
}

function handleTag(inner: string, stack: string[]): string | undefined {
  if (inner.startsWith('/')) {
    const name = inner.slice(1).trim().toLowerCase();
    if (stack.pop() !== name) return `unbalanced </${name}>`;
    return undefined;
  }
  const m = /^([a-z-]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*$/i.exec(inner);
  if (!m?.[1]) return `malformed tag <${inner}>`;
  const name = m[1].toLowerCase();
  if (!ALLOWED.has(name)) return `unsupported start tag "${name}"`;
  const attrs = m[2] ?? '';
  if (name === 'a' && !/^\s+href="[^"]*"$/.test(attrs)) return 'a needs exactly href="…"';
  if (name === 'span' && !/^\s+class="tg-spoiler"$/.test(attrs)) return 'span needs class="tg-spoiler"';
  if (['b', 'i', 'u', 's', 'strong', 'em'].includes(name) && attrs.trim() !== '')
    return `attributes on <${name}>`;
  stack.push(name);
  return undefined;
}

/** Visible length as Telegram counts it (UTF-16 code units of the parsed text). */
export function visibleLength(html: string): number {
  const r = checkTelegramHtml(html);
  if (!r.ok) throw new Error(r.error);
  return r.text.length;
}

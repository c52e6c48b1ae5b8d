/** Escaping for Telegram's HTML parse mode: only &lt; &gt; &amp; &quot; are named entities there. */

/** Escape text content: & < >. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escape an attribute value (inside double quotes): & < > and ". */
export function escapeAttr(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}

/** Only http(s) links become <a href>; anything else (javascript:, data:, tg:) is dropped. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** `<a href="…">text</a>` when the URL is safe, the escaped text otherwise. */
export function link(text: string, url: string | undefined): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeAttr(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** Remove control characters (except newline and tab) that feed text may carry. */
export function cleanText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

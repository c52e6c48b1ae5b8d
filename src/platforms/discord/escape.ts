/** Escaping of untrusted feed text for Discord markdown. Links stay clickable; mentions never resolve. */

const URL_RE = /(https?:\/\/[^\s<>]+)/g;
/** Inline markdown and mention syntax, escaped everywhere. */
const INLINE_RE = /[\\*_~`|[\]<]/g;
/** Block syntax (headings, quotes, lists) only matters at the start of a line. */
const LINE_START_RE = /^(\s*)([#>\-+])/gm;
/** Ordered-list markers ("1. "): the dot is escaped, since a backslash before a digit would show. */
const ORDERED_RE = /^(\s*)(\d+)\.(?=\s)/gm;
/** @everyone / @here would ping when allowed; a zero-width space breaks them visibly-free. */
const MASS_MENTION_RE = /@(everyone|here)/gi;

function escapePlain(text: string): string {
  return text
    .replace(INLINE_RE, (c) => `\\${c}`)
    .replace(LINE_START_RE, (_m, space: string, mark: string) => `${space}\\${mark}`)
    .replace(ORDERED_RE, (_m, space: string, digits: string) => `${space}${digits}\\.`)
    .replace(MASS_MENTION_RE, '@\u200b$1');
}

/** Escape feed text for Discord markdown; bare http(s) URLs are kept as they are (still auto-linked). */
export function escapeDiscord(text: string): string {
  return text
    .split(URL_RE)
    .map((part, i) => (i % 2 === 1 ? part : escapePlain(part)))
    .join('');
}

/** A URL that may go into an embed's url/thumbnail: http(s) only, no spaces, at most 2048 chars. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 2048 || /\s/.test(url)) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

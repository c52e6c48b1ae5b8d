/** Links from feeds are untrusted: http(s) only, resolved against the feed's URL. */

export function safeLink(raw: unknown, base?: string): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  if (text === '' || text.length > 4096) return undefined;
  try {
    const url = base ? new URL(text, base) : new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

/** The base for relative links: the feed URL if it is http(s), else the feed's own link. */
export function baseFor(feedUrl: string | undefined, feedLink: unknown): string | undefined {
  return safeLink(feedUrl) ?? safeLink(feedLink);
}

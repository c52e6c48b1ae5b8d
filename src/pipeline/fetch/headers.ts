/** Pure helpers for request and response headers of the fetcher. */

export const FEED_ACCEPT =
  'application/xml,application/atom+xml,application/rss+xml,application/rdf+xml,application/feed+json,text/html,*/*;q=0.9';
export const PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5';
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** Freshness bounds applied to Cache-Control / Expires (1 minute to 24 hours). */
export const MIN_FRESH_MS = 60_000;
export const MAX_FRESH_MS = 24 * 3_600_000;
/** Retry-After is bounded to 24 hours. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

export type HeaderValue = string | string[] | undefined;

export function headerText(v: HeaderValue): string | undefined {
  if (Array.isArray(v)) return v[0];
  return v;
}

/** Retry-After: delay in seconds or an HTTP date; milliseconds from `now`, bounded, or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Epoch ms until which the response may be reused, from Cache-Control max-age or Expires (bounded). */
export function parseFreshUntil(
  cacheControl: string | undefined,
  expires: string | undefined,
  now: number,
): number | undefined {
  const cc = (cacheControl ?? '').toLowerCase();
  if (/(?:^|,)\s*(?:no-store|no-cache)\b/.test(cc)) return undefined;
  const m = /(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*"?(\d+)/.exec(cc);
  let ms: number | undefined;
  if (m?.[1]) ms = Number(m[1]) * 1000;
  else if (expires) {
    const at = Date.parse(expires.trim());
    if (!Number.isNaN(at)) ms = at - now;
  }
  if (ms === undefined || ms <= 0) return undefined;
  return now + Math.min(Math.max(ms, MIN_FRESH_MS), MAX_FRESH_MS);
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** Media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const t = contentType.split(';')[0]?.trim().toLowerCase();
  return t === '' ? undefined : t;
}

export function isHtmlType(contentType: string | undefined): boolean {
  const t = mediaType(contentType);
  return t === undefined || HTML_TYPES.has(t);
}

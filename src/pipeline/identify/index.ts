/**
 * Identity of feed items: a stable id per item (guid → link → hash of title and date; a guid repeated inside
 * one feed is not trusted) and canonical URLs. Which new items are announced is the refresh's (refresh/decide.ts).
 */
import { createHash } from 'node:crypto';
import { isPlainCanonical, normalizeUrl } from './url.js';

export { isPlainCanonical, normalizeUrl } from './url.js';

/** The fields of a parsed item that identity needs. */
export interface IdentifiableItem {
  guid?: string;
  link?: string;
  title: string;
  publishedAt?: number;
}

export interface IdentifiedItem<T extends IdentifiableItem> {
  item: T;
  id: string;
  /** Canonical URL; for items without a usable link, `urn:newsdigest:<id>` so the column stays unique per story. */
  canonicalUrl: string;
  /** The link as published (absolute), or '' when there is none. */
  url: string;
}

function hashId(title: string, publishedAt: number | undefined): string {
  const h = createHash('sha256')
    .update(`${title.trim()}\u0000${publishedAt ?? ''}`)
    .digest('hex');
  return `h:${h.slice(0, 32)}`;
}

function counts(values: (string | undefined)[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

export interface ItemId<T extends IdentifiableItem> {
  item: T;
  id: string;
  /** The normalized link when it was needed for the id. */
  link?: string;
}

/**
 * Stable ids only (cheap: links are normalized only for items without a unique guid). Later duplicates of an id
 * within the batch are dropped. `feedUrl` resolves relative links.
 */
export function assignIds<T extends IdentifiableItem>(items: T[], feedUrl?: string): ItemId<T>[] {
  const guids = counts(items.map((i) => i.guid?.trim()));
  const trusted = (i: T) => {
    const g = i.guid?.trim();
    return g && guids.get(g) === 1 ? g : undefined;
  };
  const links = items.map((i) => (trusted(i) ? undefined : normalizeUrl(i.link, feedUrl)));
  const linkCounts = counts(links);
  const out: ItemId<T>[] = [];
  const ids = new Set<string>();
  items.forEach((item, k) => {
    const link = links[k];
    const id =
      trusted(item) ?? (link && linkCounts.get(link) === 1 ? link : hashId(item.title, item.publishedAt));
    if (ids.has(id)) return;
    ids.add(id);
    out.push({ item, id, link });
  });
  return out;
}

/** Add the published and canonical URLs to an id'd item. */
export function withUrls<T extends IdentifiableItem>(x: ItemId<T>, feedUrl?: string): IdentifiedItem<T> {
  const link = x.link ?? normalizeUrl(x.item.link, feedUrl);
  const url = link ? (safeAbsolute(x.item.link, feedUrl) ?? link) : '';
  return { item: x.item, id: x.id, url, canonicalUrl: link ?? `urn:newsdigest:${x.id}` };
}

/** Give every item a stable id and its URLs (see assignIds). */
export function identifyItems<T extends IdentifiableItem>(items: T[], feedUrl?: string): IdentifiedItem<T>[] {
  return assignIds(items, feedUrl).map((x) => withUrls(x, feedUrl));
}

function safeAbsolute(raw: string | undefined, base: string | undefined): string | undefined {
  if (raw && isPlainCanonical(raw)) return raw;
  try {
    return raw ? new URL(raw.trim(), base).toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Identity and freshness of feed items: a stable id per item (guid → link → hash of title and date; a guid
 * repeated inside one feed is not trusted), canonical URLs, and which new items are announced.
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

export interface SeenState {
  /** Ids of this feed already stored. */
  ids: ReadonlySet<string>;
  /** Canonical URLs of this feed already stored. */
  canonicalUrls: ReadonlySet<string>;
}

export interface FreshnessRules {
  /** First successful poll of the feed: store silently. */
  firstPoll: boolean;
  now: number;
  maxAgeMs: number;
}

export type Decision = 'announce' | 'first_poll' | 'too_old' | 'republished';

export interface NewItem<T extends IdentifiableItem> extends IdentifiedItem<T> {
  announce: boolean;
  decision: Decision;
}

/** The items not seen before, each with whether it is announced (and why not). */
export function selectNew<T extends IdentifiableItem>(
  items: IdentifiedItem<T>[],
  seen: SeenState,
  rules: FreshnessRules,
): NewItem<T>[] {
  const urlsInBatch = new Set<string>();
  const out: NewItem<T>[] = [];
  for (const it of items) {
    if (seen.ids.has(it.id)) {
      urlsInBatch.add(it.canonicalUrl);
      continue;
    }
    const decision = decide(it, seen, rules, urlsInBatch);
    urlsInBatch.add(it.canonicalUrl);
    out.push({ ...it, decision, announce: decision === 'announce' });
  }
  return out;
}

function decide<T extends IdentifiableItem>(
  it: IdentifiedItem<T>,
  seen: SeenState,
  rules: FreshnessRules,
  urlsInBatch: ReadonlySet<string>,
): Decision {
  if (rules.firstPoll) return 'first_poll';
  if (seen.canonicalUrls.has(it.canonicalUrl) || urlsInBatch.has(it.canonicalUrl)) return 'republished';
  const at = it.item.publishedAt;
  if (at !== undefined && rules.now - at > rules.maxAgeMs) return 'too_old';
  return 'announce';
}

/**
 * Identity and freshness of feed items: a stable id per item (guid → link → hash of title and date; a guid
 * repeated inside one feed is not trusted), canonical URLs, and which new items are announced.
 */
import { createHash } from 'node:crypto';
import { normalizeUrl } from './url.js';

export { normalizeUrl } from './url.js';

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

/**
 * Give every item a stable id, unique within the batch (later duplicates of the same id are dropped).
 * `feedUrl` resolves relative links.
 */
export function identifyItems<T extends IdentifiableItem>(items: T[], feedUrl?: string): IdentifiedItem<T>[] {
  const guids = counts(items.map((i) => i.guid?.trim()));
  const links = items.map((i) => normalizeUrl(i.link, feedUrl));
  const linkCounts = counts(links);
  const out: IdentifiedItem<T>[] = [];
  const ids = new Set<string>();
  items.forEach((item, k) => {
    const guid = item.guid?.trim();
    const link = links[k];
    let id: string;
    if (guid && guids.get(guid) === 1) id = guid;
    else if (link && linkCounts.get(link) === 1) id = link;
    else id = hashId(item.title, item.publishedAt);
    if (ids.has(id)) return;
    ids.add(id);
    const url = link ? (safeAbsolute(item.link, feedUrl) ?? link) : '';
    out.push({ item, id, url, canonicalUrl: link ?? `urn:newsdigest:${id}` });
  });
  return out;
}

function safeAbsolute(raw: string | undefined, base: string | undefined): string | undefined {
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

/**
 * The refresh's "decide" step: which of a feed's items are new, and which of those are announced — none on the
 * first poll (stored silently), not a re-publication of a stored or earlier canonical URL, not too old.
 */
import type { IdentifiableItem, IdentifiedItem } from '../identify/index.js';
import { isTooOld } from './rules.js';

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
  if (isTooOld(it.item.publishedAt, rules.now, rules.maxAgeMs)) return 'too_old';
  return 'announce';
}

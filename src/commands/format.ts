/** Plain-text labels used in answers (targets, modes, dates, errors), all from the de/en catalog. */
import type { Lang, Subscription, SubscriptionTarget } from '../domain/types.js';
import { isMessageKey, t } from '../i18n/index.js';
import type { StoredFeed } from '../store/feeds-repo.js';

export function targetLabel(lang: Lang, target: SubscriptionTarget, feeds: Map<number, StoredFeed>): string {
  if (target.kind === 'tag') return t(lang, 'cmd.target.tag', { tag: target.tag });
  const f = feeds.get(target.feedId);
  return f
    ? t(lang, 'cmd.target.feed', { name: f.name, id: f.id })
    : t(lang, 'cmd.target.feed_gone', { id: target.feedId });
}

export function modeLabel(lang: Lang, s: Pick<Subscription, 'mode' | 'cron' | 'timezone'>): string {
  return s.mode === 'digest'
    ? t(lang, 'cmd.mode.digest', { cron: s.cron, timezone: s.timezone })
    : t(lang, 'cmd.mode.instant');
}

export function langLabel(lang: Lang, of: Lang): string {
  return t(lang, `lang.${of}`);
}

/**
 * An unambiguous date in the given timezone, with the month as a word and the zone named:
 * "6 Dec 2026, 04:13 UTC" / "6. Dez. 2026, 05:13 MEZ" (never "06/12/2026", which reads as June to some).
 */
export function dateLabel(lang: Lang, at: number | undefined, timezone: string): string {
  if (at === undefined) return t(lang, 'cmd.never');
  return new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timezone,
    timeZoneName: 'short',
  }).format(new Date(at));
}

/** A stored reason (an error code or a free text) as a readable phrase. */
export function reasonLabel(lang: Lang, reason: string): string {
  return isMessageKey(reason) ? t(lang, reason) : reason;
}

/** One line describing a subscription: "#3 Feed Tagesschau (#1) — instant, German". */
export function subscriptionLine(lang: Lang, s: Subscription, feeds: Map<number, StoredFeed>): string {
  const line = t(lang, 'cmd.list.line', {
    id: s.id,
    target: targetLabel(lang, s.target, feeds),
    mode: modeLabel(lang, s),
    language: langLabel(lang, s.language),
  });
  const extras: string[] = [];
  if (s.filters.include.length > 0)
    extras.push(t(lang, 'cmd.filters.include', { words: s.filters.include.join(', ') }));
  if (s.filters.exclude.length > 0)
    extras.push(t(lang, 'cmd.filters.exclude', { words: s.filters.exclude.join(', ') }));
  if (s.filters.regex) extras.push(t(lang, 'cmd.filters.regex', { regex: s.filters.regex }));
  if (s.mode === 'digest') extras.push(t(lang, 'cmd.max_items', { n: s.maxItems }));
  if (s.pausedReason) extras.push(t(lang, 'cmd.paused', { reason: reasonLabel(lang, s.pausedReason) }));
  return extras.length > 0 ? `${line}; ${extras.join('; ')}` : line;
}

export function feedMap(feeds: StoredFeed[]): Map<number, StoredFeed> {
  return new Map(feeds.map((f) => [f.id, f]));
}

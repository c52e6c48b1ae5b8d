/**
 * Suggestions while a user types an option that names a feed, a subscription target or a subscription
 * (Discord autocomplete): what the channel already has first, then the catalog. At most MAX_CHOICES, each
 * label at most MAX_CHOICE_NAME characters — Discord's limits. Never throws: a failure suggests nothing.
 */
import type { Kysely } from 'kysely';
import type { ChannelRef, Lang, Subscription } from '../domain/types.js';
import { t } from '../i18n/index.js';
import { listFeeds, type StoredFeed } from '../store/feeds-repo.js';
import type { Database } from '../store/schema.js';
import { listChatFeedIds } from '../store/chat-feeds-repo.js';
import { listSubscriptions } from '../store/subscriptions-repo.js';
import { feedMap, targetLabel } from './format.js';
import { tagsOf } from './resolve.js';
import { findCommand } from './table.js';

export const MAX_CHOICES = 25;
export const MAX_CHOICE_NAME = 100;
const MAX_CHOICE_VALUE = 100;

export interface CompleteRequest {
  /** Command table name ('feeds remove'). */
  name: string;
  option: string;
  /** What the user has typed so far. */
  query: string;
  channel: ChannelRef;
  locale: Lang;
}

export interface Choice {
  name: string;
  value: string | number;
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

interface Candidate extends Choice {
  /** Text the query is matched against (label, URL, tags). */
  haystack: string;
}

function feedChoice(lang: Lang, f: StoredFeed): Candidate {
  return {
    name: t(lang, 'cmd.target.feed', { name: f.name, id: f.id }),
    value: String(f.id),
    haystack: `${f.name} ${f.url} ${f.id}`,
  };
}

function subscriptionChoice(lang: Lang, s: Subscription, feeds: Map<number, StoredFeed>, numeric: boolean) {
  const label = `#${s.id} ${targetLabel(lang, s.target, feeds)}`;
  return { name: label, value: numeric ? s.id : String(s.id), haystack: label };
}

async function candidates(db: Kysely<Database>, req: CompleteRequest, kind: string, numeric: boolean) {
  const lang = req.locale;
  const all = await listFeeds(db);
  const byId = feedMap(all);
  const linked = new Set(await listChatFeedIds(db, req.channel.platform, req.channel.chatId));
  const mine = all.filter((f) => linked.has(f.id));
  const catalog = all.filter((f) => f.origin === 'catalog' && !linked.has(f.id));
  if (kind === 'subscription') {
    const subs = await listSubscriptions(db, req.channel);
    return subs.map((s) => subscriptionChoice(lang, s, byId, numeric));
  }
  if (kind === 'feed') {
    const onlyMine = req.name === 'feeds remove';
    return [...mine, ...(onlyMine ? [] : catalog)].map((f) => feedChoice(lang, f));
  }
  // a subscription target: this chat's feeds, then the topics, then the catalog's feeds
  const visible = [...mine, ...catalog];
  const tags = tagsOf(visible).map((tag) => ({
    name: t(lang, 'cmd.target.tag', { tag }),
    value: `tag:${tag}`,
    haystack: tag,
  }));
  return [...mine.map((f) => feedChoice(lang, f)), ...tags, ...catalog.map((f) => feedChoice(lang, f))];
}

export async function completeOption(db: Kysely<Database>, req: CompleteRequest): Promise<Choice[]> {
  const opt = findCommand(req.name)?.options.find((o) => o.name === req.option);
  if (!opt?.complete) return [];
  const list = await candidates(db, req, opt.complete, opt.type === 'integer');
  const q = req.query.trim().toLowerCase().replace(/^#/, '');
  const hits = q === '' ? list : list.filter((c) => c.haystack.toLowerCase().includes(q));
  return hits.slice(0, MAX_CHOICES).map((c) => ({
    name: clip(c.name, MAX_CHOICE_NAME),
    value: typeof c.value === 'string' ? c.value.slice(0, MAX_CHOICE_VALUE) : c.value,
  }));
}

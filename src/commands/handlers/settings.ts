/**
 * settings: without changes, show the chat's language and its subscriptions' settings (anyone).
 * With changes (language, mode, schedule, timezone, include, exclude, regex, max_items): chat admins only,
 * applied to one subscription (`subscription`) or to all of this channel's; every value validated before any write.
 */
import { compileFilters } from '../../delivery/filters.js';
import type { Result } from '../../domain/errors.js';
import type { CommandResponse, Filters, Lang, Subscription } from '../../domain/types.js';
import { inTransaction } from '../../store/db.js';
import { listFeeds } from '../../store/feeds-repo.js';
import { ensureChannel, getChannel, setChannelLanguage } from '../../store/channels-repo.js';
import {
  getChannelSubscription,
  listSubscriptions,
  type SubscriptionPatch,
  updateSubscription,
} from '../../store/subscriptions-repo.js';
import { t } from '../../i18n/index.js';
import { type Ctx, fail, manageOnly, refuse, reply, replyLines, usageHint } from '../context.js';
import { feedMap, langLabel, subscriptionLine } from '../format.js';
import { optInt, optString, type ParsedOptions } from '../options.js';
import { checkSchedule, checkTimezone, parseKeywords } from '../validate.js';

const CHANGES = ['language', 'mode', 'schedule', 'timezone', 'include', 'exclude', 'regex', 'max_items'];

/** The value of a validation, or the refusal thrown to the router (localized by its code there). */
function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  return refuse(r.error.code, r.error.params ?? {});
}

/** The patch common to all targeted subscriptions (filters are merged per subscription later). */
function basePatch(o: ParsedOptions): SubscriptionPatch {
  const p: SubscriptionPatch = {};
  const language = optString(o, 'language');
  if (language) p.language = language as Lang;
  const mode = optString(o, 'mode');
  if (mode) p.mode = mode === 'digest' ? 'digest' : 'instant';
  const schedule = optString(o, 'schedule');
  if (schedule) p.cron = unwrap(checkSchedule(schedule));
  const tz = optString(o, 'timezone');
  if (tz) p.timezone = unwrap(checkTimezone(tz));
  const max = optInt(o, 'max_items');
  if (max !== undefined) p.maxItems = max;
  return p;
}

function mergedFilters(o: ParsedOptions, old: Filters): Filters | undefined {
  const include = optString(o, 'include');
  const exclude = optString(o, 'exclude');
  const regex = optString(o, 'regex');
  if (include === undefined && exclude === undefined && regex === undefined) return undefined;
  const next: Filters = {
    include: include === undefined ? old.include : unwrap(parseKeywords(include)),
    exclude: exclude === undefined ? old.exclude : unwrap(parseKeywords(exclude)),
  };
  const re = regex === undefined ? old.regex : regex.trim() === '-' ? undefined : regex.trim();
  if (re) next.regex = re;
  unwrap(compileFilters(next));
  return next;
}

async function targets(ctx: Ctx): Promise<Subscription[] | undefined> {
  const id = optInt(ctx.opts, 'subscription');
  if (id === undefined) return listSubscriptions(ctx.db, ctx.req.channel);
  const one = await getChannelSubscription(ctx.db, ctx.req.channel, id);
  return one ? [one] : undefined;
}

async function show(ctx: Ctx, subs: Subscription[]): Promise<CommandResponse> {
  const lang = ctx.privateLang;
  const channel = await getChannel(ctx.db, ctx.req.channel);
  const feeds = feedMap(await listFeeds(ctx.db));
  const lines = subs.map((s) => subscriptionLine(lang, s, feeds));
  if (subs.length === 0) lines.push(t(lang, 'cmd.list.empty', { usage: usageHint(ctx, lang, 'subscribe') }));
  return replyLines(
    { lang },
    'cmd.settings.show',
    { language: langLabel(lang, channel?.language ?? ctx.lang) },
    lines,
    { ephemeral: true },
  );
}

export async function settingsHandler(ctx: Ctx): Promise<CommandResponse> {
  const subs = await targets(ctx);
  if (!subs)
    return fail(ctx.privateLang, 'command.not_found', { what: `#${optInt(ctx.opts, 'subscription')}` });
  if (!CHANGES.some((k) => ctx.opts[k] !== undefined)) return show(ctx, subs);
  if (!(ctx.req.actor.canManage ?? ctx.req.actor.isAdmin))
    return manageOnly(ctx.privateLang, ctx.req.channel.platform);
  const base = basePatch(ctx.opts);
  const patches = subs.map((s) => ({ s, filters: mergedFilters(ctx.opts, s.filters) }));
  const chatWide = optInt(ctx.opts, 'subscription') === undefined;
  if (subs.length === 0 && !(chatWide && base.language))
    return reply({ lang: ctx.privateLang }, 'cmd.settings.no_subscriptions', {}, { ephemeral: true });
  const language = chatWide ? base.language : undefined;
  // all or nothing: one transaction for every subscription and the chat language
  await inTransaction(ctx.db, async (trx) => {
    for (const { s, filters } of patches)
      await updateSubscription(trx, s.id, { ...base, ...(filters ? { filters } : {}) });
    if (language) {
      await ensureChannel(trx, ctx.req.channel, language, ctx.now);
      await setChannelLanguage(trx, ctx.req.channel, language);
    }
  });
  // a private answer is in the caller's language; a public one already in the chat's new language
  const lang = ctx.req.privateAnswers ? ctx.privateLang : (language ?? ctx.lang);
  const updated = await targets(ctx);
  const feeds = feedMap(await listFeeds(ctx.db));
  const lines = (updated ?? []).map((s) => subscriptionLine(lang, s, feeds));
  if (language)
    lines.unshift(t(lang, 'cmd.settings.language_saved', { language: langLabel(lang, language) }));
  if (patches.length === 0)
    return { text: lines.join('\n'), key: 'cmd.settings.language_saved', ephemeral: true };
  return replyLines({ lang }, 'cmd.settings.updated', { count: patches.length }, lines, { ephemeral: true });
}

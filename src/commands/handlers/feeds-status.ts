/** feeds status [feed] (admins): health, consecutive failures, last error and last item of the chat's feeds. */
import type { CommandResponse } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import type { StoredFeed } from '../../store/feeds-repo.js';
import { chatOf, type Ctx, fail, replyLines, usageHint } from '../context.js';
import { dateLabel } from '../format.js';
import { optString } from '../options.js';
import { chatFeeds, findFeed, visibleFeeds } from '../resolve.js';

function statusLine(ctx: Ctx, f: StoredFeed): string {
  const tz = ctx.deps.config.DIGEST_TIMEZONE;
  const parts = [
    t(ctx.lang, 'cmd.feeds_status.line', {
      id: f.id,
      name: f.name,
      health: t(ctx.lang, `cmd.health.${f.health}`),
      last_item: dateLabel(ctx.lang, f.lastItemAt, tz),
    }),
  ];
  if (f.lastErrorCode)
    parts.push(
      t(ctx.lang, 'cmd.feeds_status.error', {
        error: t(ctx.lang, f.lastErrorCode, { status: '?', type: '?', ...f.lastErrorParams }),
        at: dateLabel(ctx.lang, f.lastErrorAt, tz),
        count: f.errorCount,
      }),
    );
  return parts.join(' ');
}

export async function feedsStatusHandler(ctx: Ctx): Promise<CommandResponse> {
  const { platform, chatId } = chatOf(ctx);
  const text = optString(ctx.opts, 'feed');
  let feeds: StoredFeed[];
  if (text === undefined) {
    feeds = await chatFeeds(ctx.db, platform, chatId);
  } else {
    const one = findFeed(await visibleFeeds(ctx.db, platform, chatId), text);
    if (!one) return fail(ctx.privateLang, 'command.not_found', { what: text.slice(0, 100) });
    feeds = [one];
  }
  const lines = feeds.map((f) => statusLine(ctx, f));
  if (feeds.length === 0)
    lines.push(t(ctx.lang, 'cmd.feeds_list.empty', { usage: usageHint(ctx, ctx.lang, 'feeds add') }));
  return replyLines(ctx, 'cmd.feeds_status.header', { count: feeds.length }, lines);
}

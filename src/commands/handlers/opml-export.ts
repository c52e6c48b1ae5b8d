/** opml export (admins): this chat's feeds (added by admins or subscribed here) as an OPML file. */
import type { CommandResponse } from '../../domain/types.js';
import { listFeeds, type StoredFeed } from '../../store/feeds-repo.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import { chatOf, type Ctx, reply, usageHint } from '../context.js';
import { renderOpml } from '../opml.js';
import { chatFeeds } from '../resolve.js';

async function exportedFeeds(ctx: Ctx): Promise<StoredFeed[]> {
  const { platform, chatId } = chatOf(ctx);
  const mine = await chatFeeds(ctx.db, platform, chatId);
  const subscribed = new Set(
    (await listSubscriptions(ctx.db, ctx.req.channel)).flatMap((s) =>
      s.target.kind === 'feed' ? [s.target.feedId] : [],
    ),
  );
  const seen = new Set(mine.map((f) => f.id));
  const extra = (await listFeeds(ctx.db)).filter((f) => subscribed.has(f.id) && !seen.has(f.id));
  return [...mine, ...extra];
}

export async function opmlExportHandler(ctx: Ctx): Promise<CommandResponse> {
  const feeds = await exportedFeeds(ctx);
  if (feeds.length === 0)
    return reply(ctx, 'cmd.feeds_list.empty', { usage: usageHint(ctx, ctx.lang, 'feeds add') });
  const { platform, chatId } = chatOf(ctx);
  const safeId = `${platform}-${chatId}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  const content = renderOpml(`news-digest-bot ${platform} ${chatId}`, feeds, ctx.now);
  return reply(
    ctx,
    'cmd.opml_export.ok',
    { count: feeds.length },
    { file: { name: `newsdigest-${safeId}.opml`, content, mime: 'text/x-opml' } },
  );
}

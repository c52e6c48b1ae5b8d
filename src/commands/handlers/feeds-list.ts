/** feeds list (admins): the feeds this chat's admins added, and how many catalog feeds are available. */
import type { CommandResponse } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { listFeeds } from '../../store/feeds-repo.js';
import { chatOf, type Ctx, replyLines, usageHint } from '../context.js';
import { langLabel } from '../format.js';
import { chatFeeds } from '../resolve.js';

export async function feedsListHandler(ctx: Ctx): Promise<CommandResponse> {
  const { platform, chatId } = chatOf(ctx);
  const mine = await chatFeeds(ctx.db, platform, chatId);
  const catalog = (await listFeeds(ctx.db)).filter((f) => f.origin === 'catalog').length;
  const lines = mine.map((f) =>
    t(ctx.lang, 'cmd.feeds_list.line', {
      id: f.id,
      name: f.name,
      url: f.url,
      language: langLabel(ctx.lang, f.language),
      tags: f.tags.length > 0 ? f.tags.join(', ') : '–',
    }),
  );
  if (mine.length === 0)
    lines.push(t(ctx.lang, 'cmd.feeds_list.empty', { usage: usageHint(ctx, ctx.lang, 'feeds add') }));
  lines.push(t(ctx.lang, 'cmd.feeds_list.catalog', { count: catalog }));
  return replyLines(ctx, 'cmd.feeds_list.header', { count: mine.length }, lines);
}

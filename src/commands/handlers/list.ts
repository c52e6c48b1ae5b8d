/** list: this channel's subscriptions with their mode, language, filters and pause state. */
import type { CommandResponse } from '../../domain/types.js';
import { listFeeds } from '../../store/feeds-repo.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import { type Ctx, reply, replyLines, usageHint } from '../context.js';
import { feedMap, subscriptionLine } from '../format.js';

export async function listHandler(ctx: Ctx): Promise<CommandResponse> {
  const subs = await listSubscriptions(ctx.db, ctx.req.channel);
  if (subs.length === 0)
    return reply(ctx, 'cmd.list.empty', { usage: usageHint(ctx, ctx.lang, 'subscribe') });
  const feeds = feedMap(await listFeeds(ctx.db));
  return replyLines(
    ctx,
    'cmd.list.header',
    { count: subs.length },
    subs.map((s) => subscriptionLine(ctx.lang, s, feeds)),
  );
}

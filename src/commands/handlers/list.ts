/** list: this channel's subscriptions with their mode, language, filters and pause state (and how to resume). */
import type { CommandResponse } from '../../domain/types.js';
import { getFeedsByIds } from '../../store/feeds-repo.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import { type Ctx, reply, replyLines, usageHint } from '../context.js';
import { feedMap, subscriptionLine } from '../format.js';
import { t } from '../../i18n/index.js';
import { resumeCommand } from './resume.js';

export async function listHandler(ctx: Ctx): Promise<CommandResponse> {
  const subs = await listSubscriptions(ctx.db, ctx.req.channel);
  if (subs.length === 0)
    return reply(ctx, 'cmd.list.empty', { usage: usageHint(ctx, ctx.lang, 'subscribe') });
  // only the feeds this channel subscribes to, not every feed of the store
  const feeds = feedMap(
    await getFeedsByIds(
      ctx.db,
      subs.flatMap((s) => (s.target.kind === 'feed' ? [s.target.feedId] : [])),
    ),
  );
  const lines = subs.map((s) => subscriptionLine(ctx.lang, s, feeds));
  if (subs.some((s) => s.pausedReason))
    lines.push(
      t(ctx.lang, 'cmd.list.resume_hint', { command: resumeCommand(ctx.lang, ctx.req.channel.platform) }),
    );
  return replyLines(ctx, 'cmd.list.header', { count: subs.length }, lines);
}

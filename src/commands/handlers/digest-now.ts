/** digest now: ask the delivery engine to send this channel's scheduled digest at once. */
import type { CommandResponse } from '../../domain/types.js';
import { listSubscriptions } from '../../store/subscriptions-repo.js';
import { type Ctx, fail, reply, usageHint } from '../context.js';

export async function digestNowHandler(ctx: Ctx): Promise<CommandResponse> {
  const delivery = ctx.deps.delivery;
  if (!delivery) return fail(ctx.privateLang, 'command.unavailable');
  const subs = await listSubscriptions(ctx.db, ctx.req.channel);
  if (subs.length === 0)
    return reply(ctx, 'cmd.list.empty', { usage: usageHint(ctx, ctx.lang, 'subscribe') });
  const { sent } = await delivery.digestNow(ctx.req.channel, ctx.lang);
  return sent > 0 ? reply(ctx, 'cmd.digest_now.sent', { count: sent }) : reply(ctx, 'cmd.digest_now.nothing');
}

/** unsubscribe <id|feed|tag>: remove one of this channel's subscriptions. */
import type { CommandResponse } from '../../domain/types.js';
import { listFeeds } from '../../store/feeds-repo.js';
import { unsubscribe } from '../../store/subscriptions-repo.js';
import { chatOf, type Ctx, fail, reply } from '../context.js';
import { feedMap, targetLabel } from '../format.js';
import { optString } from '../options.js';
import { findTarget, visibleFeeds } from '../resolve.js';

export async function unsubscribeHandler(ctx: Ctx): Promise<CommandResponse> {
  const { db, req } = ctx;
  const text = optString(ctx.opts, 'target') ?? '';
  const id = /^#?(\d{1,12})$/.exec(text.trim());
  let removed: Awaited<ReturnType<typeof unsubscribe>>;
  if (id) {
    removed = await unsubscribe(db, req.channel, { id: Number(id[1]) });
  } else {
    const { platform, chatId } = chatOf(ctx);
    const target = findTarget(await visibleFeeds(db, platform, chatId), text);
    removed = target ? await unsubscribe(db, req.channel, { target }) : undefined;
  }
  if (!removed) return fail(ctx.privateLang, 'command.not_found', { what: text.slice(0, 100) });
  const label = targetLabel(ctx.lang, removed.target, feedMap(await listFeeds(db)));
  return reply(ctx, 'cmd.unsubscribe.ok', { target: label, id: removed.id });
}

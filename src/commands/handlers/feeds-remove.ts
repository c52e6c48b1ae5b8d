/**
 * feeds remove <feed> (admins): unlink a feed from this chat and drop the chat's subscriptions to it.
 * An admin-added feed that no chat links and nobody subscribes to any more is deleted with its articles.
 */
import type { CommandResponse } from '../../domain/types.js';
import { removeFeed } from '../../store/feeds-repo.js';
import { countFeedLinks, removeChatFeedSubscriptions, unlinkChatFeed } from '../../store/chat-feeds-repo.js';
import { subscriptionsForFeed } from '../../store/subscriptions-repo.js';
import { chatOf, type Ctx, fail, reply } from '../context.js';
import { optString } from '../options.js';
import { chatFeeds, findFeed } from '../resolve.js';

export async function feedsRemoveHandler(ctx: Ctx): Promise<CommandResponse> {
  const { platform, chatId } = chatOf(ctx);
  const text = optString(ctx.opts, 'feed') ?? '';
  const feed = findFeed(await chatFeeds(ctx.db, platform, chatId), text);
  if (!feed) return fail(ctx.privateLang, 'command.not_found', { what: text.slice(0, 100) });
  const removedSubs = await removeChatFeedSubscriptions(ctx.db, platform, chatId, feed.id);
  await unlinkChatFeed(ctx.db, platform, chatId, feed.id);
  if (feed.origin === 'admin' && (await countFeedLinks(ctx.db, feed.id)) === 0) {
    const users = await subscriptionsForFeed(ctx.db, feed.id, [], { includePaused: true });
    if (users.length === 0) await removeFeed(ctx.db, feed.id);
  }
  return reply(ctx, 'cmd.feeds_remove.ok', { name: feed.name, id: feed.id, count: removedSubs });
}

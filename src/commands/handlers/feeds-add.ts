/** feeds add <url> [name] [language] [tags] (admins): validate the feed once, store it, link it to this chat. */
import type { CommandResponse, Lang } from '../../domain/types.js';
import { type Ctx, refuse, reply } from '../context.js';
import { addFeedToChat } from '../feed-intake.js';
import { callLine } from '../names.js';
import { optString } from '../options.js';
import { parseTags } from '../validate.js';

export async function feedsAddHandler(ctx: Ctx): Promise<CommandResponse> {
  const tagsRaw = optString(ctx.opts, 'tags');
  let tags: string[] | undefined;
  if (tagsRaw !== undefined) {
    const parsed = parseTags(tagsRaw);
    if (!parsed.ok) refuse(parsed.error.code, parsed.error.params ?? {});
    tags = parsed.value;
  }
  const r = await addFeedToChat(ctx, optString(ctx.opts, 'url') ?? '', {
    name: optString(ctx.opts, 'name'),
    language: optString(ctx.opts, 'language') as Lang | undefined,
    tags,
  });
  const key = r.reenabled
    ? 'cmd.feeds_add.reenabled'
    : r.created
      ? 'cmd.feeds_add.ok'
      : 'cmd.feeds_add.linked';
  const subscribe = callLine(ctx.lang, 'subscribe', ctx.req.syntax, [['target', r.feed.id]]);
  return reply(ctx, key, { name: r.feed.name, id: r.feed.id, count: r.items, subscribe });
}

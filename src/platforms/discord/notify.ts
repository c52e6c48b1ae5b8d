/**
 * Telling a server's owner that posting in one of its channels was paused (the engine's notifyAdmins). Discord
 * has no "admins of a channel" to message, but the owner of the guild can always be reached by DM unless they
 * closed their DMs. The guild comes from discord.js' cache or REST (GET /channels/{id} → guild_id, GET
 * /guilds/{id} → owner_id); a channel that is gone and not cached has no guild to ask, so nobody is told.
 * Never throws: every failure is logged (at debug) and swallowed.
 */
import { Routes } from 'discord.js';
import type { ChannelRef } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import { truncate } from '../../render/split.js';
import { escapeDiscord } from './escape.js';
import { LIMITS } from './limits.js';
import type { DiscordReach } from './reach.js';

/** Where the notice points: the channel (or thread), its name and its server. */
export interface NoticeTarget {
  guildId: string;
  ownerId: string;
  channelName?: string;
  guildName?: string;
}

interface RestChannel {
  guild_id?: string;
  name?: string;
}

interface RestGuild {
  owner_id?: string;
  name?: string;
}

/** The channel's guild id and name, from the cache or REST; undefined when it is unknown (e.g. deleted). */
async function channelInfo(reach: DiscordReach, id: string): Promise<RestChannel | undefined> {
  const cached = reach.cachedChannel(id);
  if (cached?.guildId) return { guild_id: cached.guildId, name: cached.name };
  const ch = (await reach.rest.get(Routes.channel(id))) as RestChannel;
  return ch.guild_id ? ch : undefined;
}

async function guildInfo(reach: DiscordReach, id: string): Promise<RestGuild> {
  const cached = reach.cachedGuild(id);
  if (cached?.ownerId) return { owner_id: cached.ownerId, name: cached.name };
  return (await reach.rest.get(Routes.guild(id))) as RestGuild;
}

/** Find guild and owner of a channel; undefined when there is none to find. */
export async function findNoticeTarget(
  reach: DiscordReach,
  channel: ChannelRef,
): Promise<NoticeTarget | undefined> {
  const ch = await channelInfo(reach, channel.chatId).catch(() => undefined);
  if (!ch?.guild_id) return undefined;
  const guild = await guildInfo(reach, ch.guild_id);
  if (!guild.owner_id) return undefined;
  return { guildId: ch.guild_id, ownerId: guild.owner_id, channelName: ch.name, guildName: guild.name };
}

/** The DM text: the escaped notice, then where it happened (a channel mention, readable name and server). */
export function noticeContent(text: string, channel: ChannelRef, target: NoticeTarget): string {
  const where = channel.threadId ?? channel.chatId;
  const names = [
    target.channelName ? `#${escapeDiscord(target.channelName)}` : undefined,
    target.guildName ? escapeDiscord(target.guildName) : undefined,
  ].filter((n): n is string => !!n);
  const suffix = names.length > 0 ? ` (${names.join(', ')})` : '';
  const place = `\n→ <#${where}>${truncate(suffix, 300)}`;
  return `${truncate(escapeDiscord(text), LIMITS.content - place.length)}${place}`;
}

async function sendDm(reach: DiscordReach, userId: string, content: string): Promise<void> {
  const dm = (await reach.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
    id: string;
  };
  await reach.rest.post(Routes.channelMessages(dm.id), {
    body: { content, allowed_mentions: { parse: [] } },
  });
}

/** notifyAdmins for Discord: DM the server owner; quiet on every failure. */
export async function notifyGuildOwner(
  reach: DiscordReach,
  log: Logger,
  channel: ChannelRef,
  text: string,
): Promise<void> {
  try {
    const target = await findNoticeTarget(reach, channel);
    if (!target) {
      log.debug({ channel: channel.chatId }, 'discord: no server found for the paused channel; nobody told');
      return;
    }
    await sendDm(reach, target.ownerId, noticeContent(text, channel, target));
    log.info({ channel: channel.chatId, guild: target.guildId }, 'discord: server owner told of the pause');
  } catch (e) {
    const status = typeof e === 'object' && e !== null ? (e as { status?: unknown }).status : undefined;
    const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
    log.debug({ channel: channel.chatId, status, code }, 'discord: could not tell the server owner');
  }
}

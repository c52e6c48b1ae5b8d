/**
 * Automatic resume on Discord: a channel paused after 403 Missing Permissions / Missing Access comes back as soon
 * as Discord tells the bot something that may have changed its permissions (CHANNEL_UPDATE of the channel or its
 * parent, GUILD_ROLE_UPDATE / GUILD_ROLE_CREATE, GUILD_MEMBER_UPDATE of the bot itself) and discord.js' effective
 * permissions of the bot in that channel include View Channel, Send Messages (Send Messages in Threads for a
 * thread) and Embed Links. Only pauses for missing permissions are lifted: a deleted channel stays paused.
 * Never throws: failures are logged.
 */
import {
  type Client,
  Events,
  type Guild,
  type GuildBasedChannel,
  PermissionFlagsBits,
  type PermissionResolvable,
} from 'discord.js';
import { toErrorInfo } from '../../domain/errors.js';
import type { ChatDirectory } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';

/** The pause reasons a permission change can lift. */
export const PERMISSION_PAUSES = ['delivery.missing_permissions'];

const NEEDED: PermissionResolvable[] = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
];
const NEEDED_IN_THREADS: PermissionResolvable[] = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
];

/** Whether the bot may post embeds in this channel now (its effective permissions, overwrites included). */
export async function botMayPost(channel: GuildBasedChannel): Promise<boolean> {
  const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe().catch(() => null));
  if (!me) return false;
  const perms = channel.permissionsFor(me);
  if (!perms) return false;
  return perms.has(channel.isThread() ? NEEDED_IN_THREADS : NEEDED);
}

export interface ResumeDeps {
  chats: ChatDirectory;
  log: Logger;
  /** MAX_ITEM_AGE_HOURS in ms. */
  maxAgeMs: number;
}

/** Resume the paused channels of `guild` (only those in `channelIds`, when given) where the bot may post again. */
export async function resumeWherePermitted(
  client: Client,
  deps: ResumeDeps,
  guild: Guild,
  channelIds?: Set<string>,
): Promise<number> {
  let resumed = 0;
  // Discord channels (rows) paused for missing permissions: the channel itself, or any of its subscriptions
  for (const ref of await deps.chats.pausedFor('discord', PERMISSION_PAUSES)) {
    const id = ref.threadId ?? ref.chatId;
    const channel = client.channels.cache.get(id);
    if (!channel || channel.isDMBased() || channel.guildId !== guild.id) continue;
    if (channelIds && !channelIds.has(ref.chatId) && !channelIds.has(id)) continue;
    if (!(await botMayPost(channel))) continue;
    const r = await deps.chats.resume(ref, {
      now: Date.now(),
      maxAgeMs: deps.maxAgeMs,
      onlyReasons: PERMISSION_PAUSES,
    });
    if (!r || r.resumed.length === 0) continue;
    resumed += r.resumed.length;
    deps.log.info(
      { channel: id, subscriptions: r.resumed.length, queued: r.queued, tooOld: r.tooOld },
      'discord: bot may post again; subscriptions resumed',
    );
  }
  return resumed;
}

/** Listen for the permission-changing gateway events. */
export function wirePermissionResume(client: Client, deps: ResumeDeps): void {
  const run = (guild: Guild, ids?: Set<string>) => {
    resumeWherePermitted(client, deps, guild, ids).catch((e: unknown) =>
      deps.log.warn({ err: toErrorInfo(e).detail }, 'discord: resume after a permission update failed'),
    );
  };
  client.on(Events.ChannelUpdate, (_old, ch) => {
    if (!ch.isDMBased()) run(ch.guild, new Set([ch.id]));
  });
  client.on(Events.GuildRoleUpdate, (_old, role) => run(role.guild));
  client.on(Events.GuildRoleCreate, (role) => run(role.guild));
  client.on(Events.GuildMemberUpdate, (_old, m) => {
    if (m.id === client.user?.id) run(m.guild);
  });
  client.on(Events.GuildMemberAvailable, (m) => {
    if (m.id === client.user?.id) run(m.guild);
  });
}

/**
 * The Discord Publisher: renders an OutgoingMessage to embeds and posts it via discord.js' REST client (which
 * queues per bucket and sleeps through short 429s); it needs no gateway connection (reach.ts). Text, announcement and thread channels get messages; a forum
 * channel gets a new post per delivery. Every message carries a nonce with enforce_nonce (Discord drops
 * duplicates of the same nonce), and allowed_mentions that allow nothing. notifyAdmins DMs the server owner
 * when posting in a channel was paused (notify.ts).
 */
import { createHash } from 'node:crypto';
import { ChannelType, Client, Routes } from 'discord.js';
import type { OutgoingMessage, Publisher, PublishResult } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import { truncate } from '../../render/split.js';
import { mapDiscordError } from './errors.js';
import { type DiscordPayload, LIMITS } from './limits.js';
import { notifyGuildOwner } from './notify.js';
import { clientReach, type DiscordReach } from './reach.js';
import { renderOutgoing } from './render.js';

/** A Discord nonce (≤ 25 chars) derived from the core's idempotency key and the part number. */
export function discordNonce(key: string, part: number): string {
  return createHash('sha256').update(`${key}:${part}`).digest('base64url').slice(0, LIMITS.nonce);
}

async function isForum(reach: DiscordReach, channelId: string): Promise<boolean> {
  return (await reach.channelType(channelId)) === ChannelType.GuildForum;
}

function postTitle(msg: OutgoingMessage): string {
  const raw = msg.title ?? msg.digests[0]?.headline ?? 'News';
  return truncate(raw.replace(/\s+/g, ' ').trim() || 'News', 100);
}

async function postMessages(
  reach: DiscordReach,
  channelId: string,
  bodies: DiscordPayload[],
  msg: OutgoingMessage,
) {
  const ids: string[] = [];
  for (const [i, body] of bodies.entries()) {
    const sent = (await reach.rest.post(Routes.channelMessages(channelId), {
      body: { ...body, nonce: discordNonce(msg.nonce, i), enforce_nonce: true },
    })) as { id: string };
    ids.push(sent.id);
  }
  return ids;
}

async function postToForum(
  reach: DiscordReach,
  forumId: string,
  bodies: DiscordPayload[],
  msg: OutgoingMessage,
) {
  const [first, ...rest] = bodies;
  const thread = (await reach.rest.post(Routes.threads(forumId), {
    body: { name: postTitle(msg), message: first },
  })) as { id: string; message?: { id: string } };
  const more = await postMessages(reach, thread.id, rest, { ...msg, nonce: `${msg.nonce}:forum` });
  return [thread.message?.id ?? thread.id, ...more];
}

/** The Publisher over a Client (its REST and caches) or over a reach (cluster mode: REST from any instance). */
export function createDiscordPublisher(via: Client | DiscordReach, log: Logger): Publisher {
  const reach = via instanceof Client ? clientReach(via) : via;
  return {
    platform: 'discord',
    idempotent: true,
    async publish(msg: OutgoingMessage): Promise<PublishResult> {
      const target = msg.channel.threadId ?? msg.channel.chatId;
      try {
        const bodies = renderOutgoing(msg);
        if (bodies.length === 0) return { ok: true, messageIds: [] };
        const ids = (await isForum(reach, target))
          ? await postToForum(reach, target, bodies, msg)
          : await postMessages(reach, target, bodies, msg);
        return { ok: true, messageIds: ids };
      } catch (e) {
        const failure = mapDiscordError(e);
        log.warn({ channel: target, code: failure.code, detail: failure.detail }, 'discord publish failed');
        return failure;
      }
    },
    notifyAdmins: (channel, text) => notifyGuildOwner(reach, log, channel, text),
  };
}

/** Payload builders and shared types of the fake Discord (test/integration/fakes/discord-fake.ts). */

export interface RecordedCall {
  method: string;
  path: string;
  query: string;
  body: unknown;
  authorized: boolean;
  status: number;
  /** When the call arrived (Date.now()), for rate checks over sliding windows. */
  at?: number;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  body: Record<string, unknown>;
}

export interface FakeChannel {
  id: string;
  type: number;
  name: string;
  parent_id?: string;
  /** Role/member permission overwrites as Discord sends them (allow/deny bitfields as strings). */
  permission_overwrites?: FakeOverwrite[];
}

export interface FakeOverwrite {
  id: string;
  /** 0 = role, 1 = member */
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface FakeRole {
  id: string;
  name: string;
  permissions: string;
  position: number;
  managed?: boolean;
}

/** View Channel, Send Messages, Embed Links, Read Message History, Send Messages in Threads. */
export const BOT_ROLE_PERMISSIONS = String(
  (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 16n) | (1n << 38n),
);

export interface Failure {
  method: string;
  path: RegExp;
  status: number;
  code?: number;
  message?: string;
  /** For 429: seconds in Retry-After / X-RateLimit-Reset-After. */
  retryAfter?: number;
  global?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface InteractOptions {
  command: string;
  /** The guild it happens in (default: the fake's main guild); it is dispatched only to that guild's shard. */
  guildId?: string;
  /** 'feeds add' style: group and subcommand. */
  subcommand?: string;
  /** `focused` marks the option being typed in an autocomplete interaction. */
  options?: { name: string; type: number; value: string | number | boolean; focused?: boolean }[];
  /** 2 = slash command (default), 4 = autocomplete while an option is being typed. */
  type?: 2 | 4;
  userId?: string;
  /** Member permission bitfield as a string ("0", "32" = Manage Server, "8" = Administrator). */
  permissions?: string;
  locale?: string;
  channelId?: string;
  attachments?: Record<string, { filename: string; url: string; size: number }>;
}

export interface FakeInteraction {
  id: string;
  token: string;
  userId: string;
}

/** What the payload builders read from the fake. */
export interface World {
  appId: string;
  botId: string;
  guildId: string;
  ownerId: string;
  channels: Map<string, FakeChannel>;
  /** The guild's roles (@everyone has the guild's id). */
  roles: FakeRole[];
  /** Roles of the bot's own member. */
  botRoles: string[];
}

const EPOCH = 1420070400000n;
let counter = 0n;
export function snowflake(): string {
  counter += 1n;
  return (((BigInt(Date.now()) - EPOCH) << 22n) | (counter & 0xfffn)).toString();
}

export function botUser(w: World) {
  return {
    id: w.botId,
    username: 'newsdigest',
    discriminator: '0',
    global_name: 'News Digest',
    avatar: null,
    bot: true,
  };
}

export function channelPayload(w: World, ch: FakeChannel) {
  const base = {
    ...ch,
    guild_id: w.guildId,
    position: 0,
    permission_overwrites: ch.permission_overwrites ?? [],
  };
  if (ch.type === 11) {
    return {
      ...base,
      owner_id: w.botId,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
      message_count: 0,
      member_count: 1,
    };
  }
  if (ch.type === 15) return { ...base, available_tags: [], default_reaction_emoji: null };
  return base;
}

export function guildPayload(w: World) {
  const all = [...w.channels.values()];
  return {
    id: w.guildId,
    name: 'Testserver',
    unavailable: false,
    owner_id: w.ownerId,
    features: [],
    roles: w.roles.map(rolePayload),
    channels: all.filter((c) => c.type !== 11).map((c) => channelPayload(w, c)),
    threads: all.filter((c) => c.type === 11).map((c) => channelPayload(w, c)),
    members: [botMemberPayload(w)],
    emojis: [],
    stickers: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    preferred_locale: 'de',
  };
}

export function rolePayload(r: FakeRole) {
  return {
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
    ...r,
  };
}

/** The bot's own guild member (GUILD_CREATE members, GUILD_MEMBER_UPDATE). */
export function botMemberPayload(w: World) {
  return {
    user: botUser(w),
    roles: [...w.botRoles],
    joined_at: new Date(0).toISOString(),
    flags: 0,
    deaf: false,
    mute: false,
  };
}

/** GET /guilds/{id}: the guild without the gateway-only fields (channels, members, …). */
export function restGuildPayload(w: World) {
  const { id, name, owner_id, features, roles, emojis, stickers, preferred_locale } = guildPayload(w);
  return { id, name, owner_id, features, roles, emojis, stickers, preferred_locale, icon: null };
}

/** POST /users/@me/channels: a DM channel (type 1) with its one recipient. */
export function dmChannelPayload(id: string, recipientId: string) {
  const recipient = {
    id: recipientId,
    username: `user${recipientId.slice(-4)}`,
    discriminator: '0',
    avatar: null,
  };
  return { id, type: 1, last_message_id: null, flags: 0, recipients: [recipient] };
}

export function resolvedAttachments(a: NonNullable<InteractOptions['attachments']>) {
  const out: Record<string, unknown> = {};
  for (const [id, v] of Object.entries(a)) {
    out[id] = {
      id,
      filename: v.filename,
      size: v.size,
      url: v.url,
      proxy_url: v.url,
      content_type: 'text/xml',
    };
  }
  return out;
}

export function messageObject(w: World, id: string, channelId: string, b: Record<string, unknown>) {
  return {
    id,
    channel_id: channelId,
    guild_id: w.guildId,
    author: botUser(w),
    content: b.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: b.embeds ?? [],
    components: b.components ?? [],
    pinned: false,
    type: 0,
    flags: b.flags ?? 0,
    ...(b.nonce ? { nonce: b.nonce } : {}),
  };
}

/** INTERACTION_CREATE `d` for a slash command (fields discord.js requires: entitlements, authorizing_integration_owners). */
export function interactionPayload(
  w: World,
  o: InteractOptions,
  x: { id: string; token: string; userId: string; options: unknown[]; channelId: string },
) {
  const { id, token, userId, options, channelId } = x;
  const ch = w.channels.get(channelId);
  return {
    id,
    application_id: w.appId,
    token,
    version: 1,
    type: o.type ?? 2,
    guild_id: w.guildId,
    channel_id: channelId,
    channel: ch ? channelPayload(w, ch) : { id: channelId, type: 0, guild_id: w.guildId, name: 'x' },
    member: {
      user: {
        id: userId,
        username: `user${userId.slice(-4)}`,
        discriminator: '0',
        global_name: 'Tester',
        avatar: null,
      },
      roles: [],
      permissions: o.permissions ?? '0',
      joined_at: new Date().toISOString(),
      flags: 0,
      deaf: false,
      mute: false,
    },
    data: {
      id: snowflake(),
      name: o.command,
      type: 1,
      options,
      ...(o.attachments ? { resolved: { attachments: resolvedAttachments(o.attachments) } } : {}),
    },
    app_permissions: '2248473465835073',
    locale: o.locale ?? 'en-US',
    guild_locale: 'de',
    entitlements: [],
    authorizing_integration_owners: { '0': w.guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

export function invalidForm(problems: string[]) {
  return {
    code: 50035,
    message: 'Invalid Form Body',
    errors: { _errors: problems.map((p) => ({ code: 'BASE_TYPE_INVALID', message: p })) },
  };
}

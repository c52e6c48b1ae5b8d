/**
 * Sharding in the fake Discord: which shard a guild belongs to (`(guild_id >> 22) % shard count`, as Discord
 * routes), guild ids made for a given shard, extra guilds (each with one text channel) beside the fake's main
 * one, and the per-connection record of the shard it identified for.
 */
import type { FakeChannel, FakeRole, World } from './discord-fake-payloads.js';
import { BOT_ROLE_PERMISSIONS, snowflake } from './discord-fake-payloads.js';

export type Shard = [id: number, count: number];

export function guildShard(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, count)));
}

const EPOCH = 1420070400000n;
let counter = 0n;

/** A snowflake whose guild would be on `shard` of `count`. */
export function snowflakeOnShard(shard: number, count: number): string {
  let ts = BigInt(Date.now()) - EPOCH;
  const n = BigInt(count);
  ts += (BigInt(shard) - (ts % n) + n) % n;
  counter += 1n;
  return ((ts << 22n) | (counter & 0xfffn)).toString();
}

/** A second (third …) guild: the bot is in it with its managed role, and it has one text channel. */
export function extraGuild(main: World, shard: number, count: number): World & { textChannelId: string } {
  const guildId = snowflakeOnShard(shard, count);
  const botRoleId = snowflake();
  const text: FakeChannel = { id: snowflake(), type: 0, name: `nachrichten-${shard}` };
  const roles: FakeRole[] = [
    { id: guildId, name: '@everyone', permissions: '0', position: 0 },
    { id: botRoleId, name: 'News Digest', permissions: BOT_ROLE_PERMISSIONS, position: 1, managed: true },
  ];
  return {
    appId: main.appId,
    botId: main.botId,
    guildId,
    ownerId: snowflake(),
    channels: new Map([[text.id, text]]),
    roles,
    botRoles: [botRoleId],
    textChannelId: text.id,
  };
}

/** What the fake knows about one gateway connection. */
export interface Connection {
  /** The shard from IDENTIFY (or the session RESUME continued); undefined before. */
  shard?: Shard;
  sessionId?: string;
}

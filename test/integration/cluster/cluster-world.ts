/**
 * The world of the cluster acceptance test: a loopback feed server with N feeds (counting every fetch), the fake
 * Telegram (webhook or long polling) and the fake Discord with 2 shards, a fresh PostgreSQL schema, a unique Redis
 * prefix, and `newsdigest start` child processes on them. What reached the fakes is read back per chat and article.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type DiscordFake, startDiscordFake } from '../fakes/discord-fake.js';
import { TelegramFake } from '../fakes/telegram-fake.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';
import {
  freePort,
  freshSchema,
  type Instance,
  publish,
  type Schema,
  startInstance,
  stopInstance,
  storyItem,
  writeCatalog,
} from './processes.js';
import type { FeedItem } from '../pipeline/feed-server.js';

export const HOOK = 'https://bot.example.org/tg/hook';
export const SECRET = 'cluster-acceptance-s3cret';
export const TAG = 'cluster';

export interface WorldOptions {
  feeds: number;
  webhook: boolean;
  /** Settings for every instance (over the defaults below). */
  settings?: Record<string, string>;
}

export interface World {
  server: FeedServer;
  tg: TelegramFake;
  dc: DiscordFake;
  /** A guild and its text channel on each Discord shard. */
  guilds: { guildId: string; textChannelId: string }[];
  redis: Redis;
  prefix: string;
  instances: Instance[];
  /** Webhook port of each instance (webhook mode). */
  hookPorts: number[];
  /** Items published on each feed, newest first. */
  items: FeedItem[][];
  /** Markers of the stories published so far. */
  markers: string[];
  start(name: string): Promise<Instance>;
  /** Publish story `n` on feed `k` (newest first, older items kept). */
  add(k: number, n: number): string;
  /** Fetches of feed k (times), as counted at the feed server. */
  fetches(k: number): number[];
  /** Which instance holds the lease of Discord shard `id` (by the owner in its log). */
  shardHolder(id: number): Promise<Instance | undefined>;
  close(): Promise<void>;
}

export async function startWorld(o: WorldOptions, databaseUrl: string, redisUrl: string): Promise<World> {
  const server = await startFeedServer();
  const fetchTimes = new Map<string, number[]>();
  server.requests.push = (...rs) => {
    for (const r of rs) fetchTimes.set(r.path, [...(fetchTimes.get(r.path) ?? []), Date.now()]);
    return Array.prototype.push.apply(server.requests, rs);
  };
  const tg = await new TelegramFake().listen();
  const dc = await startDiscordFake();
  dc.shardCount = 2;
  dc.maxConcurrency = 2;
  const guilds = [dc.addGuild(0), dc.addGuild(1)];
  const schema: Schema = await freshSchema(databaseUrl);
  const catalog = writeCatalog(server, o.feeds, TAG);
  const prefix = `c${randomBytes(5).toString('hex')}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const items: FeedItem[][] = [];
  const seedBase = 100_000 + Math.floor(Math.random() * 1000) * 1000;
  for (let k = 0; k < o.feeds; k++) {
    items.push([storyItem(seedBase + k).item]);
    publish(server, k, items[k] as FeedItem[]);
  }
  const instances: Instance[] = [];
  const hookPorts: number[] = [];
  const world: World = {
    server,
    tg,
    dc,
    guilds,
    redis,
    prefix,
    instances,
    hookPorts,
    items,
    markers: [],
    async start(name) {
      const env: Record<string, string> = {
        DATABASE_URL: schema.url,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: prefix,
        FEEDS_DIR: catalog.dir,
        ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
        ALLOW_PORTS: String(server.port),
        FULL_TEXT: 'false',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        SUBSCRIBE_ALLOWED: 'everyone',
        DIGEST_TIMEZONE: 'UTC',
        DISCORD_TOKEN: 'fake-bot-token-for-cluster',
        DISCORD_API_URL: dc.apiUrl,
        DISCORD_GUILD_ID: dc.guildId,
        DISCORD_SHARD_COUNT: '2',
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRootFor(name),
        ...o.settings,
      };
      if (o.webhook) {
        const port = await freePort();
        hookPorts.push(port);
        Object.assign(env, {
          TELEGRAM_WEBHOOK_URL: HOOK,
          TELEGRAM_WEBHOOK_SECRET: SECRET,
          TELEGRAM_WEBHOOK_PORT: String(port),
        });
      }
      const i = startInstance(name, env);
      instances.push(i);
      return i;
    },
    add(k, n) {
      const s = storyItem(n);
      (items[k] as FeedItem[]).unshift(s.item);
      publish(server, k, items[k] as FeedItem[]);
      world.markers.push(s.marker);
      return s.marker;
    },
    fetches: (k) => fetchTimes.get(`/f/${k}.xml`) ?? [],
    async shardHolder(id) {
      const owner = await redis.get(`${prefix}:lease:discord:shard:${id}`);
      if (!owner) return undefined;
      return instances.find((i) => i.output().includes(`"owner":"${owner}"`));
    },
    async close() {
      await Promise.all(instances.map((i) => stopInstance(i)));
      await tg.close();
      await dc.close();
      await server.close();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();
      await schema.cleanup();
      catalog.remove();
    },
  };
  return world;
}

/** Text of a Telegram sendMessage or a Discord message body, for finding story markers. */
const textOf = (body: unknown) => JSON.stringify(body ?? '');

const hasMarker = (text: string, marker: string) => new RegExp(`\\b${marker}\\b`).test(text);

/** How often each marker arrived in Telegram chat `chatId` (successful sendMessage calls). */
export function telegramCounts(w: World, chatId: number): Map<string, number> {
  const texts = w.tg
    .callsOf('sendMessage')
    .filter((c) => Number(c.body.chat_id) === chatId && c.errorCode === undefined)
    .map((c) => textOf(c.body));
  return countMarkers(w.markers, texts);
}

/** How often each marker is in a stored message of Discord channel `channelId`. */
export function discordCounts(w: World, channelId: string): Map<string, number> {
  return countMarkers(
    w.markers,
    w.dc.messagesIn(channelId).map((m) => textOf(m.body)),
  );
}

function countMarkers(markers: string[], texts: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of markers) out.set(m, texts.filter((t) => hasMarker(t, m)).length);
  return out;
}

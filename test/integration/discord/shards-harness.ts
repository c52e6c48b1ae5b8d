/**
 * Test wiring for Discord sharding: one fake Discord with N shards and a guild on each, one SQLite store and
 * command router, and any number of real adapters (`startDiscord`), each optionally with its own coordination
 * (its own Redis connection and owner, as separate instances would have).
 */
import { createCoordination } from '../../../src/cluster/lease.js';
import { connectRedis, type Redis } from '../../../src/cluster/redis.js';
import { createCommandRouter } from '../../../src/commands/router.js';
import { type Config, configWith, type SettingName } from '../../../src/config/index.js';
import { createChatDirectory } from '../../../src/delivery/chat-directory.js';
import type { Digest, OutgoingMessage } from '../../../src/domain/types.js';
import { createLogger, type Logger } from '../../../src/log/index.js';
import { createFetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { startDiscord } from '../../../src/platforms/discord/index.js';
import type { PlatformHandle } from '../../../src/platforms/types.js';
import type { TestRedis } from '../../helpers/redis.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type DiscordFake, startDiscordFake } from '../fakes/discord-fake.js';

export interface Adapter {
  owner: string;
  handle: PlatformHandle;
  logLines: string[];
  redis?: Redis;
  /** Die as SIGKILL would: Redis gone first (the leases are not released, they run out), then the gateway. */
  kill(): Promise<void>;
}

export interface ShardWorld {
  fake: DiscordFake;
  db: TestStore;
  /** A guild id and its text channel on each shard (index = shard id). */
  guilds: { guildId: string; textChannelId: string }[];
  start(
    owner: string,
    o?: { redis?: TestRedis; settings?: Partial<Record<SettingName, string>> },
  ): Promise<Adapter>;
  close(): Promise<void>;
}

export async function startShardWorld(shards: number): Promise<ShardWorld> {
  const fake = await startDiscordFake();
  fake.shardCount = shards;
  // all shards may IDENTIFY at once (otherwise discord.js waits 5 s between the shards of one Client)
  fake.maxConcurrency = shards;
  const guilds = Array.from({ length: shards }, (_, id) => fake.addGuild(id));
  const db = await sqliteTestStore();
  const adapters: Adapter[] = [];
  const base = (extra: Partial<Record<SettingName, string>> = {}): Config =>
    configWith({
      DISCORD_TOKEN: 'fake-bot-token-for-shards',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_SHARD_COUNT: String(shards),
      LOG_LEVEL: 'debug',
      ...extra,
    });
  const start: ShardWorld['start'] = async (owner, o = {}) => {
    const config = base(o.settings);
    const logLines: string[] = [];
    const log: Logger = createLogger({ level: 'debug', secrets: [], write: (l) => logLines.push(l) }).child({
      owner,
    });
    const router = createCommandRouter({
      store: db.store,
      config,
      log,
      fetcher: createFetcher(fetcherOptionsFromConfig(config)),
      summarizer: extractiveSummarizer,
    });
    const redis = o.redis ? connectRedis(o.redis.url, { log, role: 'leases' }) : undefined;
    const coordination =
      redis && o.redis ? createCoordination({ redis, owner, prefix: o.redis.prefix, log }) : undefined;
    const handle = await startDiscord({
      config,
      log,
      router,
      chats: createChatDirectory(db.store.db),
      coordination,
    });
    const adapter: Adapter = {
      owner,
      handle,
      logLines,
      redis,
      async kill() {
        redis?.disconnect();
        await handle.stop();
      },
    };
    adapters.push(adapter);
    return adapter;
  };
  return {
    fake,
    db,
    guilds,
    start,
    async close() {
      await Promise.allSettled(adapters.map((a) => a.handle.stop()));
      for (const a of adapters) a.redis?.disconnect();
      await fake.close();
      await db.cleanup();
    },
  };
}

const digest: Digest = {
  language: 'de',
  headline: 'Kreistag beschließt 12 neue Buslinien',
  sentences: ['Der Kreistag hat den Zuschuss für den Busverkehr um 1,8 Millionen Euro erhöht.'],
  keyFigures: [{ text: '1,8 Millionen Euro', value: 1.8e6, unit: 'Euro', qualifier: '', sentenceIndex: 0 }],
  source: {
    name: 'Kreisbote',
    url: 'https://kreisbote.example.org/bus',
    publishedAt: Date.UTC(2026, 10, 20),
  },
  summarizer: 'extractive',
  translated: false,
};

let seq = 0;
export function digestMessage(chatId: string): OutgoingMessage {
  seq += 1;
  return {
    channel: { platform: 'discord', chatId },
    digests: [digest],
    nonce: `shards-${seq}-subscription-1-article-0123456789abcdef`,
    locale: 'de',
  };
}

/**
 * The Discord adapter: discord.js Clients (Guilds intent only) whose REST base URL comes from DISCORD_API_URL,
 * slash commands registered from the command table, interactions routed to the core, and a Publisher. Paused
 * channels resume when a permission update lets the bot post again (resume.ts).
 *
 * One process: one Client running the configured shards (DISCORD_SHARD_COUNT, DISCORD_SHARD_IDS; `auto` is
 * discord.js' own sharding). Cluster mode (deps.coordination): each shard is held by one instance through a lease
 * (shards.ts), one Client per held shard; interactions are answered by the Client whose shard received them, and
 * digests are posted over a standalone REST client, from any instance, whether it holds a shard or not.
 */
import { type Client, type REST, Routes } from 'discord.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../log/index.js';
import type { PlatformDeps, PlatformHandle } from '../types.js';
import {
  connect,
  createDiscordClient,
  createDiscordRest,
  loginError,
  type ShardOptions,
  wireEvents,
  wireRest,
} from './client.js';
import { registerCommands } from './commands.js';
import { inviteUrl } from './invite.js';
import { createDiscordPublisher } from './publisher.js';
import { createReach } from './reach.js';
import { startShardKeeper } from './shards.js';

export { createDiscordClient, READY_TIMEOUT_MS } from './client.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The shard count Discord recommends for this bot (GET /gateway/bot). */
async function recommendedShards(rest: REST): Promise<number> {
  const info = (await rest.get(Routes.gatewayBot())) as { shards?: number };
  return Math.max(1, Number(info.shards) || 1);
}

/** DISCORD_SHARD_IDS against the shard count (checked at start when the count was `auto`). */
function allowedShards(config: Config, count: number): number[] {
  const ids = config.DISCORD_SHARD_IDS;
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) {
    const detail = `DISCORD_SHARD_IDS: shard ${outside.join(', ')} does not exist with ${count} shards`;
    throw new AppError('config.invalid', detail, { detail });
  }
  return ids.length > 0 ? ids : range(count);
}

/** One process: discord.js' options for the configured shards; none for the default (shard 0 of 1). */
async function singleProcessShards(config: Config, token: string): Promise<ShardOptions | undefined> {
  const count = config.DISCORD_SHARD_COUNT;
  if (count === 1 && config.DISCORD_SHARD_IDS.length === 0) return undefined;
  if (count === 'auto' && config.DISCORD_SHARD_IDS.length === 0) return { shards: 'auto' };
  const total = count === 'auto' ? await recommendedShards(createDiscordRest(config, token)) : count;
  return { shards: allowedShards(config, total), shardCount: total };
}

async function register(rest: REST, appId: string, deps: PlatformDeps, log: Logger): Promise<void> {
  try {
    await registerCommands(rest, appId, deps.config.DISCORD_GUILD_ID, log, {
      subscribeOpen: deps.config.SUBSCRIBE_ALLOWED === 'everyone',
    });
  } catch (e) {
    log.error({ err: e }, 'discord command registration failed; commands may be stale');
  }
}

async function startSingle(deps: PlatformDeps, token: string, log: Logger): Promise<PlatformHandle> {
  const shards = await singleProcessShards(deps.config, token).catch((e: unknown) => {
    throw loginError(e);
  });
  const client = createDiscordClient(deps.config, shards);
  wireEvents(client, deps, log);
  await connect(client, token);
  const invite = client.application ? inviteUrl(client.application.id) : undefined;
  const shardIds = shards ? client.options.shards : undefined;
  log.info(
    { user: client.user?.tag, guilds: client.guilds.cache.size, invite, shards: shardIds },
    'discord ready',
  );
  await register(client.rest, client.application?.id ?? client.user?.id ?? '', deps, log);
  return {
    publisher: createDiscordPublisher(client, log),
    stop: async () => {
      await client.destroy();
    },
  };
}

async function startCluster(deps: PlatformDeps, token: string, log: Logger): Promise<PlatformHandle> {
  const coordination = deps.coordination;
  if (!coordination) throw new Error('startCluster without coordination');
  const rest = createDiscordRest(deps.config, token);
  wireRest(rest, log);
  const [app, count] = await Promise.all([
    rest.get(Routes.currentApplication()) as Promise<{ id: string }>,
    deps.config.DISCORD_SHARD_COUNT === 'auto'
      ? recommendedShards(rest)
      : Promise.resolve(deps.config.DISCORD_SHARD_COUNT),
  ]).catch((e: unknown) => {
    throw loginError(e);
  });
  const allowed = allowedShards(deps.config, count);
  const keeper = await startShardKeeper({
    coordination,
    allowed,
    leaseMs: deps.config.DISCORD_SHARD_LEASE_MS,
    log,
    connect: async (id): Promise<Client> => {
      const client = createDiscordClient(deps.config, { shards: [id], shardCount: count });
      const shardLog = log.child({ shard: id });
      wireEvents(client, deps, shardLog);
      await connect(client, token);
      shardLog.info({ guilds: client.guilds.cache.size }, 'discord shard ready');
      return client;
    },
  });
  log.info(
    { shards: count, allowed, held: keeper.held(), invite: inviteUrl(app.id) },
    'discord ready (cluster: shards split by leases)',
  );
  await register(rest, app.id, deps, log);
  return {
    publisher: createDiscordPublisher(
      createReach(rest, () => keeper.clients()),
      log,
    ),
    stop: () => keeper.stop(),
  };
}

export async function startDiscord(deps: PlatformDeps): Promise<PlatformHandle> {
  const token = deps.config.DISCORD_TOKEN;
  if (!token)
    throw new AppError('config.invalid', 'DISCORD_TOKEN is not set', { detail: 'DISCORD_TOKEN is not set' });
  const log = deps.log.child({ platform: 'discord' });
  return deps.coordination ? startCluster(deps, token, log) : startSingle(deps, token, log);
}

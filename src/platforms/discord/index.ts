/**
 * The Discord adapter: a discord.js client (Guilds intent only) whose REST base URL comes from DISCORD_API_URL,
 * slash commands registered from the command table, interactions routed to the core, and a Publisher. Paused
 * channels resume when a permission update lets the bot post again (resume.ts).
 * One error boundary: client 'error' events are logged, never fatal.
 */
import { Client, DiscordAPIError, Events, GatewayIntentBits, type RateLimitData } from 'discord.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../log/index.js';
import type { PlatformDeps, PlatformHandle } from '../types.js';
import { registerCommands } from './commands.js';
import { handleAutocomplete, handleInteraction } from './interactions.js';
import { inviteUrl } from './invite.js';
import { createDiscordPublisher } from './publisher.js';
import { wirePermissionResume } from './resume.js';

export function createDiscordClient(config: Config): Client {
  const maxWait = config.DISCORD_RATE_LIMIT_MAX_WAIT_MS;
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: {
      api: config.DISCORD_API_URL,
      timeout: config.DISCORD_REST_TIMEOUT_MS,
      // Short 429s are slept through by discord.js; long ones come back to the core as delivery.rate_limited.
      rejectOnRateLimit: (d: RateLimitData) => d.retryAfter > maxWait,
      // Discord bans IPs after 10,000 invalid requests (401/403/429) in 10 minutes: warn every 500 of them.
      invalidRequestWarningInterval: 500,
      // Node's fetch instead of @discordjs/rest's bundled undici 6: whichever undici loads first installs the
      // process-wide dispatcher, and undici 7 (our fetcher) cannot send undici 6's multipart bodies (file uploads).
      makeRequest: (url, init) => fetch(url, init as RequestInit),
    },
  });
}

function wireEvents(client: Client, deps: PlatformDeps, log: Logger): void {
  client.on(Events.Error, (e) => log.error({ err: e }, 'discord client error'));
  client.on(Events.Warn, (m) => log.warn({ detail: m }, 'discord warning'));
  client.on(Events.ShardDisconnect, (ev, shard) =>
    log.warn({ code: ev.code, shard }, 'discord gateway closed'),
  );
  client.on(Events.ShardResume, (shard, replayed) =>
    log.info({ shard, replayed }, 'discord gateway resumed'),
  );
  client.rest.on('invalidRequestWarning', (d) =>
    log.warn(
      { count: d.count, remainingMs: d.remainingTime },
      'discord invalid requests (403/429) piling up',
    ),
  );
  client.rest.on('rateLimited', (info) =>
    log.warn(
      { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'discord rate limited',
    ),
  );
  wirePermissionResume(client, {
    chats: deps.chats,
    log,
    maxAgeMs: deps.config.MAX_ITEM_AGE_HOURS * 3_600_000,
  });
  client.on(Events.InteractionCreate, (i) => {
    if (i.isAutocomplete()) return void handleAutocomplete(i, { router: deps.router, log });
    if (!i.isChatInputCommand()) return;
    void handleInteraction(i, { router: deps.router, log, deferAfterMs: deps.config.DISCORD_DEFER_AFTER_MS });
  });
}

export const READY_TIMEOUT_MS = 60_000;

function waitReady(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new AppError('delivery.network', 'Discord gateway not ready')),
      READY_TIMEOUT_MS,
    );
    timer.unref();
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Log in and wait for READY; a rejected token becomes config.invalid, other failures keep their cause. */
async function connect(client: Client, token: string): Promise<void> {
  const ready = waitReady(client);
  try {
    await client.login(token);
    await ready;
  } catch (e) {
    ready.catch(() => undefined);
    await client.destroy();
    const status = e instanceof DiscordAPIError ? e.status : undefined;
    const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
    if (status === 401 || code === 'TokenInvalid') {
      const detail = 'DISCORD_TOKEN was rejected by Discord';
      throw new AppError('config.invalid', detail, { detail }, { cause: e });
    }
    throw e instanceof AppError
      ? e
      : new AppError('delivery.network', `Discord login failed: ${String(e)}`, {}, { cause: e });
  }
}

export async function startDiscord(deps: PlatformDeps): Promise<PlatformHandle> {
  const token = deps.config.DISCORD_TOKEN;
  if (!token)
    throw new AppError('config.invalid', 'DISCORD_TOKEN is not set', { detail: 'DISCORD_TOKEN is not set' });
  const log = deps.log.child({ platform: 'discord' });
  const client = createDiscordClient(deps.config);
  wireEvents(client, deps, log);
  await connect(client, token);
  const invite = client.application ? inviteUrl(client.application.id) : undefined;
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, invite }, 'discord ready');
  try {
    const appId = client.application?.id ?? client.user?.id ?? '';
    await registerCommands(client.rest, appId, deps.config.DISCORD_GUILD_ID, log, {
      subscribeOpen: deps.config.SUBSCRIBE_ALLOWED === 'everyone',
    });
  } catch (e) {
    log.error({ err: e }, 'discord command registration failed; commands may be stale');
  }
  return {
    publisher: createDiscordPublisher(client, log),
    stop: async () => {
      await client.destroy();
    },
  };
}

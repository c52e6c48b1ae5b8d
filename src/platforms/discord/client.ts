/**
 * The discord.js pieces the adapter starts: a Client (Guilds intent only, optionally for some shards), a
 * standalone REST client with the same options, the event wiring (one error boundary: client 'error' events are
 * logged, never fatal) and the log-in that waits for READY.
 */
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  REST,
  type RESTOptions,
  type RateLimitData,
} from 'discord.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../log/index.js';
import type { PlatformDeps } from '../types.js';
import { handleAutocomplete, handleInteraction } from './interactions.js';
import { wirePermissionResume } from './resume.js';

/** Which shards a Client runs: discord.js' `shards`/`shardCount` options (none = one shard, 0 of 1). */
export interface ShardOptions {
  shards: number[] | 'auto';
  shardCount?: number;
}

function restOptions(config: Config): Partial<RESTOptions> {
  const maxWait = config.DISCORD_RATE_LIMIT_MAX_WAIT_MS;
  return {
    api: config.DISCORD_API_URL,
    timeout: config.DISCORD_REST_TIMEOUT_MS,
    // Short 429s are slept through by discord.js; long ones come back to the core as delivery.rate_limited.
    rejectOnRateLimit: (d: RateLimitData) => d.retryAfter > maxWait,
    // Discord bans IPs after 10,000 invalid requests (401/403/429) in 10 minutes: warn every 500 of them.
    invalidRequestWarningInterval: 500,
    // Node's fetch instead of @discordjs/rest's bundled undici 6: whichever undici loads first installs the
    // process-wide dispatcher, and undici 7 (our fetcher) cannot send undici 6's multipart bodies (file uploads).
    makeRequest: (url, init) => fetch(url, init as RequestInit),
  };
}

export function createDiscordClient(config: Config, shards?: ShardOptions): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    rest: restOptions(config),
    ...shards,
  });
}

/** A REST client without a gateway (cluster mode: posting from an instance that may hold no shard). */
export function createDiscordRest(config: Config, token: string): REST {
  return new REST(restOptions(config)).setToken(token);
}

export function wireRest(rest: REST, log: Logger): void {
  rest.on('invalidRequestWarning', (d) =>
    log.warn(
      { count: d.count, remainingMs: d.remainingTime },
      'discord invalid requests (403/429) piling up',
    ),
  );
  rest.on('rateLimited', (info) =>
    log.warn(
      { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'discord rate limited',
    ),
  );
}

export function wireEvents(client: Client, deps: PlatformDeps, log: Logger): void {
  client.on(Events.Error, (e) => log.error({ err: e }, 'discord client error'));
  client.on(Events.Warn, (m) => log.warn({ detail: m }, 'discord warning'));
  client.on(Events.ShardDisconnect, (ev, shard) =>
    log.warn({ code: ev.code, shard }, 'discord gateway closed'),
  );
  client.on(Events.ShardResume, (shard, replayed) =>
    log.info({ shard, replayed }, 'discord gateway resumed'),
  );
  wireRest(client.rest, log);
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

/** A failure of a Discord request or log-in as an AppError: a rejected token is config.invalid. */
export function loginError(e: unknown): AppError {
  const status = e instanceof DiscordAPIError ? e.status : undefined;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (status === 401 || code === 'TokenInvalid') {
    const detail = 'DISCORD_TOKEN was rejected by Discord';
    return new AppError('config.invalid', detail, { detail }, { cause: e });
  }
  return e instanceof AppError
    ? e
    : new AppError('delivery.network', `Discord login failed: ${String(e)}`, {}, { cause: e });
}

/** Log in and wait for READY (of every shard of the Client); failures become AppErrors (loginError). */
export async function connect(client: Client, token: string): Promise<void> {
  const ready = waitReady(client);
  try {
    await client.login(token);
    await ready;
  } catch (e) {
    ready.catch(() => undefined);
    await client.destroy();
    throw loginError(e);
  }
}

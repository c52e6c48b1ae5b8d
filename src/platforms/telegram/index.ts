/**
 * The Telegram adapter: startTelegram(deps) → { publisher, stop }. Long polling with @grammyjs/runner by
 * default; webhook mode (with a secret token) when TELEGRAM_WEBHOOK_URL is set. Registers the command menu in
 * English and German per scope. The only place (with its siblings) that imports grammY.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { type Bot, webhookCallback } from 'grammy';
import { AppError } from '../../domain/errors.js';
import type { Logger } from '../../log/index.js';
import type { PlatformDeps, PlatformHandle } from '../types.js';
import { type BotOptions, createBot } from './bot.js';
import { pollUnderLease } from './cluster.js';
import { menuEntries } from './menu.js';
import { createTelegramPublisher } from './publisher.js';

export interface TelegramOptions extends BotOptions {
  /** Long-poll hold in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Webhook listen port override (0 = ephemeral, for tests); default TELEGRAM_WEBHOOK_PORT. */
  webhookPort?: number;
  /** Host the webhook server binds to (default 0.0.0.0). */
  webhookHost?: string;
}

export interface TelegramHandle extends PlatformHandle {
  bot: Bot;
  /** Webhook mode: the local port the server listens on. */
  webhookPort?: number;
  /** Cluster long polling: whether this instance holds the polling lease and polls now. */
  polling?: () => boolean;
}

export async function startTelegram(deps: PlatformDeps, opts: TelegramOptions = {}): Promise<TelegramHandle> {
  if (!deps.config.TELEGRAM_BOT_TOKEN) throw new AppError('config.invalid', 'TELEGRAM_BOT_TOKEN is not set');
  const log = deps.log.child({ platform: 'telegram' });
  const bot = createBot(deps, opts);
  logPollingErrors(bot, log);
  await bot.init();
  await registerMenu(bot, log, deps.config.SUBSCRIBE_ALLOWED === 'everyone');
  const publisher = createTelegramPublisher(bot.api, log, deps.chats);
  if (deps.config.TELEGRAM_WEBHOOK_URL) {
    const server = await startWebhook(bot, deps, opts, log);
    const port = (server.address() as AddressInfo).port;
    log.info({ username: bot.botInfo.username, port }, 'telegram webhook started');
    return { bot, publisher, webhookPort: port, stop: () => closeServer(server) };
  }
  await bot.api.deleteWebhook();
  const startRunner = () =>
    run(bot, {
      runner: {
        fetch: { timeout: opts.pollTimeoutSeconds ?? 30 },
        retryInterval: 1000,
        maxRetryTime: Number.MAX_SAFE_INTEGER / 2,
        silent: true,
      },
    });
  if (deps.coordination) {
    // cluster: one instance polls at a time (Telegram answers a second poller with 409)
    const polling = pollUnderLease({
      coordination: deps.coordination,
      ttlMs: deps.config.TELEGRAM_POLL_LEASE_MS,
      log,
      startRunner,
    });
    log.info(
      { username: bot.botInfo.username },
      'telegram long polling started (one instance polls at a time)',
    );
    return { bot, publisher, polling: () => polling.polling(), stop: () => polling.stop() };
  }
  const runner = startRunner();
  log.info({ username: bot.botInfo.username }, 'telegram long polling started');
  return { bot, publisher, stop: () => stopRunner(runner) };
}

/** Failed getUpdates calls are retried by the runner; log them (the runner itself is silenced). */
function logPollingErrors(bot: Bot, log: Logger): void {
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (e) {
      if (method === 'getUpdates' && !signal?.aborted)
        log.warn({ err: String(e) }, 'telegram getUpdates failed; retrying');
      throw e;
    }
  });
}

async function registerMenu(bot: Bot, log: Logger, subscribeOpen: boolean): Promise<void> {
  for (const entry of menuEntries(subscribeOpen)) {
    try {
      const other = entry.language_code
        ? { scope: entry.scope, language_code: entry.language_code }
        : { scope: entry.scope };
      await bot.api.setMyCommands(entry.commands, other);
    } catch (e) {
      log.warn({ err: String(e), scope: entry.scope.type }, 'telegram setMyCommands failed');
    }
  }
}

async function startWebhook(
  bot: Bot,
  deps: PlatformDeps,
  opts: TelegramOptions,
  log: Logger,
): Promise<Server> {
  const url = deps.config.TELEGRAM_WEBHOOK_URL ?? '';
  const secret = deps.config.TELEGRAM_WEBHOOK_SECRET;
  const path = new URL(url).pathname;
  // answer Telegram at once for slow commands (/summary) instead of letting the webhook call time out
  const timeouts = { onTimeout: 'return' as const, timeoutMilliseconds: 50_000 };
  const callback = webhookCallback(bot, 'http', secret ? { secretToken: secret, ...timeouts } : timeouts);
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== path) {
      res.writeHead(404).end();
      return;
    }
    void callback(req, res);
  });
  const port = opts.webhookPort ?? deps.config.TELEGRAM_WEBHOOK_PORT;
  await new Promise<void>((resolve) => server.listen(port, opts.webhookHost ?? '0.0.0.0', resolve));
  if (deps.coordination) await setWebhookOnce(bot, url, secret, log);
  else await bot.api.setWebhook(url, secret ? { secret_token: secret } : {});
  return server;
}

/**
 * Cluster: every instance serves the same URL behind a load balancer, so only an instance that finds Telegram
 * calling another URL (or refused by a 401/403, e.g. after the secret changed) sets it; instances starting in turn
 * then leave the webhook alone. Pending updates are never dropped.
 */
async function setWebhookOnce(bot: Bot, url: string, secret: string | undefined, log: Logger): Promise<void> {
  const info = await bot.api.getWebhookInfo().catch(() => undefined);
  const refused = /\b40[13]\b/.test(info?.last_error_message ?? '');
  if (info?.url === url && !refused) {
    log.debug('telegram webhook already set');
    return;
  }
  await bot.api.setWebhook(url, secret ? { secret_token: secret } : {});
  log.info({ refused }, 'telegram webhook set');
}

async function stopRunner(runner: RunnerHandle): Promise<void> {
  if (runner.isRunning()) await runner.stop();
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

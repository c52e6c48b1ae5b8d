/**
 * The settings table: every environment variable with its validator, its default (as written in .env.example)
 * and its description. Read through `loadConfig` (src/config/index.ts); `.env.example` is rendered from it.
 */
import { z } from 'zod';
import {
  allowHostProblem,
  bool,
  checkedList,
  cronSchedule,
  int,
  isHttpUrl,
  lang,
  optionalText,
  optionalToken,
  optionalUrl,
  portProblem,
  rate,
  shardCount,
  shardIds,
  timezone,
  url,
} from './validators.js';

export interface SettingSpec<T extends z.ZodType = z.ZodType> {
  schema: T;
  /** Default as it is written in .env.example ('' = unset). */
  default: string;
  description: string;
  secret?: boolean;
}

function setting<T extends z.ZodType>(
  schema: T,
  def: string,
  description: string,
  secret = false,
): SettingSpec<T> {
  return { schema, default: def, description, secret };
}

export const SETTINGS = {
  // --- general ---
  LOG_LEVEL: setting(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'info',
    'Log level: fatal, error, warn, info, debug, trace or silent.',
  ),
  LOG_FORMAT: setting(
    z.enum(['auto', 'json', 'pretty']),
    'auto',
    'Log lines: json (for machines), pretty (readable), or auto: pretty when the log stream (stderr) is a terminal, json otherwise.',
  ),
  DATABASE_URL: setting(
    z
      .string()
      .trim()
      .refine(
        (v) => /^sqlite:(\/\/)?.+$/i.test(v) || isHttpUrl(v, /^postgres(ql)?:$/i, false),
        'must be sqlite:<file>, sqlite::memory: or postgres://user:password@host:5432/database',
      ),
    'sqlite:data/newsdigest.db',
    'Store: sqlite:<path> (embedded default, file created on start; sqlite::memory: for a throwaway store) or postgres://user:pass@host:5432/db.',
    true,
  ),
  FEEDS_DIR: setting(
    z.string().trim().min(1),
    'feeds',
    'Folder of curated feed catalog files (*.yaml, *.yml, *.json).',
  ),
  DEFAULT_LANGUAGE: setting(lang, 'de', 'Language of chats that have not chosen one (de or en).'),
  HTTP_PORT: setting(
    z
      .string()
      .trim()
      .refine(
        (v) => v === '' || (/^\d{1,5}$/.test(v) && Number(v) <= 65535),
        'must be a port (0-65535) or empty',
      )
      .transform((v) => (v === '' ? undefined : Number(v))),
    '',
    'Port of the operations server (/healthz, /readyz, /metrics); empty = off, 0 = any free port.',
  ),
  REDIS_URL: setting(
    z
      .string()
      .trim()
      .refine(
        (v) => v === '' || isHttpUrl(v, /^rediss?:$/i, false),
        'must be redis://[:password@]host:6379[/db] or rediss://… (TLS), or empty',
      )
      .transform((v) => (v === '' ? undefined : v)),
    '',
    'Cluster mode: Redis shared by all instances (BullMQ jobs, shared rate limits, leases); empty = one process, no Redis.',
    true,
  ),
  REDIS_PREFIX: setting(
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1-40 letters, digits, _ . or -'),
    'newsdigest',
    'Cluster mode: prefix of every Redis key (BullMQ queues, leases); instances of one deployment share it.',
  ),
  CLUSTER_SYNC_MS: setting(
    int(1_000, 3_600_000),
    '30000',
    'Cluster mode: how often each instance brings the job schedulers in step with the feeds and digest schedules.',
  ),
  CLUSTER_FEED_INTERVAL_MS: setting(
    z
      .union([z.literal('0'), z.string().regex(/^\d+$/)])
      .transform(Number)
      .refine((n) => n === 0 || (n >= 1_000 && n <= 86_400_000), 'must be 0 or 1000-86400000'),
    '0',
    'Cluster mode: refresh every feed at this interval (ms) instead of its own minutes; 0 = each feed its own. For tests and benchmarks.',
  ),
  CLUSTER_FANOUT_INTERVAL_MS: setting(
    int(1_000, 3_600_000),
    '30000',
    'Cluster mode: safety-net fan-out job interval (a refresh with new articles also enqueues one at once).',
  ),
  HTTP_HOST: setting(
    z.string().trim().min(1),
    '127.0.0.1',
    'Address the operations server listens on (0.0.0.0 to expose it beyond this machine).',
  ),

  // --- digest engine ---
  SUMMARIZER: setting(
    z.enum(['extractive', 'llm']),
    'extractive',
    'Default summarizer: extractive (offline) or llm (needs LLM_BASE_URL and LLM_MODEL; falls back to extractive).',
  ),
  DIGEST_MAX_SENTENCES: setting(int(1, 10), '3', 'Maximum sentences in a digest.'),
  DIGEST_MAX_CHARS: setting(int(100, 4000), '600', 'Approximate character budget of a digest.'),
  DIGEST_MAX_FIGURES: setting(int(0, 10), '5', 'Maximum key figures in a digest.'),

  // --- fetcher ---
  ALLOW_PRIVATE_HOSTS: setting(
    checkedList(allowHostProblem),
    '',
    'Comma-separated hosts or CIDRs that the fetcher may reach although they are private (e.g. 127.0.0.1/32,localhost). Operator setting only.',
  ),
  ALLOW_PORTS: setting(
    checkedList(portProblem),
    '',
    'Comma-separated extra ports the fetcher may connect to besides 80 and 443 (e.g. 8080).',
  ),
  USER_AGENT: setting(
    z
      .string()
      .trim()
      .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (it is sent as an HTTP header)'),
    'news-digest-bot/0.1 (+https://github.com/news-digest-bot/news-digest-bot)',
    'User-Agent sent with every request; keep a contact URL in it.',
  ),
  FETCH_TIMEOUT_MS: setting(
    int(1000, 120_000),
    '20000',
    'Overall timeout of one request (connect, headers, body).',
  ),
  FETCH_CONNECT_TIMEOUT_MS: setting(int(500, 60_000), '10000', 'Connect timeout of one request.'),
  FETCH_MAX_FEED_BYTES: setting(
    int(1024, 100_000_000),
    '5242880',
    'Body cap for feeds, after decompression.',
  ),
  FETCH_MAX_PAGE_BYTES: setting(
    int(1024, 100_000_000),
    '5242880',
    'Body cap for article pages, after decompression.',
  ),
  FETCH_MAX_REDIRECTS: setting(int(0, 10), '5', 'Maximum redirects followed per request.'),

  // --- poller ---
  POLL_INTERVAL_MINUTES: setting(
    int(2, 1440),
    '10',
    'Default interval between polls of one feed (minimum 2).',
  ),
  POLL_CONCURRENCY: setting(int(1, 500), '20', 'Feeds fetched at the same time.'),
  POLL_PER_HOST_CONCURRENCY: setting(int(1, 50), '2', 'Feeds fetched at the same time from one host.'),
  PARSE_WORKERS: setting(
    int(0, 16),
    '2',
    'Worker threads that parse feeds during a poll, at most CPU cores - 1 (0: parse on the main thread).',
  ),
  PARSE_SKIP_KNOWN: setting(
    bool,
    'true',
    'Leave items already stored out before parsing a changed feed (false: parse every item, e.g. to rule this out).',
  ),
  PARSE_MAX_ITEMS: setting(
    int(1, 100_000),
    '1000',
    'Items read per feed, the first in document order; the rest are never parsed (check-feed reports the cut).',
  ),
  MAX_ITEM_AGE_HOURS: setting(int(1, 24 * 365), '24', 'Items older than this are stored but not announced.'),
  FULL_TEXT: setting(
    bool,
    'true',
    'Fetch article pages for full text where the feed gives only a teaser (per-feed override in feeds/).',
  ),
  ARTICLE_RETENTION_DAYS: setting(
    int(2, 3650),
    '30',
    'Dated articles older than this are deleted by the daily cleanup (04:17 local), with their digests and decisions.',
  ),
  DELIVERY_RETENTION_DAYS: setting(
    int(2, 3650),
    '30',
    'Finished delivery decisions and messages are deleted this many days after they last changed (pending ones never).',
  ),
  LLM_CACHE_RETENTION_DAYS: setting(
    int(1, 3650),
    '30',
    'Cached LLM and translated digests older than this are deleted by the daily cleanup.',
  ),

  // --- delivery ---
  DIGEST_TIMEZONE: setting(timezone, 'Europe/Berlin', 'Timezone of scheduled digests (IANA name).'),
  DIGEST_SCHEDULE: setting(cronSchedule, '0 7 * * *', 'Default cron schedule of scheduled digests.'),
  MAX_FEEDS_PER_CHAT: setting(int(1, 10_000), '50', 'Cap on admin-added feeds per chat.'),
  MAX_SUBSCRIPTIONS_PER_CHAT: setting(int(1, 10_000), '100', 'Cap on subscriptions per chat.'),
  SUBSCRIBE_ALLOWED: setting(
    z.enum(['admins', 'everyone']),
    'admins',
    'Who may subscribe, unsubscribe and resume in servers and groups: admins (Manage Channels / chat admins) or everyone.',
  ),
  SUMMARY_RATE_PER_USER: setting(int(1, 1000), '5', 'summary commands per user per 10 minutes.'),
  SUMMARY_RATE_PER_CHAT: setting(int(1, 1000), '20', 'summary commands per chat per 10 minutes.'),
  CONFIGURE_RATE_PER_USER: setting(
    int(1, 1000),
    '10',
    'feeds add, feeds test and opml import per user per 10 minutes (a budget apart from reading).',
  ),
  CONFIGURE_RATE_PER_CHAT: setting(
    int(1, 1000),
    '30',
    'feeds add, feeds test and opml import per chat per 10 minutes.',
  ),
  DELIVERY_CONCURRENCY: setting(int(1, 64), '4', 'Messages sent at the same time (to different chats).'),
  DELIVERY_MAX_ATTEMPTS: setting(
    int(1, 100),
    '8',
    'Failed send attempts (server or network errors) before a message is recorded as failed; rate limits do not count.',
  ),
  DELIVERY_LEASE_MS: setting(
    int(100, 3_600_000),
    '60000',
    'How long a claimed message belongs to its sender; after a crash it is re-sent (same nonce) once the lease ends.',
  ),
  DELIVERY_POLL_MS: setting(
    int(10, 60_000),
    '1000',
    'How often the sender looks for due messages when idle.',
  ),
  DELIVERY_CLUSTER_WINDOW_HOURS: setting(
    int(1, 24 * 14),
    '48',
    'Stories within this window in one chat are compared for duplicates across outlets.',
  ),
  TELEGRAM_RATE_GLOBAL: setting(rate, '30/1s', 'Telegram: messages overall, as count/window.'),
  TELEGRAM_RATE_PER_CHAT: setting(rate, '1/1s', 'Telegram: messages per chat, as count/window.'),
  TELEGRAM_RATE_PER_GROUP: setting(
    rate,
    '20/60s',
    'Telegram: messages per group or channel, as count/window.',
  ),
  DISCORD_RATE_GLOBAL: setting(rate, '50/1s', 'Discord: requests overall, as count/window.'),
  DISCORD_RATE_PER_CHANNEL: setting(rate, '5/5s', 'Discord: messages per channel, as count/window.'),

  // --- Discord ---
  DISCORD_TOKEN: setting(
    optionalToken(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    '',
    'Discord bot token; the Discord adapter starts when set.',
    true,
  ),
  DISCORD_API_URL: setting(
    url,
    'https://discord.com/api',
    'Discord REST API base URL (tests point it at a local fake).',
  ),
  DISCORD_GUILD_ID: setting(
    optionalToken(/^\d{1,20}$/, 'must be a Discord server id (digits)'),
    '',
    'Register slash commands to this guild only (development); empty = global.',
  ),
  DISCORD_RATE_LIMIT_MAX_WAIT_MS: setting(
    int(0, 600_000),
    '10000',
    'Discord 429s up to this wait are slept through; longer ones are handed back to the delivery queue.',
  ),
  DISCORD_REST_TIMEOUT_MS: setting(int(1000, 120_000), '15000', 'Timeout of one Discord REST request.'),
  DISCORD_DEFER_AFTER_MS: setting(
    int(50, 2500),
    '2000',
    'Slash commands not answered within this time are deferred (Discord allows 3 s for the first answer).',
  ),
  DISCORD_SHARD_COUNT: setting(
    shardCount,
    '1',
    'Gateway shards in total (Discord requires sharding from 2,500 servers): a number, or auto for the count Discord recommends.',
  ),
  DISCORD_SHARD_IDS: setting(
    shardIds,
    '',
    'Comma-separated shard ids this instance may run (each below DISCORD_SHARD_COUNT); empty = any.',
  ),
  DISCORD_SHARD_LEASE_MS: setting(
    int(1000, 300_000),
    '15000',
    'Cluster mode: a shard is held by one instance through a Redis lease of this length; another takes it over this long after its holder died.',
  ),

  // --- Telegram ---
  TELEGRAM_BOT_TOKEN: setting(
    optionalToken(/^\d+:[\w-]+$/, 'must look like 123456789:AAE... (the token BotFather gave)'),
    '',
    'Telegram bot token from BotFather; the Telegram adapter starts when set.',
    true,
  ),
  TELEGRAM_API_ROOT: setting(
    url,
    'https://api.telegram.org',
    'Telegram Bot API root (tests point it at a local fake).',
  ),
  TELEGRAM_WEBHOOK_URL: setting(
    optionalUrl.refine(
      (v) => v === undefined || v.toLowerCase().startsWith('https://'),
      'must be an https URL (Telegram calls webhooks over HTTPS only)',
    ),
    '',
    'Public HTTPS URL for webhook mode; empty = long polling.',
  ),
  TELEGRAM_WEBHOOK_SECRET: setting(
    optionalToken(/^[\w-]{1,256}$/, 'must be 1-256 characters A-Z, a-z, 0-9, _ or -'),
    '',
    'Secret token Telegram sends with webhook calls.',
    true,
  ),
  TELEGRAM_WEBHOOK_PORT: setting(int(1, 65535), '8443', 'Local port the webhook server listens on.'),
  TELEGRAM_POLL_LEASE_MS: setting(
    int(500, 120_000),
    '15000',
    'Cluster mode (REDIS_URL) with long polling: lease that lets one instance poll; another takes over within it.',
  ),

  // --- LLM and translation ---
  LLM_BASE_URL: setting(
    optionalUrl,
    '',
    'OpenAI-compatible API base URL, e.g. http://127.0.0.1:11434/v1 for Ollama.',
  ),
  LLM_API_KEY: setting(optionalText, '', 'API key for the LLM server (optional for local servers).', true),
  LLM_MODEL: setting(optionalText, '', 'Model name, e.g. llama3.1:8b.'),
  LLM_TIMEOUT_MS: setting(int(1000, 600_000), '60000', 'Timeout of one LLM request.'),
  LLM_MAX_RETRIES: setting(int(0, 10), '2', 'Retries of a failed LLM request (with backoff).'),
  LLM_CONCURRENCY: setting(int(1, 64), '2', 'LLM requests at the same time.'),
  LLM_DAILY_REQUESTS: setting(
    int(0, 10_000_000),
    '1000',
    'LLM requests per day before falling back to extractive (0 = no limit).',
  ),
  TRANSLATE_URL: setting(
    optionalUrl,
    '',
    'LibreTranslate-compatible API base URL, e.g. http://127.0.0.1:5000.',
  ),
  TRANSLATE_API_KEY: setting(optionalText, '', 'API key for the translation server (optional).', true),
} as const;

type Settings = typeof SETTINGS;
export type Config = { readonly [K in keyof Settings]: z.output<Settings[K]['schema']> };
export type SettingName = keyof Settings;

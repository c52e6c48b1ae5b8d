/**
 * bench:cluster — 1 vs 3 `newsdigest start` instances (child processes of dist/cli.js) on one PostgreSQL schema and
 * one Redis, on this machine:
 * - feeds/s: N feeds on a loopback server, all due at start, CLUSTER_FEED_INTERVAL_MS an hour (each fetched once);
 *   from the first fetch until every feed is stored as refreshed (read from the store); also one process without
 *   REDIS_URL on the same PostgreSQL (its first poll cycle) as the baseline;
 * - deliveries/s: C Telegram chats subscribed to a tag, a burst of S new stories (C×S messages) at the fake
 *   Telegram; first to last send. Once with platform limits raised far (the engine is the bound), once at
 *   Telegram's real limits (30/s overall, 1/s per chat: the platform is the bound);
 * - the same with DELIVERY_CONCURRENCY=12 (default 4): whether one instance is bound by its sends in flight;
 * - memory: VmHWM and VmRSS of each child (/proc/<pid>/status) at the end of each phase.
 * Prints a table; no assertions. Needs `npm run build`, TEST_DATABASE_URL (or DATABASE_URL, postgres) and
 * TEST_REDIS_URL (or REDIS_URL).
 *   npm run bench:cluster [-- --feeds 1000 --chats 100 --stories 20]
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { openStore } from '../src/store/db.js';
import { listFeeds } from '../src/store/feeds-repo.js';
import { subscribe } from '../src/store/subscriptions-repo.js';
import { TelegramFake } from '../test/integration/fakes/telegram-fake.js';
import {
  BUILT,
  CLI,
  freshSchema,
  type Instance,
  publish,
  startInstance,
  stopInstance,
  storyItem,
  until,
  writeCatalog,
} from '../test/integration/cluster/processes.js';
import { type FeedItem, startFeedServer } from '../test/integration/pipeline/feed-server.js';

const { values: args } = parseArgs({
  options: {
    feeds: { type: 'string', default: '1000' },
    chats: { type: 'string', default: '100' },
    stories: { type: 'string', default: '20' },
    'real-stories': { type: 'string', default: '5' },
  },
});
const FEEDS = Number(args.feeds);
const CHATS = Number(args.chats);
const STORIES = Number(args.stories);
const REAL_STORIES = Number(args['real-stories']);
const DB = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
const REDIS = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? '';
const TAG = 'bench';

interface Mem {
  hwm: number;
  rss: number;
}
interface Run {
  label: string;
  instances: number;
  seconds: number;
  count: number;
  perSecond: number;
  mem: Mem[];
}

let storyN = Math.floor(Math.random() * 1000) * 10_000;

/** One cluster of `n` instances on a fresh schema and prefix; `body` measures, then everything is torn down. */
async function withCluster<T>(
  n: number,
  feeds: number,
  settings: Record<string, string>,
  body: (c: {
    instances: Instance[];
    tg: TelegramFake;
    db: Awaited<ReturnType<typeof openStore>>;
    fetchTimes: number[][];
    add(k: number): string;
    started: number;
  }) => Promise<T>,
): Promise<T> {
  const server = await startFeedServer();
  const fetchTimes: number[][] = Array.from({ length: feeds }, () => []);
  server.requests.push = (...rs) => {
    for (const r of rs) fetchTimes[Number(/\/f\/(\d+)\.xml/.exec(r.path)?.[1] ?? -1)]?.push(Date.now());
    return 0;
  };
  const items: FeedItem[][] = [];
  for (let k = 0; k < feeds; k++) {
    items.push([storyItem(storyN++).item]);
    publish(server, k, items[k] as FeedItem[]);
  }
  const tg = await new TelegramFake().listen();
  const schema = await freshSchema(DB);
  const catalog = writeCatalog(server, feeds, TAG);
  const prefix = `b${randomBytes(5).toString('hex')}`;
  const instances: Instance[] = [];
  const started = Date.now();
  for (let i = 0; i < n; i++)
    instances.push(
      startInstance(`i${i}`, {
        DATABASE_URL: schema.url,
        REDIS_URL: REDIS,
        REDIS_PREFIX: prefix,
        FEEDS_DIR: catalog.dir,
        ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
        ALLOW_PORTS: String(server.port),
        FULL_TEXT: 'false',
        LOG_LEVEL: 'warn',
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRootFor(`i${i}`),
        ...settings,
      }),
    );
  const db = await openStore(schema.url);
  try {
    return await body({
      instances,
      tg,
      db,
      fetchTimes,
      started,
      add(k) {
        const s = storyItem(storyN++);
        (items[k] as FeedItem[]).unshift(s.item);
        publish(server, k, items[k] as FeedItem[]);
        return s.marker;
      },
    });
  } catch (e) {
    for (const i of instances) process.stderr.write(`--- ${i.name}\n${i.output().slice(-2000)}\n`);
    throw e;
  } finally {
    await Promise.all(instances.map((i) => stopInstance(i)));
    await db.close();
    await tg.close();
    await server.close();
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await schema.cleanup();
    catalog.remove();
  }
}

const memOf = (instances: Instance[]) => instances.map((i) => i.memory() ?? { hwm: 0, rss: 0 });

async function initializedCount(db: Awaited<ReturnType<typeof openStore>>): Promise<number> {
  return (await listFeeds(db.db)).filter((f) => f.initialized).length;
}

/** `redis` false: one process as without REDIS_URL (node-cron, its first poll takes every due feed): the baseline. */
async function feedsPhase(n: number, redis = true): Promise<Run> {
  const settings = { CLUSTER_FEED_INTERVAL_MS: '3600000', ...(redis ? {} : { REDIS_URL: '' }) };
  return withCluster(n, FEEDS, settings, async (c) => {
    await until(async () => (await initializedCount(c.db)) >= FEEDS, 600_000, 'every feed refreshed');
    const done = Date.now();
    const first = Math.min(...c.fetchTimes.flat());
    const seconds = (done - first) / 1000;
    return {
      label: redis ? 'feeds' : 'feeds, one process without Redis',
      instances: n,
      seconds,
      count: FEEDS,
      perSecond: FEEDS / seconds,
      mem: memOf(c.instances),
    };
  });
}

async function deliveryPhase(n: number, real: boolean, extra: Record<string, string> = {}): Promise<Run> {
  const stories = real ? REAL_STORIES : STORIES;
  const limits = real
    ? { TELEGRAM_RATE_GLOBAL: '30/1s', TELEGRAM_RATE_PER_CHAT: '1/1s' }
    : { TELEGRAM_RATE_GLOBAL: '100000/1s', TELEGRAM_RATE_PER_CHAT: '1000/1s' };
  const settings = {
    CLUSTER_FEED_INTERVAL_MS: '3000',
    CLUSTER_FANOUT_INTERVAL_MS: '2000',
    ...limits,
    ...extra,
  };
  return withCluster(n, stories, settings, async (c) => {
    await until(async () => (await initializedCount(c.db)) >= stories, 120_000, 'feeds initialized');
    for (let chat = 1; chat <= CHATS; chat++)
      await subscribe(
        c.db.db,
        { platform: 'telegram', chatId: String(800_000 + chat) },
        {
          target: { kind: 'tag', tag: TAG },
          language: 'de',
          mode: 'instant',
          cron: '0 7 * * *',
          timezone: 'UTC',
          createdBy: 'bench',
        },
      );
    const markers = Array.from({ length: stories }, (_, k) => c.add(k));
    const expected = stories * CHATS;
    const sends = () =>
      c.tg
        .callsOf('sendMessage')
        .filter((x) => x.errorCode === undefined && markers.some((m) => String(x.body.text).includes(m)));
    await until(() => sends().length >= expected, 600_000, `${expected} deliveries`);
    const times = sends().map((x) => x.at ?? 0);
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    return {
      label: `${real ? 'deliveries (Telegram 30/s, 1/s per chat)' : 'deliveries (limits raised)'}${
        extra.DELIVERY_CONCURRENCY ? `, DELIVERY_CONCURRENCY=${extra.DELIVERY_CONCURRENCY}` : ''
      }`,
      instances: n,
      seconds,
      count: sends().length,
      perSecond: sends().length / seconds,
      mem: memOf(c.instances),
    };
  });
}

function table(runs: Run[]): string {
  const rows = [
    [
      'phase',
      'instances',
      'count',
      'seconds',
      'per second',
      'vs 1 instance',
      'VmHWM MiB (each)',
      'RSS MiB (each)',
    ],
  ];
  for (const r of runs) {
    const base = runs.find((x) => x.label === r.label && x.instances === 1);
    rows.push([
      r.label,
      String(r.instances),
      String(r.count),
      r.seconds.toFixed(1),
      r.perSecond.toFixed(1),
      base ? `${(r.perSecond / base.perSecond).toFixed(2)}×` : '–',
      r.mem.map((m) => m.hwm.toFixed(0)).join(' / '),
      r.mem.map((m) => m.rss.toFixed(0)).join(' / '),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  if (!BUILT) throw new Error(`${CLI} is missing: run npm run build first`);
  if (!DB.startsWith('postgres') || !REDIS)
    throw new Error('needs TEST_DATABASE_URL (postgres) and TEST_REDIS_URL');
  process.stdout.write(
    `bench:cluster on ${cpus().length} cores (load ${loadavg()[0]?.toFixed(2)}): ${FEEDS} feeds, ${CHATS} chats × ${STORIES} stories (real limits: × ${REAL_STORIES})\n`,
  );
  const runs: Run[] = [];
  runs.push(await feedsPhase(1, false));
  for (const n of [1, 3]) runs.push(await feedsPhase(n));
  for (const n of [1, 3]) runs.push(await deliveryPhase(n, false));
  // one instance with three times the sends in flight: is one instance bound by its CPU or by its concurrency?
  const c12 = { DELIVERY_CONCURRENCY: '12' };
  for (const n of [1, 3]) runs.push(await deliveryPhase(n, false, c12));
  runs.push(await deliveryPhase(3, true));
  process.stdout.write(`${table(runs)}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench:cluster failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

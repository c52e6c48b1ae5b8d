/**
 * Issue 16's acceptance test: three `newsdigest start` child processes on one PostgreSQL schema and one Redis,
 * 50 feeds on a loopback server that counts every fetch, the fake Telegram (webhook mode behind a round-robin
 * "load balancer", or long polling) and the fake Discord with 2 shards. Chats subscribe through commands sent to
 * the fakes; new stories are published over several intervals. Checked at the edges: each feed fetched once per
 * interval, every (subscription, story) delivered once, the platform limits held in every sliding window, each
 * command answered once, a digest sent once per firing; then a SIGKILL: the others poll its feeds, take its shard,
 * deliver what it had claimed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../helpers/redis.js';
import { TEST_DATABASE_URL } from '../../helpers/store.js';
import { commandUpdate } from '../telegram/harness.js';
import { discordCounts, startWorld, TAG, telegramCounts, type World } from './cluster-world.js';
import { BUILT, maxInWindow, sleep, until } from './processes.js';

const SKIP = !TEST_REDIS_URL || !TEST_DATABASE_URL || !BUILT;
if (SKIP)
  console.warn(
    'cluster acceptance test skipped: needs TEST_REDIS_URL, TEST_DATABASE_URL and a built dist/cli.js (npm run build)',
  );

const FEEDS = 50;
const INTERVAL = 5_000;
const LEASE = 3_000;
// low platform limits, so that the senders of three instances together would exceed them if not shared
const TG_GLOBAL = { n: 4, ms: 1000 };
const TG_CHAT = { n: 2, ms: 1000 };
const DC_GLOBAL = { n: 4, ms: 1000 };
const DC_CHANNEL = { n: 3, ms: 2000 };
const SETTINGS = {
  CLUSTER_FEED_INTERVAL_MS: String(INTERVAL),
  CLUSTER_FANOUT_INTERVAL_MS: '2000',
  CLUSTER_SYNC_MS: '2000',
  DELIVERY_LEASE_MS: String(LEASE),
  DELIVERY_POLL_MS: '200',
  DISCORD_SHARD_LEASE_MS: String(LEASE),
  TELEGRAM_POLL_LEASE_MS: String(LEASE),
  DIGEST_SCHEDULE: '* * * * *',
  TELEGRAM_RATE_GLOBAL: `${TG_GLOBAL.n}/${TG_GLOBAL.ms}ms`,
  TELEGRAM_RATE_PER_CHAT: `${TG_CHAT.n}/${TG_CHAT.ms}ms`,
  TELEGRAM_RATE_PER_GROUP: `${TG_CHAT.n}/${TG_CHAT.ms}ms`,
  DISCORD_RATE_GLOBAL: `${DC_GLOBAL.n}/${DC_GLOBAL.ms}ms`,
  DISCORD_RATE_PER_CHANNEL: `${DC_CHANNEL.n}/${DC_CHANNEL.ms}ms`,
};
// Telegram chats: two instant subscribers and one with a scheduled digest
const TG_INSTANT = [91001, 91002];
const TG_DIGEST = 91003;

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const privateChat = (id: number) => ({ id, type: 'private', first_name: `U${id}` });
let nextStory = 1;

/** Send a Telegram command from a private chat; returns its update id. */
function tgCommand(world: World, chatId: number, text: string): number {
  return world.tg.pushUpdate(commandUpdate(privateChat(chatId), { id: chatId }, text));
}

/** Answers (successful sendMessage) in a Telegram chat that are not deliveries of a story. */
function tgAnswers(world: World, chatId: number): number {
  return world.tg
    .callsOf('sendMessage')
    .filter((c) => Number(c.body.chat_id) === chatId && c.errorCode === undefined)
    .filter((c) => !world.markers.some((m) => JSON.stringify(c.body).includes(m))).length;
}

/** Subscribe the Discord channel of each shard's guild (a slash command), answered once each. */
async function discordSubscribe(world: World): Promise<string[]> {
  const ids = world.guilds.map(
    (g) =>
      world.dc.interact({
        command: 'subscribe',
        guildId: g.guildId,
        channelId: g.textChannelId,
        options: [{ name: 'target', type: 3, value: TAG }],
        permissions: '8',
      }).id,
  );
  await until(() => ids.every((id) => (world.dc.callbacks.get(id) ?? 0) >= 1), 20_000, 'discord answers');
  return ids;
}

/** Publish one new story on each of `count` feeds starting at `from`; returns their markers. */
function round(world: World, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, j) => world.add((from + j) % FEEDS, nextStory++));
}

/** Each story exactly once (or at most `extra` more) in every subscribed chat. */
function deliveredOnce(world: World, markers: string[]): string[] {
  const wrong: string[] = [];
  for (const chat of TG_INSTANT) {
    const counts = telegramCounts(world, chat);
    for (const m of markers) if (counts.get(m) !== 1) wrong.push(`tg ${chat} ${m} ×${counts.get(m)}`);
  }
  for (const g of world.guilds) {
    const counts = discordCounts(world, g.textChannelId);
    for (const m of markers)
      if (counts.get(m) !== 1) wrong.push(`dc ${g.textChannelId} ${m} ×${counts.get(m)}`);
  }
  return wrong;
}

const allDelivered = (world: World, markers: string[]) => () =>
  TG_INSTANT.every((c) => markers.every((m) => (telegramCounts(world, c).get(m) ?? 0) >= 1)) &&
  world.guilds.every((g) => markers.every((m) => (discordCounts(world, g.textChannelId).get(m) ?? 0) >= 1));

/** Arrival times of story deliveries at the fakes: Telegram per chat and overall, Discord per channel and overall. */
function limitsHeld(world: World): string[] {
  const tgCalls = world.tg
    .callsOf('sendMessage')
    .filter((c) => world.markers.some((m) => JSON.stringify(c.body).includes(m)));
  const dcCalls = world.dc.calls.filter(
    (c) => c.method === 'POST' && /\/channels\/\d+\/messages$/.test(c.path),
  );
  const out: string[] = [];
  const check = (what: string, times: number[], n: number, ms: number) => {
    const max = maxInWindow(times, ms);
    if (max > n) out.push(`${what}: ${max} in ${ms} ms (limit ${n})`);
  };
  check(
    'telegram global',
    tgCalls.map((c) => c.at ?? 0),
    TG_GLOBAL.n,
    TG_GLOBAL.ms,
  );
  for (const chat of [...TG_INSTANT, TG_DIGEST])
    check(
      `telegram chat ${chat}`,
      tgCalls.filter((c) => Number(c.body.chat_id) === chat).map((c) => c.at ?? 0),
      TG_CHAT.n,
      TG_CHAT.ms,
    );
  check(
    'discord global',
    dcCalls.map((c) => c.at ?? 0),
    DC_GLOBAL.n,
    DC_GLOBAL.ms,
  );
  for (const g of world.guilds)
    check(
      `discord channel ${g.textChannelId}`,
      dcCalls.filter((c) => c.path.includes(g.textChannelId)).map((c) => c.at ?? 0),
      DC_CHANNEL.n,
      DC_CHANNEL.ms,
    );
  return out;
}

/** Start three instances together (the catalog race of a fresh database included) and wait until they serve. */
async function startCluster(webhook: boolean): Promise<World> {
  const world = await startWorld(
    { feeds: FEEDS, webhook, settings: SETTINGS },
    TEST_DATABASE_URL ?? '',
    TEST_REDIS_URL ?? '',
  );
  w = world;
  await Promise.all(['a', 'b', 'c'].map((n) => world.start(n)));
  const logs = () => world.instances.map((i) => `--- ${i.name}\n${i.output().slice(-3000)}`).join('\n');
  try {
    await until(() => world.dc.connectedShards().join() === '0,1', 30_000, 'both Discord shards');
    if (webhook) {
      await until(() => world.tg.callsOf('setWebhook').length >= 1, 20_000, 'setWebhook');
      await until(
        () => world.instances.every((i) => i.output().includes('telegram webhook started')),
        20_000,
        'webhook servers',
      );
      world.tg.webhook.targets(world.hookPorts);
    }
    // every feed fetched twice: its first (silent) refresh is stored, later stories are announced
    await until(
      () => Array.from({ length: FEEDS }, (_, k) => world.fetches(k).length >= 2).every(Boolean),
      40_000,
      'first refreshes',
    );
  } catch (e) {
    throw new Error(`${String(e)}\n${logs()}`);
  }
  expect(
    world.instances.every((i) => i.alive()),
    logs(),
  ).toBe(true);
  return world;
}

/** Feed fetches per feed per interval in [from, to]: the cluster refreshes each feed once per interval. */
function fetchesPerInterval(world: World, from: number, to: number): { ratio: number; missing: number[] } {
  let total = 0;
  const missing: number[] = [];
  for (let k = 0; k < FEEDS; k++) {
    const n = world.fetches(k).filter((t) => t >= from && t < to).length;
    total += n;
    if (n === 0) missing.push(k);
  }
  return { ratio: total / FEEDS / ((to - from) / INTERVAL), missing };
}

describe.skipIf(SKIP)('cluster acceptance: three instances on PostgreSQL + Redis', () => {
  it('webhook mode: feeds once per interval, each delivery once under shared limits; a SIGKILL is taken over', async () => {
    const world = await startCluster(true);

    // subscriptions through the platforms: two Telegram chats and a channel on each Discord shard, instant;
    // one Telegram chat with a scheduled digest (every minute)
    const updates = [
      ...TG_INSTANT.map((c) => tgCommand(world, c, `/subscribe ${TAG}`)),
      tgCommand(world, TG_DIGEST, `/subscribe ${TAG} digest`),
    ];
    const asked = await discordSubscribe(world);
    await until(
      () => [...TG_INSTANT, TG_DIGEST].every((c) => tgAnswers(world, c) >= 1),
      20_000,
      'telegram answers',
    );
    // Telegram retries each update at another instance (as after a slow answer): deduplicated by update_id in Redis
    for (const id of updates) expect(await world.tg.webhook.redeliver(id)).toBe(200);

    // steady state: two rounds of new stories, one interval apart; fetches counted over three intervals
    const from = Date.now();
    const first = [...round(world, 0, 6)];
    await sleep(INTERVAL);
    first.push(...round(world, 6, 6));
    await sleep(2 * INTERVAL);
    const steady = fetchesPerInterval(world, from, Date.now());
    expect(steady.missing).toEqual([]);
    // once per interval (the defect was 1.44); a slow tick on a busy machine can only lower it
    expect(steady.ratio).toBeLessThanOrEqual(1.15);
    await until(allDelivered(world, first), 40_000, 'first rounds delivered');

    // kill the holder of shard 0 while it sends: a new round, and SIGKILL once deliveries of it have started
    const victim = await world.shardHolder(0);
    expect(victim, 'an instance holds shard 0').toBeDefined();
    const third = round(world, 12, 8);
    await until(
      () =>
        telegramCounts(world, TG_INSTANT[0] as number).get(third[0] as string) !== 0 ||
        discordCounts(world, world.guilds[0]!.textChannelId).get(third[0] as string) !== 0,
      20_000,
      'third round under way',
    );
    const identifiesBefore = world.dc.identifies.filter(([id]) => id === 0).length;
    victim?.child.kill('SIGKILL');
    await victim?.exited;
    const killedAt = Date.now();

    // its shard: identified again by another instance, and an interaction in that guild answered once
    await until(
      () => world.dc.identifies.filter(([id]) => id === 0).length > identifiesBefore,
      3 * LEASE + 10_000,
      'shard 0 taken over',
    );
    await until(() => world.dc.connectedShards().join() === '0,1', 10_000, 'both shards again');
    asked.push(world.dc.interact({ command: 'help', guildId: world.guilds[0]!.guildId }).id);
    await until(() => (world.dc.callbacks.get(asked.at(-1) as string) ?? 0) >= 1, 15_000, 'help on shard 0');

    // its feeds: every feed refreshed again within one interval plus the leases (and BullMQ's stalled check)
    const fourth = round(world, 20, 6);
    await until(
      () =>
        Array.from({ length: FEEDS }, (_, k) => world.fetches(k).some((t) => t > killedAt)).every(Boolean),
      INTERVAL + 30_000 + 5_000,
      'all feeds after the kill',
    );
    // what it had claimed: delivered by the others once its outbox leases ran out
    await until(allDelivered(world, [...third, ...fourth]), 60_000, 'third and fourth rounds delivered');
    await sleep(LEASE + 1000);

    // Exactly once everywhere, with one exception. The sender claims a row (lease), publishes, then records it as
    // sent; a SIGKILL between the platform's answer and that record leaves a sent row "sending" under the victim's
    // lease, and once the lease runs out another instance sends it again. On Telegram (no idempotency key) that
    // shows as a second copy — at most one per chat, since a sender has one message at a time in flight per chat.
    // Discord posts carry the row's nonce with enforce_nonce, so Discord (and the fake) return the first message.
    const wrong = deliveredOnce(world, [...first, ...third, ...fourth]);
    const doubledTg = wrong.filter((x) => x.startsWith('tg ') && x.endsWith('×2'));
    expect(wrong.filter((x) => !doubledTg.includes(x))).toEqual([]);
    expect(doubledTg.length).toBeLessThanOrEqual(TG_INSTANT.length);
    // and each doubled one was first sent by the killed instance, before it died
    for (const x of doubledTg) {
      const [, chat, marker] = x.split(' ');
      const sends = world.tg
        .callsOf('sendMessage')
        .filter((c) => String(c.body.chat_id) === chat && JSON.stringify(c.body).includes(marker as string));
      expect(sends[0]?.client, x).toBe(victim?.name);
      expect(sends[0]?.at ?? Number.POSITIVE_INFINITY, x).toBeLessThanOrEqual(killedAt);
      expect(sends[1]?.client, x).not.toBe(victim?.name);
    }
    expect(limitsHeld(world)).toEqual([]);

    // each command answered once: Telegram updates and Discord interactions
    for (const c of [...TG_INSTANT, TG_DIGEST]) expect(tgAnswers(world, c), `answers in ${c}`).toBe(1);
    expect(asked.map((id) => world.dc.callbacks.get(id))).toEqual(asked.map(() => 1));
    expect(
      world.tg.webhook.deliveries.filter((d) => updates.includes(d.updateId)).every((d) => d.status === 200),
    ).toBe(true);
    expect(world.dc.violations).toEqual([]);
    // the digest (every minute): it fires once cluster-wide, so each story is in the digest chat at most once, and
    // the sends of one firing come from one instance
    await until(() => [...telegramCounts(world, TG_DIGEST).values()].some((n) => n > 0), 70_000, 'a digest');
    const digest = telegramCounts(world, TG_DIGEST);
    expect([...digest.values()].filter((n) => n > 1)).toEqual([]);
    const digestSends = world.tg
      .callsOf('sendMessage')
      .filter(
        (c) =>
          Number(c.body.chat_id) === TG_DIGEST &&
          world.markers.some((m) => JSON.stringify(c.body).includes(m)),
      );
    // a firing may need more than one message (a long digest); all of a minute's come from one instance
    const firings = new Map<number, Set<string | undefined>>();
    // (a firing cut by the SIGKILL is finished by another instance after the lease: not counted)
    for (const c of digestSends.filter((x) => Math.abs((x.at ?? 0) - killedAt) > 3 * LEASE)) {
      const minute = Math.floor((c.at ?? 0) / 60_000);
      firings.set(minute, (firings.get(minute) ?? new Set()).add(c.client));
    }
    expect([...firings.values()].map((senders) => senders.size)).toEqual([...firings.keys()].map(() => 1));
    expect(world.tg.callsOf('getUpdates')).toHaveLength(0);
    console.info(
      `cluster acceptance (webhook): fetches/feed/interval ${steady.ratio.toFixed(2)}, stories ${world.markers.length}, ` +
        `telegram sends ${world.tg.callsOf('sendMessage').length}, discord posts ${world.dc.messages.length}, ` +
        `digest sends ${digestSends.length}, digest chat stories ${[...digest.values()].filter((n) => n > 0).length}, doubled after the kill ${doubledTg.length}, ` +
        `victim ${victim?.name}`,
    );
  }, 200_000);
  it('long polling: exactly one instance polls, commands answered once, another polls after a SIGKILL', async () => {
    const world = await startCluster(false);
    const pollers = (from: number, to = Number.POSITIVE_INFINITY) =>
      new Set(
        world.tg
          .callsOf('getUpdates')
          .filter((c) => (c.at ?? 0) >= from && (c.at ?? 0) < to)
          .map((c) => c.client),
      );
    const updates = TG_INSTANT.map((c) => tgCommand(world, c, `/subscribe ${TAG}`));
    await until(() => TG_INSTANT.every((c) => tgAnswers(world, c) >= 1), 20_000, 'telegram answers');
    await discordSubscribe(world);
    const stories = round(world, 0, 6);
    await until(allDelivered(world, stories), 40_000, 'stories delivered');

    // one poller from the start on (the lease decides before the first getUpdates)
    const before = pollers(0);
    expect(before.size).toBe(1);
    const name = [...before][0] as string;
    const victim = world.instances.find((i) => i.name === name);
    victim?.child.kill('SIGKILL');
    await victim?.exited;
    const killedAt = Date.now();

    // another instance polls within the lease (+ slack for a busy machine) and answers a new command once
    const late = 91009;
    updates.push(tgCommand(world, late, '/help'));
    await until(() => pollers(killedAt).size > 0, LEASE + 10_000, 'a new poller');
    await until(() => tgAnswers(world, late) >= 1, 20_000, 'the command sent after the kill');
    const takeover =
      Math.min(
        ...world.tg
          .callsOf('getUpdates')
          .filter((c) => (c.at ?? 0) > killedAt && c.client !== name)
          .map((c) => c.at ?? 0),
      ) - killedAt;
    await sleep(1000);
    const after = pollers(killedAt + 100);
    expect(after.size).toBe(1);
    expect(after.has(name)).toBe(false);
    expect(world.tg.conflicts()).toEqual([]);
    for (const c of [...TG_INSTANT, late]) expect(tgAnswers(world, c), `answers in ${c}`).toBe(1);
    expect(deliveredOnce(world, stories)).toEqual([]);
    expect(world.tg.callsOf('setWebhook')).toHaveLength(0);
    console.info(
      `cluster acceptance (long polling): poller ${name} killed, next poll after ${takeover} ms (lease ${LEASE} ms)`,
    );
  }, 120_000);
});

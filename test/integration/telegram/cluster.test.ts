/**
 * Telegram across instances: three real adapters (grammY) on one fake Bot API, each with its own coordination on a
 * real Redis (distinct owners, own connection). Webhook mode behind the fake's round-robin "load balancer": every
 * command answered exactly once, also when Telegram delivers an update again to another instance; the secret is
 * checked. Long polling: one instance polls, no 409; a killed poller's lease runs out and another takes over.
 */
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoordination } from '../../../src/cluster/lease.js';
import { connectRedis } from '../../../src/cluster/redis.js';
import { createCommandRouter } from '../../../src/commands/router.js';
import { configWith, type SettingName } from '../../../src/config/index.js';
import { createChatDirectory } from '../../../src/delivery/chat-directory.js';
import { silentLogger } from '../../../src/log/index.js';
import { createFetcher, fetcherOptionsFromConfig } from '../../../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { startTelegram, type TelegramHandle } from '../../../src/platforms/telegram/index.js';
import { NO_REDIS, TEST_REDIS_URL, type TestRedis, testRedis } from '../../helpers/redis.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { type RecordedCall, TelegramFake } from '../fakes/telegram-fake.js';
import { commandUpdate } from './harness.js';

if (!TEST_REDIS_URL) console.warn(NO_REDIS);

const HOOK = 'https://bot.example.org/tg/hook';
const SECRET = 'cluster-s3cret';
const LEASE_MS = 1500;

interface Instance {
  name: string;
  handle: TelegramHandle;
  redis: Redis;
}

interface Cluster {
  fake: TelegramFake;
  r: TestRedis;
  ts: TestStore;
  instances: Instance[];
  stopped: Set<string>;
}

let c: Cluster | undefined;

async function startCluster(
  env: Partial<Record<SettingName, string>>,
  names = ['a', 'b', 'c'],
  redisUrl?: string,
): Promise<Cluster> {
  const fake = await new TelegramFake().listen();
  const r = await testRedis();
  const ts = await sqliteTestStore();
  const cluster: Cluster = { fake, r, ts, instances: [], stopped: new Set() };
  c = cluster;
  // instances start in turn, as in a rolling start
  for (const name of names) {
    const config = configWith({
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRootFor(name),
      TELEGRAM_POLL_LEASE_MS: String(LEASE_MS),
      LOG_LEVEL: 'silent',
      ...env,
    });
    const log = silentLogger;
    const router = createCommandRouter({
      store: ts.store,
      config,
      log,
      fetcher: createFetcher(fetcherOptionsFromConfig(config)),
      summarizer: extractiveSummarizer,
    });
    const redis = connectRedis(redisUrl ?? r.url, { log, role: `telegram-${name}` });
    const coordination = createCoordination({ redis, owner: `instance-${name}`, prefix: r.prefix, log });
    const handle = await startTelegram(
      { config, log, router, chats: createChatDirectory(ts.store.db), coordination },
      { pollTimeoutSeconds: 1, webhookPort: 0, webhookHost: '127.0.0.1' },
    );
    cluster.instances.push({ name, handle, redis });
  }
  return cluster;
}

afterEach(async () => {
  if (!c) return;
  const cl = c;
  c = undefined;
  for (const i of cl.instances) {
    if (!cl.stopped.has(i.name)) await i.handle.stop();
    i.redis.disconnect();
  }
  await cl.fake.close();
  await cl.ts.cleanup();
  await cl.r.cleanup();
});

const answers = (fake: TelegramFake, chatId: number): RecordedCall[] =>
  fake.callsOf('sendMessage').filter((x) => Number(x.body.chat_id) === chatId);

const privateChat = (id: number) => ({ id, type: 'private', first_name: `U${id}` });

describe.skipIf(!TEST_REDIS_URL)('telegram cluster: webhook mode behind a load balancer', () => {
  it('answers each of 30 commands exactly once, also when Telegram re-delivers updates to another instance', async () => {
    const { fake, instances } = await startCluster({
      TELEGRAM_WEBHOOK_URL: HOOK,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    // the first instance sets the webhook; the next ones find it set (getWebhookInfo) and leave it alone
    expect(fake.callsOf('getWebhookInfo')).toHaveLength(3);
    expect(fake.callsOf('setWebhook')).toHaveLength(1);
    expect(fake.callsOf('setWebhook')[0]?.body).toEqual({ url: HOOK, secret_token: SECRET });
    fake.webhook.targets(instances.map((i) => i.handle.webhookPort ?? 0));

    const ids: number[] = [];
    for (let n = 0; n < 30; n++) {
      const id = fake.pushUpdate(commandUpdate(privateChat(5000 + n), { id: 5000 + n }, '/help'));
      ids.push(id);
      // a third of them is re-delivered at once to the next instance (Telegram retrying a slow answer)
      if (n % 3 === 0) void fake.webhook.redeliver(id);
    }
    await fake.webhook.settle();
    // another third is re-delivered after it was answered (Telegram retrying a failed one)
    for (const id of ids.filter((_, n) => n % 3 === 1)) await fake.webhook.redeliver(id);
    await fake.waitFor(() => fake.callsOf('sendMessage').length >= 30, 10_000);
    await new Promise((res) => setTimeout(res, 300));

    for (let n = 0; n < 30; n++) expect(answers(fake, 5000 + n), `chat ${5000 + n}`).toHaveLength(1);
    expect(fake.callsOf('sendMessage')).toHaveLength(30);
    // every delivery was accepted (a duplicate too: 200 and dropped), and all three instances took a share
    expect(fake.webhook.deliveries).toHaveLength(50);
    expect(fake.webhook.deliveries.every((d) => d.status === 200)).toBe(true);
    const answeredBy = new Set(fake.callsOf('sendMessage').map((x) => x.client));
    expect(answeredBy).toEqual(new Set(['a', 'b', 'c']));
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('refuses a webhook call with a wrong or missing secret on every instance', async () => {
    const { fake, instances } = await startCluster({
      TELEGRAM_WEBHOOK_URL: HOOK,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    const update = (id: number) => ({
      update_id: 900 + id,
      ...commandUpdate(privateChat(6000), { id: 6000 }, '/help'),
    });
    const post = (port: number, id: number, secret?: string) =>
      fetch(`http://127.0.0.1:${port}/tg/hook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secret !== undefined ? { 'x-telegram-bot-api-secret-token': secret } : {}),
        },
        body: JSON.stringify(update(id)),
      });
    for (const [n, i] of instances.entries()) {
      const port = i.handle.webhookPort ?? 0;
      expect((await post(port, n, 'wrong')).status).toBe(401);
      expect((await post(port, n)).status).toBe(401);
    }
    expect(fake.callsOf('sendMessage')).toHaveLength(0);
    // the refused updates were not claimed: the right secret gets update 900 answered, once
    expect((await post(instances[1]?.handle.webhookPort ?? 0, 0, SECRET)).status).toBe(200);
    expect((await post(instances[2]?.handle.webhookPort ?? 0, 0, SECRET)).status).toBe(200);
    await fake.waitFor(() => fake.callsOf('sendMessage').length >= 1);
    await new Promise((res) => setTimeout(res, 300));
    expect(answers(fake, 6000)).toHaveLength(1);
  });

  it('still answers when its Redis is gone (the update runs rather than being lost)', async () => {
    const { fake, instances, stopped } = await startCluster({
      TELEGRAM_WEBHOOK_URL: HOOK,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    const a = instances[0] as Instance;
    a.redis.disconnect();
    fake.webhook.targets([a.handle.webhookPort ?? 0]);
    fake.pushUpdate(commandUpdate(privateChat(6100), { id: 6100 }, '/help'));
    await fake.waitFor(() => answers(fake, 6100).length >= 1, 8_000);
    expect(fake.webhook.deliveries[0]?.status).toBe(200);
    await a.handle.stop();
    stopped.add(a.name);
  });
});

describe.skipIf(!TEST_REDIS_URL)('telegram cluster: long polling under a lease', () => {
  it('lets one instance poll (no 409), answers once, and hands polling over after the poller is killed', async () => {
    const { fake, instances, r, stopped } = await startCluster({});
    const pollers = () => instances.filter((i) => !stopped.has(i.name) && i.handle.polling?.());
    await waitUntil(() => pollers().length === 1, 5_000);

    for (let n = 0; n < 10; n++)
      fake.pushUpdate(commandUpdate(privateChat(7000 + n), { id: 7000 + n }, '/help'));
    await fake.waitFor(() => fake.callsOf('sendMessage').length >= 10, 10_000);
    await new Promise((res) => setTimeout(res, LEASE_MS)); // a full lease: the others keep trying meanwhile
    for (let n = 0; n < 10; n++) expect(answers(fake, 7000 + n)).toHaveLength(1);
    const first = pollers()[0] as Instance;
    expect(pollers()).toHaveLength(1);
    expect(new Set(fake.callsOf('getUpdates').map((x) => x.client))).toEqual(new Set([first.name]));
    expect(fake.conflicts()).toHaveLength(0);

    // SIGKILL: its Redis connection and its runner end, the lease is not released (it runs out after its TTL)
    first.redis.disconnect();
    await first.handle.stop();
    stopped.add(first.name);
    expect(await r.redis.pttl(`${r.prefix}lease:telegram:polling`)).toBeGreaterThan(0);
    const killedAt = Date.now();
    await waitUntil(() => pollers().length === 1, LEASE_MS + 3_000);
    const takeoverMs = Date.now() - killedAt;
    const next = pollers()[0] as Instance;
    expect(next.name).not.toBe(first.name);

    fake.pushUpdate(commandUpdate(privateChat(7100), { id: 7100 }, '/help'));
    await fake.waitFor(() => answers(fake, 7100).length >= 1, 8_000);
    await new Promise((res) => setTimeout(res, 300));
    expect(answers(fake, 7100)).toHaveLength(1);
    expect(answers(fake, 7100)[0]?.client).toBe(next.name);
    expect(fake.conflicts()).toHaveLength(0);
    console.info(`telegram polling taken over ${takeoverMs} ms after the kill (lease ${LEASE_MS} ms)`);
  });

  it('stops polling at once when the lease is taken behind its back, and polls again once it is free', async () => {
    const { fake, instances, r } = await startCluster({});
    const pollers = () => instances.filter((i) => i.handle.polling?.());
    await waitUntil(() => pollers().length === 1, 5_000);
    const key = `${r.prefix}lease:telegram:polling`;
    // an intruder holds the lease now (e.g. the holder was paused longer than its TTL)
    await r.redis.set(key, 'intruder', 'PX', 60_000);
    await waitUntil(() => pollers().length === 0, LEASE_MS + 1_000);
    const calls = fake.callsOf('getUpdates').length;
    await new Promise((res) => setTimeout(res, LEASE_MS));
    expect(pollers()).toHaveLength(0);
    // nobody polls while the intruder holds it (at most an aborted poll finishing)
    expect(fake.callsOf('getUpdates').length).toBeLessThanOrEqual(calls + 1);
    await r.redis.del(key);
    await waitUntil(() => pollers().length === 1, LEASE_MS + 2_000);
    fake.pushUpdate(commandUpdate(privateChat(7200), { id: 7200 }, '/help'));
    await fake.waitFor(() => answers(fake, 7200).length >= 1, 8_000);
    expect(fake.conflicts()).toHaveLength(0);
  });

  it('does not poll while Redis is unreachable, and stops without waiting for it', async () => {
    // nothing listens on port 1: every Redis command waits for a connection that never comes
    const { fake, instances, stopped } = await startCluster({}, ['a'], 'redis://127.0.0.1:1');
    const a = instances[0] as Instance;
    await new Promise((res) => setTimeout(res, LEASE_MS));
    expect(a.handle.polling?.()).toBe(false);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    await a.handle.stop();
    stopped.add(a.name);
  });

  it('survives Telegram refusing getUpdates (409 while a webhook is set) and polls again once it is gone', async () => {
    const { fake, instances } = await startCluster({}, ['a', 'b']);
    const pollers = () => instances.filter((i) => i.handle.polling?.());
    await waitUntil(() => pollers().length === 1, 5_000);
    fake.webhook.set(HOOK, undefined); // someone set a webhook behind the cluster's back
    await waitUntil(() => fake.conflicts().length >= 2, 10_000);
    fake.webhook.clear();
    await waitUntil(() => pollers().length === 1, 10_000);
    fake.pushUpdate(commandUpdate(privateChat(7300), { id: 7300 }, '/help'));
    await fake.waitFor(() => answers(fake, 7300).length >= 1, 8_000);
    await new Promise((res) => setTimeout(res, 300));
    expect(answers(fake, 7300)).toHaveLength(1);
  });
});

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

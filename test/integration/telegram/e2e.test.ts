/**
 * End to end: fake feed server → poller (fetch, parse, summarize) → SQLite → delivery engine → Telegram publisher →
 * fake Bot API, driven by typed commands. Also: a 403 pauses a chat's subscriptions, a migrated group's
 * subscriptions follow the new id, and a 429 with retry_after is honoured.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller, pollerSettingsFromConfig } from '../../../src/scheduler/index.js';
import { listFeeds } from '../../../src/store/feeds-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { checkTelegramHtml } from '../fakes/telegram-html.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';
import { ask, assertAllValid, type Harness, startHarness } from './harness.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/telegram/${name}`, import.meta.url), 'utf8');

const FORUM = { id: -1008880001, type: 'supergroup', title: 'Redaktion', is_forum: true };
const BLOCKED = { id: 881, type: 'private', first_name: 'B' };
const OLD_GROUP = { id: -4712, type: 'group', title: 'Alte Gruppe' };
const ADMIN = { id: 801, language_code: 'de' };
const TOPIC = { message_thread_id: 77, is_topic_message: true };

let h: Harness;
let web: FeedServer;
let engine: DeliveryEngine;
let feedUrl: string;
let fullFeed: string;

beforeAll(async () => {
  web = await startFeedServer();
  const base = web.url('');
  feedUrl = web.url('/feed.xml');
  fullFeed = fixture('feed-escaping.xml')
    .replaceAll('{{BASE}}', base)
    .replaceAll('{{DATE}}', new Date().toUTCString());
  // first the older item only: the first poll records what a feed already has without announcing it
  web.set('/feed.xml', { body: fullFeed.replace(/<item>\s*<title>Tarifstreit[\s\S]*?<\/item>/, '') });
  h = await startHarness({ ALLOW_PORTS: String(web.port), FULL_TEXT: 'false' });
  h.fake.setMember(FORUM.id, ADMIN.id, 'administrator');
  h.fake.setMember(OLD_GROUP.id, ADMIN.id, 'creator');
  engine = createDeliveryEngine({
    store: h.ts.store,
    config: h.config,
    log: h.deps.log,
    summarizer: extractiveSummarizer,
  });
  engine.registerPublisher(h.handle.publisher);
}, 30_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
});

const sentTo = (chatId: number) =>
  h.fake.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === String(chatId));
let before = 0;

describe('telegram end to end', () => {
  it('delivers a polled feed item as an escaped HTML digest into the subscribed forum topic', async () => {
    await ask(h, FORUM, ADMIN, `/feeds add ${feedUrl} "Rhein Ruhr"`, TOPIC);
    await ask(h, FORUM, ADMIN, `/subscribe ${feedUrl}`, TOPIC);
    await ask(h, BLOCKED, { id: BLOCKED.id, language_code: 'de' }, `/feeds add ${feedUrl}`);
    await ask(h, BLOCKED, { id: BLOCKED.id, language_code: 'de' }, `/subscribe ${feedUrl}`);
    await ask(h, OLD_GROUP, ADMIN, `/feeds add ${feedUrl}`);
    await ask(h, OLD_GROUP, ADMIN, `/subscribe ${feedUrl}`);
    before = h.fake.callsOf('sendMessage').length;

    h.fake.failNext(
      'sendMessage',
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      BLOCKED.id,
    );
    h.fake.failNext(
      'sendMessage',
      {
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1004712 },
      },
      OLD_GROUP.id,
    );
    h.fake.failNext(
      'sendMessage',
      { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
      FORUM.id,
    );

    const poller = createPoller({
      db: h.ts.store.db,
      fetcher: h.fetcher,
      summarizer: extractiveSummarizer,
      settings: pollerSettingsFromConfig(h.config),
    });
    await poller.pollFeeds(await listFeeds(h.ts.store.db));
    web.set('/feed.xml', { body: fullFeed });
    const report = await poller.pollFeeds(await listFeeds(h.ts.store.db));
    expect(report.announced).toBe(1);
    await engine.fanOut();
    await engine.drain({ maxRounds: 20 });

    const digests = h.fake.callsOf('sendMessage').slice(before);
    const inTopic = digests.filter((c) => String(c.body.chat_id) === String(FORUM.id));
    expect(inTopic.length).toBeGreaterThanOrEqual(2); // the 429 attempt and the delivered retry
    const delivered = inTopic.at(-1);
    expect(delivered?.body.message_thread_id).toBe(77);
    expect(delivered?.body.parse_mode).toBe('HTML');
    const html = String(delivered?.body.text);
    expect(html).toContain(
      'Tarifstreit: Bahn &amp; Gewerkschaft – Ausfälle &lt; 48 Stunden, Schaden &gt; 100 Millionen Euro',
    );
    const parsed = checkTelegramHtml(html);
    expect(parsed.ok && parsed.text).toContain(
      'Bahn & Gewerkschaft – Ausfälle < 48 Stunden, Schaden > 100 Millionen Euro',
    );
    assertAllValid(h.fake.calls);
  });

  it('pauses the subscriptions of a chat that blocked the bot', async () => {
    const subs = await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: String(BLOCKED.id) });
    expect(subs).toHaveLength(1);
    expect(subs[0]?.pausedReason).toBeTruthy();
    const attempts = h.fake
      .callsOf('sendMessage')
      .slice(before)
      .filter((c) => String(c.body.chat_id) === String(BLOCKED.id));
    expect(attempts).toHaveLength(1);
  });

  it('moves a migrated group’s subscriptions to the new supergroup and delivers there', async () => {
    expect(
      await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: String(OLD_GROUP.id) }),
    ).toHaveLength(0);
    const moved = await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: '-1004712' });
    expect(moved).toHaveLength(1);
    expect(sentTo(-1004712).some((c) => String(c.body.text).includes('Tarifstreit'))).toBe(true);
  });
});

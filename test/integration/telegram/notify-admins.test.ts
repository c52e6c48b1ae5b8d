/**
 * notifyAdmins on Telegram: when a 403 pauses a channel linked from a private chat, the admin who linked it gets
 * the notice there (HTML-escaped, with the channel's title); a 403 in a group tells nobody. Failures to reach
 * the admin stay quiet (debug log, no throw, no token in the log).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import { t } from '../../../src/i18n/index.js';
import { createLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { noticeHtml } from '../../../src/platforms/telegram/notify.js';
import { createTelegramPublisher } from '../../../src/platforms/telegram/publisher.js';
import { createPoller, pollerSettingsFromConfig } from '../../../src/scheduler/index.js';
import { listFeeds } from '../../../src/store/feeds-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { BOT_USER } from '../fakes/telegram-fake.js';
import { checkTelegramHtml } from '../fakes/telegram-html.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';
import { ask, type Harness, startHarness } from './harness.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/telegram/${name}`, import.meta.url), 'utf8');

const CHANNEL = {
  id: -1005660001,
  type: 'channel' as const,
  title: 'Rhein & Ruhr <Eil>',
  username: 'rheinruhr',
};
const GROUP = { id: -1005660002, type: 'supergroup', title: 'Stammtisch' };
const ADMIN = { id: 751, language_code: 'de' };
const OTHER = { id: 752, language_code: 'de' };
const chatOf = (u: { id: number }) => ({ id: u.id, type: 'private', first_name: 'U' });

let h: Harness;
let web: FeedServer;
let engine: DeliveryEngine;
let before = 0;

beforeAll(async () => {
  web = await startFeedServer();
  const full = fixture('feed-escaping.xml')
    .replaceAll('{{BASE}}', web.url(''))
    .replaceAll('{{DATE}}', new Date().toUTCString());
  web.set('/feed.xml', { body: full.replace(/<item>\s*<title>Tarifstreit[\s\S]*?<\/item>/, '') });
  h = await startHarness({ ALLOW_PORTS: String(web.port), FULL_TEXT: 'false' });
  h.fake.addChat(CHANNEL);
  h.fake.setMember(CHANNEL.id, ADMIN.id, 'administrator');
  h.fake.setMember(CHANNEL.id, BOT_USER.id, 'administrator', { can_post_messages: true });
  h.fake.setMember(GROUP.id, OTHER.id, 'creator');
  engine = createDeliveryEngine({
    store: h.ts.store,
    config: h.config,
    log: h.deps.log,
    summarizer: extractiveSummarizer,
  });
  engine.registerPublisher(h.handle.publisher);
  const feedUrl = web.url('/feed.xml');
  await ask(h, chatOf(ADMIN), ADMIN, '/channel @rheinruhr');
  await ask(h, chatOf(ADMIN), ADMIN, `/feeds add ${feedUrl}`);
  await ask(h, chatOf(ADMIN), ADMIN, `/subscribe ${feedUrl}`);
  await ask(h, GROUP, OTHER, `/feeds add ${feedUrl}`);
  await ask(h, GROUP, OTHER, `/subscribe ${feedUrl}`);
  const poller = createPoller({
    db: h.ts.store.db,
    fetcher: h.fetcher,
    summarizer: extractiveSummarizer,
    settings: pollerSettingsFromConfig(h.config),
  });
  await poller.pollFeeds(await listFeeds(h.ts.store.db));
  web.set('/feed.xml', { body: full });
  expect((await poller.pollFeeds(await listFeeds(h.ts.store.db))).announced).toBe(1);
}, 30_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
});

const chatIdOf = (c: { body: Record<string, unknown> }) => String(c.body.chat_id);

describe('telegram notifyAdmins', () => {
  it('tells the admin who linked a channel in private when a 403 pauses it, and nobody for a group', async () => {
    before = h.fake.callsOf('sendMessage').length;
    const forbidden = 'Forbidden: bot is not a member of the channel chat';
    h.fake.failNext('sendMessage', { error_code: 403, description: forbidden }, CHANNEL.id);
    const kicked = 'Forbidden: bot was kicked from the supergroup chat';
    h.fake.failNext('sendMessage', { error_code: 403, description: kicked }, GROUP.id);
    await engine.fanOut();
    await engine.drain({ maxRounds: 20 });

    for (const chat of [CHANNEL, GROUP]) {
      const subs = await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: String(chat.id) });
      expect(subs).toHaveLength(1);
      expect(subs[0]?.pausedReason).toBe('delivery.chat_not_found');
    }
    const sent = h.fake.callsOf('sendMessage').slice(before);
    // one refused attempt each in channel and group, then the one notice; the group's creator hears nothing
    expect(sent.map(chatIdOf).sort()).toEqual(
      [String(ADMIN.id), String(CHANNEL.id), String(GROUP.id)].sort(),
    );
    const notice = sent.find((c) => chatIdOf(c) === String(ADMIN.id))!;
    const text = t('de', 'delivery.paused_notice', {
      reason: t('de', 'delivery.chat_not_found'),
      command: '/resume',
    });
    expect(notice.body.parse_mode).toBe('HTML');
    expect(notice.body.text).toBe(noticeHtml(text, CHANNEL.title));
    expect(String(notice.body.text)).toContain('<b>Rhein &amp; Ruhr &lt;Eil&gt;</b>');
    const parsed = checkTelegramHtml(String(notice.body.text));
    expect(parsed.ok && parsed.text).toBe(`${text}\n\nRhein & Ruhr <Eil>`);
  });

  it('stays quiet when nobody is reachable or the admin blocked the bot, with no token in the log', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', secrets: [h.fake.token], write: (l) => lines.push(l) });
    const publisher = createTelegramPublisher(h.handle.bot.api, log, h.deps.chats);
    const calls = h.fake.callsOf('sendMessage').length;
    await publisher.notifyAdmins?.({ platform: 'telegram', chatId: String(GROUP.id) }, 'Pausiert.');
    expect(h.fake.callsOf('sendMessage')).toHaveLength(calls);
    expect(lines.some((l) => l.includes('nobody reachable to tell of the pause'))).toBe(true);

    h.fake.failNext(
      'sendMessage',
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      ADMIN.id,
    );
    await expect(
      publisher.notifyAdmins?.({ platform: 'telegram', chatId: String(CHANNEL.id) }, 'Pausiert.'),
    ).resolves.toBeUndefined();
    expect(h.fake.pendingFailures()).toBe(0);
    const failed = lines.find((l) => l.includes('could not tell a channel admin'));
    expect(failed).toContain('403');
    expect(lines.join('\n')).not.toContain(h.fake.token);
    expect(lines.join('\n')).not.toContain('TEST-token');
  });
});

/**
 * Resume after the bot may not post on Telegram, against the fake Bot API with the real grammY client, poller and
 * delivery engine: in a group where the bot was restricted the next post is refused (400 not enough rights), the
 * chat is paused and holds what arrives; `list` and `why` say so; the my_chat_member update that makes the bot a
 * member again resumes the chat and the held items are posted. In a channel only an admin with the right to post
 * counts; `/resume` works for admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whyReason } from '../../../src/commands/handlers/why.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import { pauseAndHold } from '../../../src/delivery/pause.js';
import { t } from '../../../src/i18n/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller, type Poller, pollerSettingsFromConfig } from '../../../src/scheduler/index.js';
import { listFeeds } from '../../../src/store/feeds-repo.js';
import { listSubscriptions, subscribe } from '../../../src/store/subscriptions-repo.js';
import { BOT_USER } from '../fakes/telegram-fake.js';
import { type FeedItem, type FeedServer, rss, startFeedServer } from '../pipeline/feed-server.js';
import { ask, type Harness, startHarness, visibleText } from './harness.js';

const GROUP = { id: -1007770001, type: 'supergroup' as const, title: 'Lokalrunde' };
const CHANNEL = { id: -1007770002, type: 'channel' as const, title: 'Morgenpost', username: 'morgenpost' };
const ADMIN = { id: 901, language_code: 'de' };

const ITEMS: FeedItem[] = [
  {
    title: 'Stadtrat beschließt neuen Haushalt für 2027',
    description: 'Der Haushalt umfasst 412 Millionen Euro, davon 38 Millionen für Schulen.',
  },
  {
    title: 'Hochwasser am Rhein: Pegel in Köln steigt auf 7,8 Meter',
    description: 'Die Schifffahrt ist ab 8,3 Metern eingestellt, Anwohner sichern Keller.',
  },
  {
    title: 'Zoo Leipzig meldet Nachwuchs bei den Schneeleoparden',
    description: 'Zwei Jungtiere kamen vor drei Wochen zur Welt und wiegen je 1,9 Kilogramm.',
  },
  {
    title: 'Bahnstrecke Erfurt–Gera wird ab März elektrifiziert',
    description: 'Das Projekt kostet 630 Millionen Euro und soll 2031 fertig sein.',
  },
];

let h: Harness;
let web: FeedServer;
let engine: DeliveryEngine;
let poller: Poller;
let feedUrl: string;

function serve(n: number): void {
  const items = ITEMS.slice(0, n).map((it, i) => ({
    ...it,
    guid: `item-${i}`,
    link: web.url(`/artikel/${i}`),
    date: Date.now() - (n - i) * 60_000,
  }));
  web.set('/feed.xml', { body: rss('Lokalzeitung', items), contentType: 'application/rss+xml' });
}

async function deliver(): Promise<void> {
  await poller.pollFeeds(await listFeeds(h.ts.store.db));
  await engine.fanOut();
  await engine.drain({ maxRounds: 50 });
}

const sentTo = (chatId: number) =>
  h.fake.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === String(chatId));
const ref = (chatId: number) => ({ platform: 'telegram' as const, chatId: String(chatId) });
const pausedIn = async (chatId: number) =>
  (await listSubscriptions(h.ts.store.db, ref(chatId))).map((s) => s.pausedReason ?? null);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  web = await startFeedServer();
  feedUrl = web.url('/feed.xml');
  serve(1);
  h = await startHarness({ ALLOW_PORTS: String(web.port), FULL_TEXT: 'false' });
  h.fake.addChat(GROUP);
  h.fake.setMember(GROUP.id, ADMIN.id, 'administrator');
  engine = createDeliveryEngine({
    store: h.ts.store,
    config: h.config,
    log: h.deps.log,
    summarizer: extractiveSummarizer,
  });
  engine.registerPublisher(h.handle.publisher);
  poller = createPoller({
    db: h.ts.store.db,
    fetcher: h.fetcher,
    summarizer: extractiveSummarizer,
    settings: pollerSettingsFromConfig(h.config),
  });
}, 30_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
});

describe('telegram: resume after the bot may post again', () => {
  it('holds what arrives while the bot is restricted and posts it once my_chat_member says it is a member again', async () => {
    await ask(h, GROUP, ADMIN, `/feeds add ${feedUrl}`);
    await ask(h, GROUP, ADMIN, `/subscribe ${feedUrl}`);
    await deliver(); // the feed's first poll: what it already has is not announced
    // restricted without an update reaching the bot (e.g. while it was offline): the next post is refused
    h.fake.setMember(GROUP.id, BOT_USER.id, 'restricted', { is_member: true, can_send_messages: false });
    serve(2);
    await deliver();
    expect(await pausedIn(GROUP.id)).toEqual(['delivery.missing_permissions']);
    const refused = sentTo(GROUP.id).length;
    serve(4);
    await deliver();
    expect(sentTo(GROUP.id)).toHaveLength(refused); // paused: nothing tried

    const [list] = await ask(h, GROUP, ADMIN, '/list');
    expect(visibleText(list)).toContain(t('de', 'cmd.list.resume_hint', { command: '/resume' }));
    // the decision about an item that arrived meanwhile: waiting, held by the pause
    const why = await engine.why(ref(GROUP.id), web.url('/artikel/3'));
    expect(why).toMatchObject([{ status: 'pending', reason: 'held(delivery.missing_permissions)' }]);
    expect(whyReason('de', why[0]!.reason!)).toBe(
      t('de', 'cmd.why.reason.held', { detail: t('de', 'delivery.missing_permissions') }),
    );

    // an admin lifts the restriction: Telegram sends my_chat_member restricted → member
    const before = sentTo(GROUP.id).length;
    h.fake.changeBotMembership(GROUP, 'member');
    await until(async () => (await pausedIn(GROUP.id))[0] === null, 'resume on my_chat_member');
    await engine.drain({ maxRounds: 50 });
    const posted = sentTo(GROUP.id).slice(before).map(visibleText);
    expect(posted).toHaveLength(3);
    expect(posted[0]).toContain('Hochwasser am Rhein');
    expect(posted[1]).toContain('Zoo Leipzig');
    expect(posted[2]).toContain('Bahnstrecke Erfurt');
  });

  it('in a channel, resumes only when the bot is an admin allowed to post', async () => {
    await subscribe(
      h.ts.store.db,
      ref(CHANNEL.id),
      {
        target: { kind: 'tag', tag: 'lokales' },
        language: 'de',
        mode: 'instant',
        cron: '0 7 * * *',
        timezone: 'Europe/Berlin',
        createdBy: `telegram:${ADMIN.id}`,
      },
      Date.now(),
    );
    h.fake.changeBotMembership(CHANNEL, 'administrator', { can_post_messages: true });
    await pauseAndHold(h.ts.store.db, ref(CHANNEL.id), 'delivery.missing_permissions', Date.now());
    // still an admin, but without the right to post: stays paused (and would be paused by this update anyway)
    h.fake.changeBotMembership(CHANNEL, 'administrator', { can_post_messages: false });
    await h.fake.waitFor(() => h.fake.calls.length > 0); // long polling hands the update over at once
    await new Promise((r) => setTimeout(r, 500)); // a resume, if any, takes milliseconds
    expect(await pausedIn(CHANNEL.id)).toEqual(['delivery.missing_permissions']);
    h.fake.changeBotMembership(CHANNEL, 'administrator', { can_post_messages: true });
    await until(async () => (await pausedIn(CHANNEL.id))[0] === null, 'channel resume');
  });

  it('/resume by an admin resumes a paused group; a member is refused', async () => {
    await pauseAndHold(h.ts.store.db, ref(GROUP.id), 'delivery.missing_permissions', Date.now());
    const member = { id: 902, language_code: 'en' };
    h.fake.setMember(GROUP.id, member.id, 'member');
    const [refused] = await ask(h, GROUP, member, '/resume');
    expect(visibleText(refused)).toBe(t('de', 'command.manage_only_chat_admins'));
    expect(await pausedIn(GROUP.id)).toEqual(['delivery.missing_permissions']);
    const [ok] = await ask(h, GROUP, ADMIN, '/resume');
    expect(visibleText(ok)).toContain('#1');
    expect(await pausedIn(GROUP.id)).toEqual([null]);
  });
});

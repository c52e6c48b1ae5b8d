/**
 * The Telegram adapter against the fake Bot API, with the real router and a real SQLite store: command menu,
 * /start and /help, /subscribe, admin checks in groups (incl. anonymous admins), forum topics, /summary <url>.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { upsertCatalogFeeds } from '../../../src/store/feeds-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { startFeedServer, type FeedServer } from '../pipeline/feed-server.js';
import { BOT_USER } from '../fakes/telegram-fake.js';
import { ask, assertAllValid, commandUpdate, type Harness, startHarness, visibleText } from './harness.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/telegram/${name}`, import.meta.url), 'utf8');

const isRefusal = (text: string) =>
  text === t('de', 'command.admin_only') || text === t('en', 'command.admin_only');
const isManageRefusal = (text: string) =>
  text === t('de', 'command.manage_only_chat_admins') || text === t('en', 'command.manage_only_chat_admins');

const PRIVATE = { id: 501, type: 'private', first_name: 'Jana' };
const GROUP = { id: -1001234, type: 'supergroup', title: 'Nachrichten-Runde' };
const FORUM = { id: -1009999, type: 'supergroup', title: 'Forum', is_forum: true };
const ADMIN = { id: 601, language_code: 'de' };
const MEMBER = { id: 602, language_code: 'en' };

let h: Harness;
let web: FeedServer;

beforeAll(async () => {
  web = await startFeedServer();
  const base = web.url('');
  web.set('/feed.xml', {
    body: fixture('feed-escaping.xml')
      .replaceAll('{{BASE}}', base)
      .replaceAll('{{DATE}}', new Date().toUTCString()),
  });
  web.set('/artikel/waerme', { body: fixture('article-de.html'), contentType: 'text/html; charset=utf-8' });
  h = await startHarness({ ALLOW_PORTS: String(web.port) });
  await upsertCatalogFeeds(
    h.ts.store.db,
    [
      {
        url: 'https://news.example.org/wirtschaft.xml',
        name: 'Wirtschaft Kompakt',
        language: 'de',
        tags: ['wirtschaft'],
        intervalMinutes: 10,
        fullText: false,
      },
    ],
    Date.now(),
  );
  h.fake.addChat(GROUP as never);
  h.fake.setMember(GROUP.id, ADMIN.id, 'administrator');
  h.fake.setMember(GROUP.id, MEMBER.id, 'member');
  h.fake.setMember(FORUM.id, ADMIN.id, 'creator');
}, 30_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
});

describe('telegram adapter: commands', () => {
  it('registers the command menu in English and German for each scope', () => {
    const calls = h.fake.callsOf('setMyCommands');
    const keys = calls.map((c) => `${c.body.scope?.type}|${c.body.language_code ?? ''}`).sort();
    expect(keys).toEqual([
      'all_chat_administrators|',
      'all_chat_administrators|de',
      'all_group_chats|',
      'all_group_chats|de',
      'all_private_chats|',
      'all_private_chats|de',
    ]);
    const groupDe = calls.find(
      (c) => c.body.scope?.type === 'all_group_chats' && c.body.language_code === 'de',
    );
    const names = ((groupDe?.body.commands ?? []) as { command: string; description: string }[]).map(
      (c) => c.command,
    );
    // members of a group read; subscribing needs a chat admin (SUBSCRIBE_ALLOWED=admins)
    expect(names).toContain('list');
    expect(names).not.toContain('subscribe');
    expect(names).not.toContain('feeds');
    const adminEn = calls.find(
      (c) => c.body.scope?.type === 'all_chat_administrators' && !c.body.language_code,
    );
    const feeds = ((adminEn?.body.commands ?? []) as { command: string; description: string }[]).find(
      (c) => c.command === 'feeds',
    );
    expect(feeds?.description).toMatch(/feeds/i);
    const adminNames = ((adminEn?.body.commands ?? []) as { command: string }[]).map((c) => c.command);
    expect(adminNames).toEqual(expect.arrayContaining(['subscribe', 'unsubscribe', 'resume']));
    for (const c of calls)
      for (const cmd of c.body.commands) expect(cmd.command).toMatch(/^[a-z0-9_]{1,32}$/);
  });

  it('/start explains the bot in the user’s language', async () => {
    const de = await ask(h, PRIVATE, { id: 501, language_code: 'de' }, '/start');
    expect(visibleText(de[0])).toContain('Befehle:');
    expect(visibleText(de[0])).toContain('/feeds add <url> [name]');
    const en = await ask(h, PRIVATE, { id: 501, language_code: 'en' }, '/help');
    expect(visibleText(en[0])).toContain('Commands:');
  });

  it('/subscribe in a private chat creates the subscription', async () => {
    const [reply] = await ask(h, PRIVATE, { id: 501, language_code: 'de' }, '/subscribe #wirtschaft');
    expect(reply?.body.parse_mode).toBe('HTML');
    const subs = await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: '501' });
    expect(subs).toHaveLength(1);
    expect(subs[0]?.target).toEqual({ kind: 'tag', tag: 'wirtschaft' });
    expect(visibleText(reply)).toContain('wirtschaft');
  });

  it('refuses a non-admin’s /feeds add in a group and accepts an admin’s', async () => {
    const feedUrl = web.url('/feed.xml');
    const [refused] = await ask(h, GROUP, MEMBER, `/feeds add ${feedUrl}`);
    expect(isRefusal(visibleText(refused))).toBe(true);
    expect(refused?.body.reply_parameters?.message_id).toEqual(expect.any(Number));
    const memberCheck = h.fake.callsOf('getChatMember').find((c) => c.body.user_id === MEMBER.id);
    expect(memberCheck?.body.chat_id).toBe(GROUP.id);

    const [accepted] = await ask(h, GROUP, ADMIN, `/feeds@${BOT_USER.username} add ${feedUrl} "Rhein Ruhr"`);
    expect(isRefusal(visibleText(accepted))).toBe(false);
    const feeds = await h.ts.store.db
      .selectFrom('chat_feeds')
      .selectAll()
      .where('chat_id', '=', String(GROUP.id))
      .execute();
    expect(feeds).toHaveLength(1);
  });

  it('recognises an anonymous admin posting as the group', async () => {
    const anon = { id: 1087968824, first_name: 'Group', language_code: 'de' };
    const [reply] = await ask(h, GROUP, anon, '/feeds list', {
      sender_chat: { id: GROUP.id, type: 'supergroup', title: GROUP.title },
    });
    expect(isRefusal(visibleText(reply))).toBe(false);
    expect(h.fake.callsOf('getChatMember').some((c) => c.body.user_id === anon.id)).toBe(false);
  });

  it('answers an unknown subcommand with the group’s usage', async () => {
    const [reply] = await ask(h, GROUP, ADMIN, '/feeds frobnicate');
    expect(visibleText(reply)).toContain('/feeds remove <feed>');
  });

  it('binds a subscription made in a forum topic to that topic and replies there', async () => {
    const [reply] = await ask(h, FORUM, ADMIN, '/subscribe #wirtschaft', {
      message_thread_id: 77,
      is_topic_message: true,
    });
    expect(reply?.body.message_thread_id).toBe(77);
    const subs = await listSubscriptions(h.ts.store.db, {
      platform: 'telegram',
      chatId: String(FORUM.id),
      threadId: '77',
    });
    expect(subs).toHaveLength(1);
    expect(subs[0]?.channel.threadId).toBe('77');
  });

  it('/summary <url> against a loopback article page answers with the digest', async () => {
    const calls = await ask(
      h,
      PRIVATE,
      { id: 501, language_code: 'de' },
      `/summary ${web.url('/artikel/waerme')}`,
      {},
      2,
    );
    const all = calls.map(visibleText).join('\n');
    expect(all).toContain('240 Millionen Euro');
    expect(all).toContain('Kennzahlen');
    const digestMsg = calls.find((c) => visibleText(c).includes('Kennzahlen'));
    expect(digestMsg?.body.link_preview_options).toEqual({
      url: web.url('/artikel/waerme'),
      prefer_small_media: true,
    });
  });

  it('runs no command posted inside a channel and posts nothing there (channels are set up from a private chat)', async () => {
    const channel = { id: -1003330001, type: 'channel', title: 'Kanal' };
    const before = h.fake.calls.length;
    for (const text of ['/subscribe #wirtschaft', `/feeds add ${web.url('/feed.xml')}`, '/help'])
      h.fake.pushUpdate(commandUpdate(channel, undefined, text, { sender_chat: channel }));
    // a later private command is answered: the channel posts above were consumed, not stuck
    await ask(h, PRIVATE, { id: 501, language_code: 'de' }, '/list');
    const toChannel = h.fake.calls.slice(before).filter((c) => String(c.body.chat_id) === String(channel.id));
    expect(toChannel).toEqual([]);
    const chat = { platform: 'telegram' as const, chatId: String(channel.id) };
    expect(await listSubscriptions(h.ts.store.db, chat)).toEqual([]);
    const feeds = await h.ts.store.db
      .selectFrom('chat_feeds')
      .selectAll()
      .where('chat_id', '=', String(channel.id))
      .execute();
    expect(feeds).toEqual([]);
  });

  it('refuses a member’s /subscribe and /unsubscribe in a group by default, and lets members read', async () => {
    const chat = { platform: 'telegram' as const, chatId: String(GROUP.id) };
    const [refused] = await ask(h, GROUP, MEMBER, '/subscribe #wirtschaft');
    expect(isManageRefusal(visibleText(refused))).toBe(true);
    expect(await listSubscriptions(h.ts.store.db, chat)).toEqual([]);
    const [ok] = await ask(h, GROUP, ADMIN, '/subscribe #wirtschaft');
    expect(visibleText(ok)).toContain('wirtschaft');
    const [again] = await ask(h, GROUP, MEMBER, '/unsubscribe #wirtschaft');
    expect(isManageRefusal(visibleText(again))).toBe(true);
    const [resume] = await ask(h, GROUP, MEMBER, '/resume');
    expect(isManageRefusal(visibleText(resume))).toBe(true);
    expect(await listSubscriptions(h.ts.store.db, chat)).toHaveLength(1);
    const [list] = await ask(h, GROUP, MEMBER, '/list');
    expect(visibleText(list)).toContain('wirtschaft');
  });

  it('moves subscriptions when a group is upgraded to a supergroup', async () => {
    const old = { id: -4711, type: 'group', title: 'Alte Gruppe' };
    h.fake.setMember(old.id, ADMIN.id, 'administrator');
    await ask(h, old, ADMIN, '/subscribe #wirtschaft');
    expect(await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: '-4711' })).toHaveLength(1);
    h.fake.pushUpdate({
      message: {
        message_id: 5,
        date: 1,
        chat: old,
        from: { id: ADMIN.id, is_bot: false, first_name: 'A' },
        migrate_to_chat_id: -1004711,
      },
    });
    const moved = async () =>
      (await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: '-1004711' })).length;
    for (let i = 0; i < 100 && (await moved()) === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(await moved()).toBe(1);
    expect(await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: '-4711' })).toHaveLength(0);
  });

  it('pauses a chat’s subscriptions when the bot is removed and resumes them when it is added back', async () => {
    const group = { id: -1006660001, type: 'supergroup', title: 'Kurzzeit' };
    h.fake.setMember(group.id, ADMIN.id, 'administrator');
    await ask(h, group, ADMIN, '/subscribe #wirtschaft');
    const member = (status: string) => ({ user: BOT_USER, status });
    const change = (from: string, to: string) =>
      h.fake.pushUpdate({
        my_chat_member: {
          chat: group,
          from: { id: ADMIN.id, is_bot: false, first_name: 'A' },
          date: 1,
          old_chat_member: member(from),
          new_chat_member: member(to),
        },
      });
    const paused = async () =>
      (await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: String(group.id) }))[0]
        ?.pausedReason;
    const until = async (want: (v: string | undefined) => boolean) => {
      for (let i = 0; i < 100 && !want(await paused()); i += 1) await new Promise((r) => setTimeout(r, 20));
    };
    change('member', 'kicked');
    await until((v) => v !== undefined);
    expect(await paused()).toBe('delivery.chat_not_found');
    change('kicked', 'member');
    await until((v) => v === undefined);
    expect(await paused()).toBeUndefined();
  });

  it('sent only valid HTML within the limits', () => {
    assertAllValid(h.fake.calls);
    expect(h.fake.callsOf('sendMessage').length).toBeGreaterThan(6);
  });
});

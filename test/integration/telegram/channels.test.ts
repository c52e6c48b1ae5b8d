/**
 * Channels linked from a private chat (both checks: the user administers the channel, the bot may post there),
 * then configured from the private chat; OPML import from an uploaded document and export as a document.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listChatFeedIds } from '../../../src/store/chat-feeds-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { upsertCatalogFeeds } from '../../../src/store/feeds-repo.js';
import { BOT_USER } from '../fakes/telegram-fake.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';
import { ask, assertAllValid, type Harness, startHarness, visibleText } from './harness.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/telegram/${name}`, import.meta.url), 'utf8');

const CHANNEL = { id: -1005550001, type: 'channel' as const, title: 'Morgenlage', username: 'morgenlage' };
const NO_POST = { id: -1005550002, type: 'channel' as const, title: 'Ohne Rechte', username: 'ohnerechte' };
const ADMIN = { id: 701, language_code: 'de' };
const STRANGER = { id: 702, language_code: 'de' };
const chatOf = (u: { id: number }) => ({ id: u.id, type: 'private', first_name: 'U' });

let h: Harness;
let web: FeedServer;

beforeAll(async () => {
  web = await startFeedServer();
  const base = web.url('');
  const feed = fixture('feed-escaping.xml')
    .replaceAll('{{BASE}}', base)
    .replaceAll('{{DATE}}', new Date().toUTCString());
  web.set('/feed.xml', { body: feed });
  h = await startHarness({ ALLOW_PORTS: String(web.port) });
  await upsertCatalogFeeds(
    h.ts.store.db,
    [
      {
        url: 'https://news.example.org/politik.xml',
        name: 'Politik',
        language: 'de',
        tags: ['politik'],
        intervalMinutes: 10,
        fullText: false,
      },
    ],
    Date.now(),
  );
  for (const c of [CHANNEL, NO_POST]) h.fake.addChat(c);
  h.fake.setMember(CHANNEL.id, ADMIN.id, 'administrator');
  h.fake.setMember(NO_POST.id, ADMIN.id, 'creator');
  h.fake.setMember(CHANNEL.id, BOT_USER.id, 'administrator', { can_post_messages: true });
  h.fake.setMember(NO_POST.id, BOT_USER.id, 'administrator', { can_post_messages: false });
  h.fake.addFile('opml1', fixture('feeds.opml').replaceAll('{{BASE}}', base), 'feeds.opml');
}, 30_000);

afterAll(async () => {
  await h?.close();
  await web?.close();
});

describe('telegram channels', () => {
  it('refuses a user who is not an admin of the channel', async () => {
    const [reply] = await ask(h, chatOf(STRANGER), STRANGER, '/channel @morgenlage');
    expect(visibleText(reply)).toBe('Du bist kein Administrator von Morgenlage.');
  });

  it('refuses a channel where the bot may not post', async () => {
    const [reply] = await ask(h, chatOf(ADMIN), ADMIN, '/channel @ohnerechte');
    expect(visibleText(reply)).toContain('Ich kann in Ohne Rechte nicht posten');
  });

  it('links a channel after both checks and configures it from the private chat', async () => {
    const [linked] = await ask(h, chatOf(ADMIN), ADMIN, '/channel @morgenlage');
    expect(visibleText(linked)).toContain('Kanal Morgenlage verknüpft');
    const botCheck = h.fake
      .callsOf('getChatMember')
      .find((c) => c.body.user_id === BOT_USER.id && c.body.chat_id === CHANNEL.id);
    expect(botCheck).toBeDefined();

    const [sub] = await ask(h, chatOf(ADMIN), ADMIN, '/subscribe #politik');
    expect(visibleText(sub).startsWith('Kanal Morgenlage:')).toBe(true);
    const channelSubs = await listSubscriptions(h.ts.store.db, {
      platform: 'telegram',
      chatId: String(CHANNEL.id),
    });
    expect(channelSubs.map((s) => s.target)).toEqual([{ kind: 'tag', tag: 'politik' }]);
    const ownSubs = await listSubscriptions(h.ts.store.db, {
      platform: 'telegram',
      chatId: String(ADMIN.id),
    });
    expect(ownSubs).toHaveLength(0);
  });

  it('links a channel from a forwarded channel post', async () => {
    const [off] = await ask(h, chatOf(ADMIN), ADMIN, '/channel off');
    expect(visibleText(off)).toBe('Zurück zu diesem privaten Chat.');
    const before = h.fake.calls.length;
    h.fake.pushUpdate({
      message: {
        message_id: 9001,
        date: Math.floor(Date.now() / 1000),
        chat: chatOf(ADMIN),
        from: { is_bot: false, first_name: 'A', ...ADMIN },
        text: 'Weitergeleitet',
        forward_origin: { type: 'channel', chat: CHANNEL, message_id: 12, date: 1 },
      },
    });
    await h.fake.waitFor((calls) => calls.slice(before).some((c) => c.method === 'sendMessage'));
    const reply = h.fake.calls.slice(before).find((c) => c.method === 'sendMessage');
    expect(visibleText(reply)).toContain('Kanal Morgenlage verknüpft');
    const [current] = await ask(h, chatOf(ADMIN), ADMIN, '/channel');
    expect(visibleText(current)).toContain('Morgenlage');
  });

  it('imports OPML from an uploaded document and exports it as a document', async () => {
    const doc = { file_id: 'opml1', file_unique_id: 'u1', file_name: 'feeds.opml', file_size: 300 };
    const [imported] = await ask(h, chatOf(ADMIN), ADMIN, '/opml import', {
      document: doc,
      caption: '/opml import',
      text: undefined,
      entities: undefined,
      caption_entities: [{ type: 'bot_command', offset: 0, length: 5 }],
    });
    expect(visibleText(imported).startsWith('Kanal Morgenlage:')).toBe(true);
    expect(h.fake.callsOf('getFile').map((c) => c.body.file_id)).toContain('opml1');
    const ids = await listChatFeedIds(h.ts.store.db, 'telegram', String(CHANNEL.id));
    expect(ids).toHaveLength(1);

    const [exported] = await ask(h, chatOf(ADMIN), ADMIN, '/opml export', {}, 2);
    const all = h.fake.callsOf('sendDocument');
    const file = all[all.length - 1]?.body.document as { name: string; content: string };
    expect(file.name).toMatch(/\.opml$/);
    expect(file.content).toContain(web.url('/feed.xml'));
    expect(exported).toBeDefined();
  });

  it('stops configuring the channel once the user is no longer its admin', async () => {
    await ask(h, chatOf(ADMIN), ADMIN, '/channel @morgenlage');
    h.fake.setMember(CHANNEL.id, ADMIN.id, 'member');
    const [reply] = await ask(h, chatOf(ADMIN), ADMIN, '/unsubscribe #politik');
    expect(visibleText(reply)).toBe('Du bist kein Administrator von Morgenlage.');
    const subs = await listSubscriptions(h.ts.store.db, { platform: 'telegram', chatId: String(CHANNEL.id) });
    expect(subs).toHaveLength(1);
    h.fake.setMember(CHANNEL.id, ADMIN.id, 'administrator');
  });

  it('sent only valid HTML within the limits', () => {
    assertAllValid(h.fake.calls);
  });
});

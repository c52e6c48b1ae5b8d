/**
 * The issue flow end to end on Telegram, with the bot wired as `newsdigest start` wires it (startApp: real grammY
 * long polling against the fake Bot API, poller, SQLite file, delivery engine) and a loopback feed whose items
 * appear while it runs. Commands are typed into a group as Telegram sends them; every step asserts on what the
 * fake received:
 * admin adds a feed and subscribes, a member is refused (chat admins only, by default); an item published before
 * the feed's first scheduled poll is posted; 20 distinct items give 20 messages; a 403 (bot removed while it was
 * not listening) pauses the group, the bot is added back, the group resumes and gets what was queued; switching
 * the chat to English changes help, errors and digests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { type BotUnderTest, startBot, until } from '../../helpers/app.js';
import {
  EARLY_STORY,
  GERMAN_STORIES,
  LATER_STORIES,
  LiveFeed,
  OLD_STORY,
  type Story,
} from '../../helpers/stories.js';
import { BOT_USER, type RecordedCall, TelegramFake } from '../fakes/telegram-fake.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';
import { ask, assertAllValid, visibleText } from './harness.js';

const GROUP = { id: -1004242001, type: 'supergroup' as const, title: 'Kreisrunde' };
const ADMIN = { id: 701, language_code: 'de' };
const MEMBER = { id: 702, language_code: 'de' };
const REF = { platform: 'telegram' as const, chatId: String(GROUP.id) };

let web: FeedServer;
let feed: LiveFeed;
let fake: TelegramFake;
let bot: BotUnderTest;

beforeAll(async () => {
  web = await startFeedServer();
  feed = new LiveFeed(web, 'Kreisbote');
  feed.publish([OLD_STORY], Date.now() - 3_600_000);
  fake = await new TelegramFake().listen();
  fake.addChat(GROUP);
  fake.setMember(GROUP.id, ADMIN.id, 'administrator');
  fake.setMember(GROUP.id, MEMBER.id, 'member');
  bot = await startBot(web.port, {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    // twenty posts in a row: the platform limits are not what this test is about
    TELEGRAM_RATE_PER_CHAT: '50/1s',
    TELEGRAM_RATE_PER_GROUP: '50/1s',
  });
}, 30_000);

afterAll(async () => {
  await bot?.close();
  await fake?.close();
  await web?.close();
});

const toGroup = (c: RecordedCall) => String(c.body.chat_id) === String(GROUP.id);

/** Digests the group received (posts that carry a source line and that Telegram accepted). */
const digests = (): RecordedCall[] =>
  fake
    .callsOf('sendMessage')
    .filter((c) => toGroup(c) && c.errorCode === undefined)
    .filter((c) => /\n(Quelle|Source): /.test(visibleText(c)));

/** Wait until these stories are delivered (or not) to the group; the group has then received `n` digests. */
async function digestsAfter(stories: readonly Story[], n: number): Promise<string[]> {
  const statuses = await bot.settled(
    REF,
    stories.map((s) => feed.link(s)),
  );
  expect(statuses).toEqual(stories.map(() => 'delivered'));
  expect(digests()).toHaveLength(n);
  return digests().map(visibleText);
}

const titleOf = (text: string) => text.split('\n')[0];
const say = async (from: typeof ADMIN, text: string) =>
  visibleText((await ask({ fake }, GROUP, from, text))[0]);
const paused = async () =>
  (await listSubscriptions(bot.app.store.db, REF)).map((s) => s.pausedReason ?? null);

describe('Telegram: the issue flow, from typed commands to the group', () => {
  it('an admin adds a feed and subscribes; a member’s subscribe is refused (chat admins only)', async () => {
    expect(bot.app.platforms).toEqual(['telegram']);
    const added = await say(ADMIN, `/feeds add ${feed.url}`);
    expect(added).toContain('Kreisbote');
    expect(added).toContain('/subscribe 1');

    const refused = await say(MEMBER, `/subscribe ${feed.url}`);
    expect(refused).toBe(t('de', 'command.manage_only_chat_admins'));
    expect(refused).not.toMatch(/Kanäle verwalten|Manage Channels/);
    expect(await listSubscriptions(bot.app.store.db, REF)).toEqual([]);

    expect(await say(ADMIN, `/subscribe ${feed.url}`)).toBe(
      'Kreisbote (Feed 1) abonniert als #1: sofort, auf Deutsch.',
    );
    expect(await paused()).toEqual([null]);
  });

  it('posts an item published before the feed’s first scheduled poll; the item seen by feeds add is not', async () => {
    feed.publish([EARLY_STORY]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    const [digest] = await digestsAfter([EARLY_STORY], 1);
    expect(titleOf(digest!)).toBe(EARLY_STORY.title);
    expect(digest).toContain('• 14 Monate');
    expect(digest).toContain(`${t('de', 'digest.key_figures')}\n`);
    expect(digest).toContain(`${t('de', 'digest.source')}: Kreisbote`);

    // why tells what really happened to each
    expect(await say(ADMIN, `/why ${feed.link(EARLY_STORY)}`)).toMatch(/#1: gepostet/);
    expect(await say(ADMIN, `/why ${feed.link(OLD_STORY)}`)).toBe(
      t('de', 'cmd.why.first_poll', { title: OLD_STORY.title, feed: 'Kreisbote' }),
    );
  });

  it('posts 20 distinct items of one feed as 20 messages', async () => {
    feed.publish(GERMAN_STORIES);
    expect((await bot.scheduledPoll()).announced).toBe(20);
    const posted = (await digestsAfter(GERMAN_STORIES, 21)).slice(1);
    expect(posted.map(titleOf).sort()).toEqual(GERMAN_STORIES.map((s) => s.title).sort());
    for (const text of posted) expect(text).not.toContain(t('de', 'digest.also_reported'));
    assertAllValid(fake.calls);
  });

  it('pauses the group on a 403, resumes when the bot is back, and posts what was queued meanwhile', async () => {
    // the bot is removed while it is not listening: no update, the next post is refused with 403
    fake.setMember(GROUP.id, BOT_USER.id, 'kicked');
    const [first, second] = LATER_STORIES as [Story, Story];
    feed.publish([first]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    await until(async () => ((await paused())[0] ? true : undefined), 'pause after 403');
    expect(await paused()).toEqual(['delivery.chat_not_found']);
    const refused = fake.callsOf('sendMessage').filter((c) => toGroup(c) && c.errorCode === 403);
    expect(refused.map((c) => titleOf(visibleText(c)))).toEqual([first.title]);

    // published while paused: held for the group, nothing is sent
    const triedBefore = fake.callsOf('sendMessage').length;
    feed.publish([second]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    const held = await until(async () => {
      const w = await bot.app.engine.why(REF, feed.link(second));
      return w[0]?.reason?.startsWith('held(') ? w : undefined;
    }, 'held decision');
    expect(held).toMatchObject([{ status: 'pending', reason: 'held(delivery.chat_not_found)' }]);
    expect(fake.callsOf('sendMessage')).toHaveLength(triedBefore);
    expect(digests()).toHaveLength(21);

    // an admin adds the bot back: Telegram sends my_chat_member kicked → member, the group resumes
    fake.changeBotMembership(GROUP, 'member');
    await until(async () => ((await paused())[0] === null ? true : undefined), 'resume');
    const posted = (await digestsAfter([first, second], 23)).slice(21);
    expect(posted.map(titleOf)).toEqual([first.title, second.title]);
    expect(bot.logLines.some((l) => l.includes('subscriptions resumed'))).toBe(true);
  });

  it('after /settings language en, help, errors and digests are in English', async () => {
    const before = { help: await say(ADMIN, '/help'), error: await say(ADMIN, '/subscribe') };
    expect(before.help).toContain(t('de', 'telegram.help.intro'));
    expect(before.error).toContain(t('de', 'command.missing_option', { option: 'ziel' }));

    const saved = await say(ADMIN, '/settings language en');
    expect(saved).toContain(t('en', 'cmd.settings.language_saved', { language: 'English' }));

    const help = await say(ADMIN, '/help');
    expect(help).toContain(t('en', 'telegram.help.intro'));
    expect(help).toContain('/subscribe <target> [mode] [language]');
    expect(help).not.toContain(t('de', 'telegram.help.intro'));
    expect(await say(ADMIN, '/subscribe')).toBe(
      [
        t('en', 'command.missing_option', { option: 'target' }),
        t('en', 'command.usage', {
          usage: '/subscribe <target> [mode] [language]',
          example: '/subscribe politics',
        }),
      ].join('\n'),
    );
    // a member's refusal follows the chat's language too (a group has no private answers on Telegram)
    expect(await say({ ...MEMBER, language_code: 'de' }, `/subscribe ${feed.url}`)).toBe(
      t('en', 'command.manage_only_chat_admins'),
    );

    const third = LATER_STORIES[2] as Story;
    feed.publish([third]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    const digest = (await digestsAfter([third], 24))[23]!;
    expect(titleOf(digest)).toBe(third.title);
    expect(digest).toContain(`${t('en', 'digest.key_figures')}\n`);
    expect(digest).toContain(`${t('en', 'digest.source')}: Kreisbote`);
    expect(digest).not.toContain(t('de', 'digest.key_figures'));
    assertAllValid(fake.calls);
  });
});

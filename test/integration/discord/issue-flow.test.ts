/**
 * The issue flow end to end on Discord, with the bot wired as `newsdigest start` wires it (startApp: the real
 * discord.js client against the fake gateway and REST API, poller, SQLite file, delivery engine) and a loopback
 * feed whose items appear while it runs. Slash commands are sent as Discord sends them, from German and English
 * clients; every step asserts on what the fake received:
 * a server admin adds a feed and subscribes the channel, a member is refused (Manage Channels, by default); an
 * item published before the feed's first scheduled poll is posted; 20 distinct items give 20 messages; a 403
 * Missing Permissions pauses the channel, the permission comes back, the channel resumes and gets what was
 * queued; switching the channel to English changes its digests and public answers, while help and errors
 * follow each caller's client language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { escapeDiscord } from '../../../src/platforms/discord/escape.js';
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
import {
  type DiscordFake,
  type InteractOptions,
  type RecordedCall,
  type StoredMessage,
  startDiscordFake,
} from '../fakes/discord-fake.js';
import { mentionsSuppressed, validateMessageBody } from '../fakes/discord-limits.js';
import { type FeedServer, startFeedServer } from '../pipeline/feed-server.js';

const SEND_MESSAGES = String(1n << 11n);
const EPHEMERAL = 64;
/** Manage Server + Manage Channels. */
const ADMIN = { userId: '800000000000000001', permissions: '48' };
const MEMBER = { userId: '800000000000000002', permissions: '0' };

let web: FeedServer;
let feed: LiveFeed;
let fake: DiscordFake;
let bot: BotUnderTest;
let channel = '';

beforeAll(async () => {
  web = await startFeedServer();
  feed = new LiveFeed(web, 'Kreisbote');
  feed.publish([OLD_STORY], Date.now() - 3_600_000);
  fake = await startDiscordFake();
  channel = fake.textChannelId;
  bot = await startBot(web.port, {
    DISCORD_TOKEN: 'fake-token-issue-flow',
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_ID: fake.guildId,
    // twenty posts in a row: the platform limits are not what this test is about
    DISCORD_RATE_PER_CHANNEL: '50/1s',
  });
  await fake.waitFor(() => fake.commands.get(fake.guildId), 'command registration');
}, 30_000);

afterAll(async () => {
  await bot?.close();
  await fake?.close();
  await web?.close();
});

const REF = () => ({ platform: 'discord' as const, chatId: channel });

interface Answer {
  text: string;
  /** The first answer's interaction callback type (4 = message, 5 = deferred "thinking…"). */
  type: number;
  ephemeral: boolean;
}

/** Send a slash command into the channel and wait for its `n`-th answer call (deferred answers take two). */
async function run(o: Omit<InteractOptions, 'channelId'>, n = 1): Promise<Answer> {
  const i = fake.interact({ channelId: channel, ...o });
  const calls = await fake.waitFor(() => {
    const c = fake.interactionCalls(i);
    return c.length >= n ? c : undefined;
  }, `answer to /${o.command}`);
  const body = (c: RecordedCall) =>
    c.body as { type?: number; content?: string; data?: Answer & Record<string, unknown> };
  const first = body(calls[0]!);
  const last = body(calls[n - 1]!);
  const flags = Number((first.data as { flags?: number } | undefined)?.flags ?? 0);
  return {
    text: String(last.data?.content ?? last.content ?? ''),
    type: Number(first.type),
    ephemeral: (flags & EPHEMERAL) !== 0,
  };
}

const opt = (name: string, value: string) => ({ name, type: 3, value });
const embedOf = (m: StoredMessage) => (m.body.embeds as Record<string, unknown>[])[0]!;
const titleOf = (m: StoredMessage) => String(embedOf(m).title);
const paused = async () =>
  (await listSubscriptions(bot.app.store.db, REF())).map((s) => s.pausedReason ?? null);

/** Wait until these stories are delivered to the channel; it has then received `n` messages in all. */
async function messagesAfter(stories: readonly Story[], n: number): Promise<StoredMessage[]> {
  const statuses = await bot.settled(
    REF(),
    stories.map((s) => feed.link(s)),
  );
  expect(statuses).toEqual(stories.map(() => 'delivered'));
  const posted = fake.messagesIn(channel);
  expect(posted).toHaveLength(n);
  for (const m of posted) {
    expect(validateMessageBody(m.body)).toEqual([]);
    expect(mentionsSuppressed(m.body)).toBe(true);
  }
  return posted;
}

describe('Discord: the issue flow, from slash commands to the channel', () => {
  it('a server admin adds a feed and subscribes; a member’s subscribe is refused privately (Manage Channels)', async () => {
    expect(bot.app.platforms).toEqual(['discord']);
    const added = await run(
      { command: 'feeds', subcommand: 'add', options: [opt('url', feed.url)], locale: 'de', ...ADMIN },
      2,
    );
    expect(added.text).toContain('Kreisbote');
    expect(added.text).toContain('/abonnieren ziel:1');

    const refused = await run({
      command: 'subscribe',
      options: [opt('target', feed.url)],
      locale: 'de',
      ...MEMBER,
    });
    expect(refused).toEqual({ text: t('de', 'command.manage_only'), type: 4, ephemeral: true });
    expect(await listSubscriptions(bot.app.store.db, REF())).toEqual([]);

    const sub = await run({
      command: 'subscribe',
      options: [opt('target', feed.url)],
      locale: 'de',
      ...ADMIN,
    });
    expect(sub.text).toBe(escapeDiscord('Kreisbote (Feed 1) abonniert als #1: sofort, auf Deutsch.'));
    expect(sub.ephemeral).toBe(false);
    expect(await paused()).toEqual([null]);
  });

  it('posts an item published before the feed’s first scheduled poll; the item seen by feeds add is not', async () => {
    feed.publish([EARLY_STORY]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    const [msg] = await messagesAfter([EARLY_STORY], 1);
    const embed = embedOf(msg!);
    expect(embed.title).toBe(EARLY_STORY.title);
    expect(embed.url).toBe(feed.link(EARLY_STORY));
    expect(JSON.stringify(embed.fields)).toContain('14 Monate');
    expect((embed.fields as { name: string }[])[0]?.name).toBe(t('de', 'digest.key_figures'));
    expect((embed.footer as { text: string }).text).toContain(`${t('de', 'digest.source')}: Kreisbote`);

    const why = await run({
      command: 'why',
      options: [opt('url', feed.link(OLD_STORY))],
      locale: 'de',
      ...MEMBER,
    });
    expect(why.text).toBe(
      escapeDiscord(t('de', 'cmd.why.first_poll', { title: OLD_STORY.title, feed: 'Kreisbote' })),
    );
  });

  it('posts 20 distinct items of one feed as 20 messages', async () => {
    feed.publish(GERMAN_STORIES);
    expect((await bot.scheduledPoll()).announced).toBe(20);
    const posted = (await messagesAfter(GERMAN_STORIES, 21)).slice(1);
    expect(posted.map(titleOf).sort()).toEqual(GERMAN_STORIES.map((s) => s.title).sort());
    for (const m of posted) expect(JSON.stringify(m.body)).not.toContain(t('de', 'digest.also_reported'));
  });

  it('pauses the channel on 403 Missing Permissions, resumes when the permission is back, posts what was queued', async () => {
    // a server admin takes Send Messages away from the bot; Discord refuses the next post with 403/50013
    fake.setOverwrites(channel, [{ id: fake.botRoleId, type: 0, allow: '0', deny: SEND_MESSAGES }]);
    const route = new RegExp(`/channels/${channel}/messages$`);
    fake.fail({ method: 'POST', path: route, status: 403, code: 50013, message: 'Missing Permissions' });
    const [first, second] = LATER_STORIES as [Story, Story];
    feed.publish([first]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    await until(async () => ((await paused())[0] ? true : undefined), 'pause after 403');
    expect(await paused()).toEqual(['delivery.missing_permissions']);
    expect(fake.callsTo('POST', route).filter((c) => c.status === 403)).toHaveLength(1);
    // the server owner is told by DM, with the command that resumes (German channel)
    const [dm] = await fake.waitFor(
      () => (fake.dmsTo(fake.ownerId).length > 0 ? fake.dmsTo(fake.ownerId) : undefined),
      'owner DM',
    );
    expect(String(dm!.body.content)).toContain(escapeDiscord('/fortsetzen'));

    // published while paused: held for the channel, nothing is sent
    feed.publish([second]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    const held = await until(async () => {
      const w = await bot.app.engine.why(REF(), feed.link(second));
      return w[0]?.reason?.startsWith('held(') ? w : undefined;
    }, 'held decision');
    expect(held).toMatchObject([{ status: 'pending', reason: 'held(delivery.missing_permissions)' }]);
    expect(fake.messagesIn(channel)).toHaveLength(21);
    const list = await run({ command: 'list', locale: 'de', ...MEMBER });
    expect(list.text).toContain(escapeDiscord(t('de', 'cmd.list.resume_hint', { command: '/fortsetzen' })));

    // the overwrite is removed: CHANNEL_UPDATE gives the bot Send Messages and Embed Links again
    fake.setOverwrites(channel, []);
    await until(async () => ((await paused())[0] === null ? true : undefined), 'resume');
    const posted = (await messagesAfter([first, second], 23)).slice(21);
    expect(posted.map(titleOf)).toEqual([first.title, second.title]);
  });

  it('after switching the channel to English its digests and public answers are English; help and errors follow the caller’s client', async () => {
    const helpDe = await run({ command: 'help', locale: 'de', ...MEMBER });
    expect(helpDe.text).toContain(escapeDiscord(t('de', 'cmd.help.intro')));
    expect(helpDe.ephemeral).toBe(true);

    const saved = await run({
      command: 'settings',
      options: [opt('language', 'en')],
      locale: 'de',
      ...ADMIN,
    });
    expect(saved.text).toContain(
      escapeDiscord(t('de', 'cmd.settings.language_saved', { language: 'Englisch' })),
    );

    // public answers are what the channel reads: English now, whatever the caller's client
    const list = await run({ command: 'list', locale: 'de', ...MEMBER });
    expect(list.text).toContain(escapeDiscord(t('en', 'cmd.list.header', { count: 1 })));
    expect(list.ephemeral).toBe(false);
    // private answers (help, errors) are in each caller's own language, with options named as the client shows them
    const helpEn = await run({ command: 'help', locale: 'en-US', ...MEMBER });
    expect(helpEn.text).toContain(escapeDiscord(t('en', 'cmd.help.intro')));
    expect(helpEn.text).toContain('/subscribe target:');
    expect((await run({ command: 'help', locale: 'de', ...MEMBER })).text).toContain('/abonnieren ziel:');
    const refusedEn = await run({
      command: 'subscribe',
      options: [opt('target', feed.url)],
      locale: 'en-GB',
      ...MEMBER,
    });
    expect(refusedEn).toEqual({ text: t('en', 'command.manage_only'), type: 4, ephemeral: true });
    const notFound = await run({
      command: 'subscribe',
      options: [opt('target', 'Wetter')],
      locale: 'en-US',
      ...ADMIN,
    });
    expect(notFound.text.split('\n')[0]).toBe(t('en', 'command.not_found', { what: 'Wetter' }));
    expect(notFound.ephemeral).toBe(true);

    const third = LATER_STORIES[2] as Story;
    feed.publish([third]);
    expect((await bot.scheduledPoll()).announced).toBe(1);
    const msg = (await messagesAfter([third], 24))[23]!;
    expect(titleOf(msg)).toBe(third.title);
    const embed = embedOf(msg);
    expect((embed.fields as { name: string }[])[0]?.name).toBe(t('en', 'digest.key_figures'));
    expect((embed.footer as { text: string }).text).toContain(`${t('en', 'digest.source')}: Kreisbote`);
  });
});

/**
 * Resume after 403 on Discord, against the fake with the real discord.js client: a channel whose posts are refused
 * (403/50013) is paused and holds what arrives; `list` and `subscribe` say how to resume; a permission update that
 * still lacks Embed Links changes nothing, one that gives the bot Send Messages and Embed Links resumes the channel
 * and the held items are posted. Role and member updates count the same way; a deleted channel's pause stays; the
 * `/resume` command works for those who manage the channel and is refused (privately) to members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import { pauseAndHold } from '../../../src/delivery/pause.js';
import { t } from '../../../src/i18n/index.js';
import { escapeDiscord } from '../../../src/platforms/discord/escape.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { createPoller, type Poller, pollerSettingsFromConfig } from '../../../src/scheduler/index.js';
import { listFeeds } from '../../../src/store/feeds-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { BOT_ROLE_PERMISSIONS } from '../fakes/discord-fake-payloads.js';
import { type Harness, startHarness } from './harness.js';

const SEND_MESSAGES = String(1n << 11n);
const EMBED_LINKS = String(1n << 14n);
const MANAGE_CHANNELS = '16';

let h: Harness;
let engine: DeliveryEngine;
let poller: Poller;
let now = Date.now();
let channel = '';

async function pollAgain() {
  const due = await listFeeds(h.db.store.db);
  now = Math.max(now, ...due.map((f) => f.nextCheckAt)) + 1000;
  return poller.pollOnce();
}

beforeAll(async () => {
  h = await startHarness({
    settings: { FULL_TEXT: 'false' },
    delivery: (deps) => {
      engine = createDeliveryEngine({ ...deps, summarizer: extractiveSummarizer });
      return engine;
    },
  });
  engine.registerPublisher(h.handle.publisher);
  poller = createPoller({
    db: h.db.store.db,
    fetcher: h.fetcher,
    summarizer: extractiveSummarizer,
    settings: pollerSettingsFromConfig(h.config),
    log: h.log,
    now: () => now,
  });
  channel = h.fake.announcementChannelId;
});

afterAll(async () => {
  await h?.close();
});

async function answer(i: FakeInteraction, n = 1): Promise<RecordedCall[]> {
  return h.fake.waitFor(() => {
    const c = h.fake.interactionCalls(i);
    return c.length >= n ? c : undefined;
  }, `answer to ${i.id}`);
}

const textOf = (c: RecordedCall | undefined) => {
  const b = c?.body as { content?: string; data?: { content?: string } } | undefined;
  return String(b?.data?.content ?? b?.content ?? '');
};

const ref = () => ({ platform: 'discord' as const, chatId: channel });
const paused = async () => (await listSubscriptions(h.db.store.db, ref())).map((s) => s.pausedReason ?? null);

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Long enough for a gateway event to be handled (a resume, if any, takes milliseconds). */
const settle = () => new Promise((r) => setTimeout(r, 500));

describe('Discord: resume after 403 Missing Permissions', () => {
  it('holds what arrives while paused and posts it once a channel update gives back Send Messages and Embed Links', async () => {
    const feedUrl = `${h.site.base}/feed.xml`;
    const added = h.fake.interact({
      command: 'feeds',
      subcommand: 'add',
      options: [{ name: 'url', type: 3, value: feedUrl }],
      permissions: '32',
      channelId: channel,
      locale: 'de',
    });
    await answer(added, 2);
    const sub = h.fake.interact({
      command: 'subscribe',
      options: [{ name: 'target', type: 3, value: feedUrl }],
      permissions: MANAGE_CHANNELS,
      channelId: channel,
      locale: 'de',
    });
    expect(textOf((await answer(sub))[0])).toContain('abonniert');
    expect((await pollAgain()).announced).toBe(0);

    // a server admin takes Send Messages away from the bot; Discord answers the next post with 403/50013
    h.fake.setOverwrites(channel, [{ id: h.fake.botRoleId, type: 0, allow: '0', deny: SEND_MESSAGES }]);
    h.fake.fail({
      method: 'POST',
      path: new RegExp(`/channels/${channel}/messages$`),
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    h.site.breaking = true;
    expect((await pollAgain()).announced).toBe(1);
    await engine.fanOut();
    await engine.drain({ maxRounds: 200 });
    expect(await paused()).toEqual(['delivery.missing_permissions']);
    expect(h.fake.messagesIn(channel)).toEqual([]);
    // the owner's DM names the command (German channel: /fortsetzen)
    const [dm] = h.fake.dmsTo(h.fake.ownerId);
    expect(dm!.body.content).toContain(escapeDiscord('/fortsetzen'));

    // two more items arrive while paused: held, nothing posted
    h.site.more = true;
    expect((await pollAgain()).announced).toBe(2);
    await engine.fanOut();
    await engine.drain({ maxRounds: 200 });
    expect(h.fake.messagesIn(channel)).toEqual([]);

    // list (a member may read) and subscribe say it is paused and how to resume
    const list = h.fake.interact({ command: 'list', channelId: channel, locale: 'de' });
    const listText = textOf((await answer(list))[0]);
    expect(listText).toContain(
      escapeDiscord(t('de', 'cmd.paused', { reason: t('de', 'delivery.missing_permissions') })),
    );
    expect(listText).toContain(escapeDiscord(t('de', 'cmd.list.resume_hint', { command: '/fortsetzen' })));
    const again = h.fake.interact({
      command: 'subscribe',
      options: [{ name: 'target', type: 3, value: feedUrl }],
      permissions: MANAGE_CHANNELS,
      channelId: channel,
      locale: 'de',
    });
    const againText = textOf((await answer(again))[0]);
    expect(againText).toContain('/fortsetzen 1');

    // Send Messages back but Embed Links denied: the bot still cannot post its embeds, nothing resumes
    h.fake.setOverwrites(channel, [
      { id: h.fake.botRoleId, type: 0, allow: SEND_MESSAGES, deny: EMBED_LINKS },
    ]);
    await settle();
    expect(await paused()).toEqual(['delivery.missing_permissions']);

    // the overwrite is gone: the bot's role allows both again → resumed, and the three held items go out
    h.fake.setOverwrites(channel, []);
    await until(async () => (await paused())[0] === null, 'resume after CHANNEL_UPDATE');
    await engine.drain({ maxRounds: 200 });
    const posted = h.fake.messagesIn(channel);
    expect(posted).toHaveLength(3);
    const titles = posted.map((m) => (m.body.embeds as { title: string }[])[0]!.title);
    expect(titles.sort()).toEqual(
      [
        'Freibad Lindenau öffnet zwei Wochen früher',
        'Kreistag streitet über neue Buslinie nach Grünhain',
        expect.stringContaining('Brücke über die Mulde'),
      ].sort(),
    );
    expect(h.logLines.some((l) => l.includes('subscriptions resumed'))).toBe(true);
  });

  it('resumes on the bot’s own member update and on a role update, never a deleted channel’s pause', async () => {
    // member update: the bot loses its role (no rights) → still paused; gets it back → resumed
    await pauseAndHold(h.db.store.db, ref(), 'delivery.missing_permissions', Date.now());
    h.fake.setBotRoles([]);
    await settle();
    expect(await paused()).toEqual(['delivery.missing_permissions']);
    h.fake.setBotRoles([h.fake.botRoleId]);
    await until(async () => (await paused())[0] === null, 'resume after GUILD_MEMBER_UPDATE');

    // role update: the bot's role without rights → still paused; with them → resumed
    await pauseAndHold(h.db.store.db, ref(), 'delivery.missing_permissions', Date.now());
    h.fake.setRolePermissions(h.fake.botRoleId, String(1n << 10n));
    await settle();
    expect(await paused()).toEqual(['delivery.missing_permissions']);
    h.fake.setRolePermissions(h.fake.botRoleId, BOT_ROLE_PERMISSIONS);
    await until(async () => (await paused())[0] === null, 'resume after GUILD_ROLE_UPDATE');

    // a channel Discord said is gone is not brought back by a permission update
    await pauseAndHold(h.db.store.db, ref(), 'delivery.chat_not_found', Date.now());
    h.fake.setOverwrites(channel, []);
    await settle();
    expect(await paused()).toEqual(['delivery.chat_not_found']);
  });

  it('/resume: refused privately to a member, resumes for someone who manages the channel', async () => {
    const member = h.fake.interact({ command: 'resume', channelId: channel, locale: 'en' });
    const [refusal, ...more] = await answer(member);
    expect(more).toEqual([]);
    // answered at once and privately: no public "thinking…" first
    expect(refusal!.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(await paused()).toEqual(['delivery.chat_not_found']);

    const admin = h.fake.interact({
      command: 'resume',
      channelId: channel,
      locale: 'de',
      permissions: MANAGE_CHANNELS,
    });
    const text = textOf((await answer(admin))[0]);
    expect(text).toContain('#1');
    expect(await paused()).toEqual([null]);
    const nothing = h.fake.interact({
      command: 'resume',
      channelId: channel,
      locale: 'de',
      permissions: MANAGE_CHANNELS,
    });
    expect(textOf((await answer(nothing))[0])).toBe(t('de', 'cmd.resume.none'));
  });
});

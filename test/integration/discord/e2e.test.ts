/**
 * End to end on loopback: fake feed site → poller (fetch, parse, SQLite) → delivery engine → Discord publisher →
 * fake Discord, starting from `/feeds add` and `/subscribe` typed as slash commands. A second channel whose
 * posts are refused with 403/50013 gets its subscription paused, the server owner gets a DM saying so, and
 * `/why` there tells the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { escapeDiscord } from '../../../src/platforms/discord/escape.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import { pollerSettingsFromConfig } from '../../../src/scheduler/index.js';
import { createPoller, type Poller } from '../../../src/scheduler/index.js';
import { listFeeds } from '../../../src/store/feeds-repo.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { mentionsSuppressed, validateMessageBody } from '../fakes/discord-limits.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
let engine: DeliveryEngine;
let poller: Poller;
/** The poller's clock: moved past the feed's next check to make it due again. */
let now = Date.now();

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
});

afterAll(async () => {
  await h?.close();
});

async function command(i: FakeInteraction, n = 1): Promise<string> {
  const calls: RecordedCall[] = await h.fake.waitFor(() => {
    const c = h.fake.interactionCalls(i);
    return c.length >= n ? c : undefined;
  }, `answer to ${i.id}`);
  const last = calls[calls.length - 1]!.body as { content?: string; data?: { content?: string } };
  return String(last.data?.content ?? last.content ?? '');
}

describe('Discord end to end', () => {
  it('delivers a new feed item as an escaped digest embed after /feeds add and /subscribe', async () => {
    const feedUrl = `${h.site.base}/feed.xml`;
    // feeds are linked per channel (the core's "chat"): the admin adds it in both channels
    for (const channelId of [h.fake.textChannelId, h.fake.announcementChannelId]) {
      const added = h.fake.interact({
        command: 'feeds',
        subcommand: 'add',
        options: [{ name: 'url', type: 3, value: feedUrl }],
        permissions: '32',
        channelId,
        locale: 'de',
      });
      expect(await command(added, 2)).toContain('Lindenauer Rundschau');
    }
    for (const channelId of [h.fake.textChannelId, h.fake.announcementChannelId]) {
      const sub = h.fake.interact({
        command: 'subscribe',
        options: [{ name: 'target', type: 3, value: feedUrl }],
        channelId,
        locale: 'de',
        permissions: '16',
      });
      expect(await command(sub)).toContain('abonniert');
    }
    const subs = await listSubscriptions(h.db.store.db, {
      platform: 'discord',
      chatId: h.fake.textChannelId,
    });
    expect(subs).toHaveLength(1);

    const first = await pollAgain();
    expect(first.due).toBe(1);
    expect(first.announced).toBe(0);
    h.site.breaking = true;
    const second = await pollAgain();
    expect(second.announced).toBe(1);

    const route = new RegExp(`/channels/${h.fake.announcementChannelId}/messages$`);
    h.fake.fail({
      method: 'POST',
      path: route,
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
      times: 5,
    });
    await engine.fanOut();
    await engine.drain({ maxRounds: 200 });

    const [posted, ...more] = h.fake.messagesIn(h.fake.textChannelId);
    expect(more).toEqual([]);
    const body = posted!.body;
    expect(validateMessageBody(body)).toEqual([]);
    expect(mentionsSuppressed(body)).toBe(true);
    const embed = (body.embeds as Record<string, unknown>[])[0]!;
    expect(embed.title).toBe(
      '\\*\\*Eilmeldung\\*\\* @\u200beveryone: Brücke über die Mulde \\<@&123456789012345678> gesperrt',
    );
    expect(embed.url).toBe(`${h.site.base}/artikel/bruecke`);
    expect(String(embed.description)).toContain('Risse im Beton');
    expect(JSON.stringify(embed.fields)).toContain('9.800 Fahrzeuge');
    expect((embed.footer as { text: string }).text).toContain('Lindenauer Rundschau');
  });

  it('pauses the subscription of a channel that refuses posts (403/50013), DMs the server owner, and /why tells the reason', async () => {
    expect(h.fake.messagesIn(h.fake.announcementChannelId)).toEqual([]);
    const subs = await listSubscriptions(h.db.store.db, {
      platform: 'discord',
      chatId: h.fake.announcementChannelId,
    });
    expect(subs[0]!.pausedReason).toContain('missing_permissions');
    // the server owner is told by DM, in the channel's language, escaped, with the channel named
    const [dm, ...moreDms] = h.fake.dmsTo(h.fake.ownerId);
    expect(moreDms).toEqual([]);
    const reason = t('de', 'delivery.missing_permissions');
    const notice = escapeDiscord(t('de', 'delivery.paused_notice', { reason, command: '/fortsetzen' }));
    expect(dm!.body.content).toBe(
      `${notice}\n→ <#${h.fake.announcementChannelId}> (#ankuendigungen, Testserver)`,
    );
    expect(dm!.body.allowed_mentions).toEqual({ parse: [] });
    const why = h.fake.interact({
      command: 'why',
      options: [{ name: 'url', type: 3, value: `${h.site.base}/artikel/bruecke` }],
      channelId: h.fake.announcementChannelId,
      locale: 'en',
    });
    const whyText = await command(why);
    // the reply is plain core text escaped for Discord markdown
    expect(whyText).toContain(t('de', 'delivery.missing_permissions'));
    expect(whyText).toContain('@\u200beveryone');
  });

  it('collects a scheduled-digest subscription in a thread and posts it as one message with several embeds', async () => {
    const feedUrl = `${h.site.base}/feed.xml`;
    const sub = h.fake.interact({
      command: 'subscribe',
      options: [
        { name: 'target', type: 3, value: feedUrl },
        { name: 'mode', type: 3, value: 'digest' },
      ],
      channelId: h.fake.threadId,
      locale: 'de',
      permissions: '16',
    });
    expect(await command(sub)).toContain('abonniert');
    h.site.more = true;
    expect((await pollAgain()).announced).toBe(2);
    await engine.fanOut();
    await engine.drain({ maxRounds: 200 });
    expect(h.fake.messagesIn(h.fake.threadId)).toEqual([]);

    const digestNow = h.fake.interact({
      command: 'digest',
      subcommand: 'now',
      channelId: h.fake.threadId,
      locale: 'de',
    });
    await command(digestNow, 2);
    await engine.drain({ maxRounds: 200 });
    const [digestMsg, ...rest] = h.fake.messagesIn(h.fake.threadId);
    expect(rest).toEqual([]);
    const embeds = digestMsg!.body.embeds as { title: string }[];
    expect(embeds.map((e) => e.title).sort()).toEqual([
      'Freibad Lindenau öffnet zwei Wochen früher',
      'Kreistag streitet über neue Buslinie nach Grünhain',
    ]);
    expect(validateMessageBody(digestMsg!.body)).toEqual([]);
    expect(mentionsSuppressed(digestMsg!.body)).toBe(true);
  });
});

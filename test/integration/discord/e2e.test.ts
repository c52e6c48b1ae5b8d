/**
 * End to end on loopback: fake feed site → poller (fetch, parse, SQLite) → delivery engine → Discord publisher →
 * fake Discord, starting from `/feeds add` and `/subscribe` typed as slash commands. A second channel whose
 * posts are refused with 403/50013 gets its subscription paused, and `/why` there tells the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { createDeliveryEngine, type DeliveryEngine } from '../../../src/delivery/engine.js';
import { pollerSettingsFromConfig } from '../../../src/scheduler/index.js';
import { createPoller } from '../../../src/scheduler/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { mentionsSuppressed, validateMessageBody } from '../fakes/discord-limits.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
let engine: DeliveryEngine;

beforeAll(async () => {
  h = await startHarness({
    settings: { FULL_TEXT: 'false' },
    delivery: (deps) => {
      engine = createDeliveryEngine({ ...deps, summarizer: extractiveSummarizer });
      return engine;
    },
  });
  engine.registerPublisher(h.handle.publisher);
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
      });
      expect(await command(sub)).toContain('abonniert');
    }
    const subs = await listSubscriptions(h.db.store.db, {
      platform: 'discord',
      chatId: h.fake.textChannelId,
    });
    expect(subs).toHaveLength(1);

    let now = Date.now();
    const poller = createPoller({
      db: h.db.store.db,
      fetcher: h.fetcher,
      summarizer: extractiveSummarizer,
      settings: pollerSettingsFromConfig(h.config),
      log: h.log,
      now: () => now,
    });
    const first = await poller.pollOnce();
    expect(first.announced).toBe(0);
    h.site.breaking = true;
    now = Math.max(...first.results.map((r) => r.nextCheckAt)) + 1000;
    const second = await poller.pollOnce();
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

  it('pauses the subscription of a channel that refuses posts (403/50013) and /why tells the reason', async () => {
    expect(h.fake.messagesIn(h.fake.announcementChannelId)).toEqual([]);
    const subs = await listSubscriptions(h.db.store.db, {
      platform: 'discord',
      chatId: h.fake.announcementChannelId,
    });
    expect(subs[0]!.pausedReason).toContain('missing_permissions');
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
});

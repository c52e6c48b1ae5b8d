/**
 * Who may change what a Discord channel receives, against the fake with the real discord.js client: by default
 * subscribe/unsubscribe/resume need Manage Channels (registered with default_member_permissions 16, refused
 * privately to members at run time), reading commands stay open; SUBSCRIBE_ALLOWED=everyone opens them. Refusals
 * and option errors are answered privately at once, never after a public "thinking…" deferral.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/i18n/index.js';
import { escapeDiscord } from '../../../src/platforms/discord/escape.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { type Harness, startHarness } from './harness.js';

const EPHEMERAL = 64;

async function answered(h: Harness, i: FakeInteraction, n = 1): Promise<RecordedCall[]> {
  await h.fake.waitFor(() => {
    const c = h.fake.interactionCalls(i);
    return c.length >= n ? c : undefined;
  }, `answer to ${i.id}`);
  // give a (wrong) follow-up time to show up
  await new Promise((r) => setTimeout(r, 200));
  return h.fake.interactionCalls(i);
}

/** A server admin adds the feed to the text channel (feeds add answers after a deferral: 2 calls). */
async function addFeed(h: Harness, url: string): Promise<void> {
  const i = h.fake.interact({
    command: 'feeds',
    subcommand: 'add',
    options: [{ name: 'url', type: 3, value: url }],
    permissions: '32',
    locale: 'de',
  });
  await answered(h, i, 2);
}

type Callback = { type: number; data?: { flags?: number; content?: string } };

function registered(h: Harness, name: string): unknown {
  const cmds = (h.fake.commands.get(h.fake.guildId) ?? []) as {
    name: string;
    default_member_permissions: unknown;
  }[];
  return cmds.find((c) => c.name === name)?.default_member_permissions;
}

describe('Discord permissions (SUBSCRIBE_ALLOWED=admins, the default)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.fake.waitFor(() => h.fake.commands.get(h.fake.guildId), 'command registration');
  });
  afterAll(async () => h?.close());

  it('registers subscription changes for Manage Channels and reading commands for everyone', () => {
    for (const name of ['subscribe', 'unsubscribe', 'resume']) expect(registered(h, name)).toBe('16');
    for (const name of ['list', 'summary', 'why', 'help', 'settings']) expect(registered(h, name)).toBeNull();
  });

  it('refuses a member’s /subscribe privately and at once; a member with Manage Channels subscribes', async () => {
    const feedUrl = `${h.site.base}/feed.xml`;
    const member = h.fake.interact({
      command: 'subscribe',
      options: [{ name: 'target', type: 3, value: feedUrl }],
      locale: 'de',
    });
    const calls = await answered(h, member);
    expect(calls).toHaveLength(1);
    const cb = calls[0]!.body as Callback;
    expect(cb.type).toBe(4);
    expect(cb.data?.flags).toBe(EPHEMERAL);
    expect(cb.data?.content).toBe(t('de', 'command.manage_only'));
    const ref = { platform: 'discord' as const, chatId: h.fake.textChannelId };
    expect(await listSubscriptions(h.db.store.db, ref)).toEqual([]);

    const unsub = h.fake.interact({
      command: 'unsubscribe',
      options: [{ name: 'target', type: 3, value: '1' }],
      locale: 'en',
    });
    expect(((await answered(h, unsub))[0]!.body as Callback).data?.content).toBe(
      t('en', 'command.manage_only'),
    );

    const list = h.fake.interact({ command: 'list', locale: 'en' });
    expect(((await answered(h, list))[0]!.body as Callback).data?.content).toBe(
      escapeDiscord(t('en', 'cmd.list.empty', { usage: '/subscribe target:' })),
    );

    await addFeed(h, feedUrl);
    const manager = h.fake.interact({
      command: 'subscribe',
      options: [{ name: 'target', type: 3, value: feedUrl }],
      locale: 'de',
      permissions: '16',
    });
    const ok = (await answered(h, manager))[0]!.body as Callback;
    expect(ok.data?.flags ?? 0).toBe(0);
    expect(ok.data?.content).toContain('abonniert');
    expect(await listSubscriptions(h.db.store.db, ref)).toHaveLength(1);
  });

  it('answers an expensive command’s refusal or option error privately without a public deferral first', async () => {
    const feedsAdd = h.fake.interact({
      command: 'feeds',
      subcommand: 'add',
      options: [{ name: 'url', type: 3, value: `${h.site.base}/feed.xml` }],
      locale: 'en',
    });
    const summaryBadCount = h.fake.interact({
      command: 'summary',
      options: [
        { name: 'target', type: 3, value: 'latest' },
        { name: 'count', type: 4, value: 99 },
      ],
      locale: 'en',
      userId: '700000000000000003',
    });
    for (const i of [feedsAdd, summaryBadCount]) {
      const calls = await answered(h, i);
      // one private answer: no "thinking…" (type 5), no deleted public reply, no follow-up
      expect(calls.map((c) => c.method)).toEqual(['POST']);
      const cb = calls[0]!.body as Callback;
      expect(cb.type).toBe(4);
      expect(cb.data?.flags).toBe(EPHEMERAL);
    }
    // the refusal in the channel's or the caller's language
    const refusal = (h.fake.interactionCalls(feedsAdd)[0]!.body as Callback).data?.content;
    expect([t('en', 'command.admin_only'), t('de', 'command.admin_only')]).toContain(refusal);
  });
});

describe('Discord permissions (SUBSCRIBE_ALLOWED=everyone)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ settings: { SUBSCRIBE_ALLOWED: 'everyone' } });
    await h.fake.waitFor(() => h.fake.commands.get(h.fake.guildId), 'command registration');
  });
  afterAll(async () => h?.close());

  it('registers subscribe for everyone and lets a plain member subscribe; admin commands stay closed', async () => {
    expect(registered(h, 'subscribe')).toBeNull();
    expect(registered(h, 'feeds')).toBe('32');
    const feedUrl = `${h.site.base}/feed.xml`;
    await addFeed(h, feedUrl);
    const member = h.fake.interact({
      command: 'subscribe',
      options: [{ name: 'target', type: 3, value: feedUrl }],
      locale: 'de',
    });
    expect(((await answered(h, member))[0]!.body as Callback).data?.content).toContain('abonniert');
    const ref = { platform: 'discord' as const, chatId: h.fake.textChannelId };
    expect(await listSubscriptions(h.db.store.db, ref)).toHaveLength(1);
  });
});

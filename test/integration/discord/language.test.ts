/**
 * The real discord.js client against the fake Discord: private answers (help, errors, refusals) in the caller's
 * own locale with the names their client shows (`/abonnieren ziel:`), public answers in the channel's language,
 * and autocomplete (interaction type 4 → callback type 8) for options naming a feed, a topic or a subscription.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCatalogFeeds } from '../../../src/store/feeds-repo.js';
import { getChannel } from '../../../src/store/channels-repo.js';
import type { FakeInteraction, RecordedCall } from '../fakes/discord-fake.js';
import { validateAutocompleteChoices } from '../fakes/discord-fake.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
const MANAGE_GUILD = '32';
const EPHEMERAL = 64;
const STRING = 3;
const INTEGER = 4;

beforeAll(async () => {
  h = await startHarness();
  // a catalog larger than one autocomplete answer, one name longer than Discord's 100 characters
  const feeds = Array.from({ length: 30 }, (_, n) => ({
    url: `https://catalog.example/${n}.xml`,
    name: n === 7 ? `Lange Liste ${'sehr '.repeat(30)}langer Name` : `Katalogfeed ${n}`,
    language: 'de' as const,
    tags: n % 2 === 0 ? ['politik'] : ['sport'],
    intervalMinutes: 10,
    fullText: false,
  }));
  await upsertCatalogFeeds(h.db.store.db, feeds, Date.now());
});

afterAll(async () => {
  await h?.close();
});

async function answered(i: FakeInteraction, n = 1): Promise<RecordedCall[]> {
  return h.fake.waitFor(() => {
    const calls = h.fake.interactionCalls(i);
    return calls.length >= n ? calls : undefined;
  }, `${n} answer(s) to ${i.id}`);
}

const dataOf = (c: RecordedCall) => {
  const body = c.body as Record<string, unknown>;
  return (c.path.endsWith('/callback') ? body.data : body) as Record<string, unknown> | undefined;
};

/** The text and flags of an interaction's answer with text (callback, edit or follow-up; not a deferral). */
async function answer(i: FakeInteraction): Promise<{ content: string; flags: number }> {
  const data = await h.fake.waitFor(
    () =>
      h.fake
        .interactionCalls(i)
        .map(dataOf)
        .find((d) => typeof d?.content === 'string'),
    `a text answer to ${i.id}`,
  );
  // the adapter escapes markdown ("\\[modus:\\]"); compare what the user reads
  const content = String(data.content).replace(/\\([\\[\]_*~`>|()#-])/g, '$1');
  return { content, flags: Number(data.flags ?? 0) };
}

async function suggestions(
  command: string,
  option: string,
  value: string | number,
  extra: { subcommand?: string; locale?: string; type?: number } = {},
) {
  const i = h.fake.interact({
    command,
    ...(extra.subcommand ? { subcommand: extra.subcommand } : {}),
    type: 4,
    locale: extra.locale ?? 'en-US',
    options: [{ name: option, type: extra.type ?? STRING, value, focused: true }],
  });
  const [cb] = await answered(i);
  const body = cb!.body as { type: number; data: Record<string, unknown> };
  expect(body.type).toBe(8);
  expect(validateAutocompleteChoices(body.data)).toEqual([]);
  return body.data.choices as { name: string; value: string | number }[];
}

describe('Discord: whose language, and autocomplete', () => {
  it('registers autocomplete on the options that name a feed, a target or a subscription', () => {
    const cmds = h.fake.commands.get(h.fake.guildId) as {
      name: string;
      options: {
        name: string;
        autocomplete?: boolean;
        options?: { name: string; autocomplete?: boolean }[];
      }[];
    }[];
    const opt = (cmd: string, name: string, sub?: string) => {
      const c = cmds.find((x) => x.name === cmd)!;
      const list = sub ? c.options.find((o) => o.name === sub)!.options! : c.options;
      return list.find((o) => o.name === name)!;
    };
    expect(opt('subscribe', 'target').autocomplete).toBe(true);
    expect(opt('unsubscribe', 'target').autocomplete).toBe(true);
    expect(opt('settings', 'subscription').autocomplete).toBe(true);
    expect(opt('feeds', 'feed', 'remove').autocomplete).toBe(true);
    expect(opt('subscribe', 'mode').autocomplete).toBeUndefined();
  });

  it('suggests the channel’s own feeds first, then topics and the catalog, within Discord’s limits', async () => {
    const add = h.fake.interact({
      command: 'feeds',
      subcommand: 'add',
      permissions: MANAGE_GUILD,
      locale: 'en-US',
      options: [{ name: 'url', type: STRING, value: `${h.site.base}/feed.xml` }],
    });
    expect((await answer(add)).content).toMatch(
      /^Feed added: .+ \(feed \d+, 1 item\)\. Subscribe with: \/subscribe target:\d+$/,
    );
    const all = await suggestions('subscribe', 'target', '');
    expect(all).toHaveLength(25);
    expect(all[0]!.name).toMatch(/^Lindenauer Rundschau – Region \(feed \d+\)$/);
    expect(all.slice(1, 3).map((c) => c.value)).toEqual(['tag:politik', 'tag:sport']);
    const long = await suggestions('subscribe', 'target', 'lange liste');
    expect(long).toHaveLength(1);
    expect(long[0]!.name.length).toBeLessThanOrEqual(100);
    expect(long[0]!.name.endsWith('…')).toBe(true);
    const german = await suggestions('subscribe', 'target', 'politik', { locale: 'de' });
    expect(german[0]).toEqual({ name: 'Thema politik', value: 'tag:politik' });
  });

  it('suggests this channel’s subscriptions for unsubscribe and settings', async () => {
    const sub = h.fake.interact({
      command: 'subscribe',
      permissions: MANAGE_GUILD,
      locale: 'en-US',
      options: [{ name: 'target', type: STRING, value: 'tag:sport' }],
    });
    const { content } = await answer(sub);
    expect(content).toMatch(/^Subscribed to topic sport as #(\d+): instant, in English\.$/);
    const id = Number(/#(\d+)/.exec(content)?.[1]);
    expect(await suggestions('unsubscribe', 'target', '')).toEqual([
      { name: `#${id} topic sport`, value: String(id) },
    ]);
    expect(await suggestions('settings', 'subscription', '', { type: INTEGER })).toEqual([
      { name: `#${id} topic sport`, value: id },
    ]);
  });

  it('answers a German client privately in German, with the names its client shows', async () => {
    // the channel reads English (the subscription above created it in English)
    const ref = { platform: 'discord' as const, chatId: h.fake.textChannelId };
    expect((await getChannel(h.db.store.db, ref))?.language).toBe('en');
    const help = await answer(h.fake.interact({ command: 'help', locale: 'de' }));
    expect(help.flags).toBe(EPHEMERAL);
    expect(help.content).toContain('Befehle:');
    expect(help.content).toContain('• /abonnieren ziel: [modus:] [sprache:] — Diesen Chat');
    expect(help.content).toContain('• /feeds hinzufügen url: [name:] [sprache:] [themen:]');
    const refusal = await answer(
      h.fake.interact({ command: 'feeds', subcommand: 'list', permissions: '0', locale: 'de' }),
    );
    expect(refusal).toEqual({ content: 'Nur Admins dieses Chats dürfen das.', flags: EPHEMERAL });
    // a value the client should have stopped (a stale command definition): named as the German client shows it
    const bad = await answer(
      h.fake.interact({
        command: 'summary',
        locale: 'de',
        options: [
          { name: 'target', type: STRING, value: 'latest' },
          { name: 'count', type: INTEGER, value: 11 },
        ],
      }),
    );
    expect(bad.flags).toBe(EPHEMERAL);
    expect(bad.content.split('\n')).toEqual([
      'Option anzahl muss zwischen 1 und 10 liegen.',
      'Aufruf: /zusammenfassung ziel: [anzahl:]',
      'Beispiel: /zusammenfassung ziel:latest',
    ]);
    // what the channel reads stays in the channel's language
    const list = await answer(h.fake.interact({ command: 'list', locale: 'de' }));
    expect(list.flags).toBe(0);
    expect(list.content.split('\n')[0]).toBe('Subscriptions here (1):');
  });
});

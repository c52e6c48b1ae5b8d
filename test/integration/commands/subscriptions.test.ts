/** subscribe / unsubscribe / list / settings / help through CommandRequest → CommandResponse, real store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/domain/types.js';
import { getChannel } from '../../../src/store/channels-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { STORE_KINDS } from '../../helpers/store.js';
import { GROUP, type Harness, req, seedCatalog, startHarness } from './harness.js';

const OTHER: ChannelRef = { platform: 'discord', chatId: '9001', threadId: '77' };

describe.each(STORE_KINDS)('subscription commands on $name', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ MAX_SUBSCRIPTIONS_PER_CHAT: '3' }, kind.open);
    await seedCatalog(h);
  });
  afterEach(async () => h.close());

  it('subscribes to a tag, a feed by name, by id and by URL, and lists them', async () => {
    const a = await h.router.handle(req('subscribe', { target: 'Politik' }));
    expect(a.error).toBeUndefined();
    expect(a.key).toBe('cmd.subscribe.ok');
    expect(a.text).toBe('Thema politik abonniert als #1: sofort, auf Deutsch.');
    const b = await h.router.handle(req('subscribe', { target: 'harbour', mode: 'digest', language: 'en' }));
    expect(b.text).toContain('Harbour Gazette (Feed 2)');
    expect(b.text).toContain('Zusammenfassung um „0 7 * * *“ (Europe/Berlin)');
    const c = await h.router.handle(req('subscribe', { target: `${h.site.base}/feed-de.xml?katalog=1` }));
    expect(c.text).toContain('Stadtanzeiger (Feed 1)');
    const subs = await listSubscriptions(h.ts.store.db, GROUP);
    expect(subs.map((s) => [s.target, s.mode, s.language])).toEqual([
      [{ kind: 'tag', tag: 'politik' }, 'instant', 'de'],
      [{ kind: 'feed', feedId: 2 }, 'digest', 'en'],
      [{ kind: 'feed', feedId: 1 }, 'instant', 'de'],
    ]);
    const list = await h.router.handle(req('list', {}, { admin: false }));
    expect(list.text?.split('\n')).toEqual([
      'Abos hier (3):',
      '#1 Thema politik — sofort, Deutsch',
      '#2 Harbour Gazette (Feed 2) — Zusammenfassung um „0 7 * * *“ (Europe/Berlin), Englisch; höchstens 10 Beiträge',
      '#3 Stadtanzeiger (Feed 1) — sofort, Deutsch',
    ]);
  });

  it('answers in English for an English chat, and uses the chat language over the caller’s locale', async () => {
    const en = await h.router.handle(req('subscribe', { target: '#2' }, { channel: OTHER, locale: 'en' }));
    expect(en.text).toBe('Subscribed to Harbour Gazette (feed 2) as #1: instant, in English.');
    // the chat now exists with language en: a German-speaking member gets English answers
    const list = await h.router.handle(req('list', {}, { channel: OTHER, locale: 'de' }));
    expect(list.text?.split('\n')[0]).toBe('Subscriptions here (1):');
    expect((await getChannel(h.ts.store.db, OTHER))?.ref).toEqual(OTHER);
    const empty = await h.router.handle(
      req('list', {}, { channel: { platform: 'console', chatId: 'x' }, locale: 'en' }),
    );
    expect(empty.text).toBe('No subscriptions here yet. Try: subscribe <target>');
    // an English subscription requested from a German client: digests in English, answers stay German
    const mixed: ChannelRef = { platform: 'telegram', chatId: '777' };
    const r = await h.router.handle(
      req('subscribe', { target: 'politik', language: 'en' }, { channel: mixed }),
    );
    expect(r.text).toBe('Thema politik abonniert als #2: sofort, auf Englisch.');
    expect((await getChannel(h.ts.store.db, mixed))?.language).toBe('de');
  });

  it('refuses unknown targets, duplicates and subscriptions beyond the per-chat cap', async () => {
    const unknown = await h.router.handle(req('subscribe', { target: 'Sport' }));
    expect(unknown.error?.code).toBe('command.not_found');
    expect(unknown.text?.split('\n')).toEqual([
      'Nicht gefunden: Sport',
      'Themen: politik, regional, world. Feeds: Harbour Gazette, Stadtanzeiger.',
    ]);
    expect(unknown.ephemeral).toBe(true);
    // a feed URL nobody added to this chat (feeds are added per chat): the answer names the command that adds it
    const url = 'https://news.example.net/feed.xml';
    const slash = { ...req('subscribe', { target: url }, { channel: OTHER }), syntax: 'slash' as const };
    expect((await h.router.handle(slash)).text?.split('\n')).toEqual([
      `Nicht gefunden: ${url}`,
      `Diesen Feed gibt es in diesem Chat noch nicht. Hinzufügen (Admins): /feeds hinzufügen url:${url}`,
    ]);
    const typed = { ...req('subscribe', { target: url }, { locale: 'en' }), syntax: 'text' as const };
    expect((await h.router.handle(typed)).text?.split('\n')[1]).toBe(
      `This feed has not been added to this chat yet. Add it (admins): /feeds add ${url}`,
    );
    // a forced tag that no feed carries is not invented
    expect((await h.router.handle(req('subscribe', { target: 'tag:sport' }))).error?.code).toBe(
      'command.not_found',
    );
    await h.router.handle(req('subscribe', { target: 'regional' }));
    const dup = await h.router.handle(req('subscribe', { target: 'tag:Regional' }));
    expect(dup.error?.code).toBe('command.already_exists');
    expect(dup.text).toBe('Schon vorhanden: Thema regional');
    await h.router.handle(req('subscribe', { target: 'world' }));
    await h.router.handle(req('subscribe', { target: 'politik' }));
    const over = await h.router.handle(req('subscribe', { target: 'Stadtanzeiger' }));
    expect(over.error?.code).toBe('command.limit_reached');
    expect(over.error?.params).toEqual({ limit: 3 });
    // the cap counts the whole chat, across its threads/topics
    const topic = await h.router.handle(
      req('subscribe', { target: '1' }, { channel: { ...GROUP, threadId: '5' } }),
    );
    expect(topic.error?.code).toBe('command.limit_reached');
    expect((await listSubscriptions(h.ts.store.db, GROUP)).length).toBe(3);
  });

  it('unsubscribes by id, by tag and by feed name; never another chat’s subscription', async () => {
    await h.router.handle(req('subscribe', { target: 'politik' }));
    await h.router.handle(req('subscribe', { target: 'Stadtanzeiger' }));
    const mine = await h.router.handle(
      req('subscribe', { target: 'world' }, { channel: OTHER, locale: 'en' }),
    );
    expect(mine.params?.id).toBe(3);
    const foreign = await h.router.handle(req('unsubscribe', { target: '#3' }));
    expect(foreign.error?.code).toBe('command.not_found');
    const byId = await h.router.handle(req('unsubscribe', { target: '1' }, { admin: false, manage: true }));
    expect(byId.text).toBe('Abo #1 beendet: Thema politik.');
    const byName = await h.router.handle(req('unsubscribe', { target: 'stadtanzeiger' }));
    expect(byName.key).toBe('cmd.unsubscribe.ok');
    expect((await h.router.handle(req('unsubscribe', { target: 'politik' }))).error?.code).toBe(
      'command.not_found',
    );
    expect(await listSubscriptions(h.ts.store.db, GROUP)).toEqual([]);
    expect((await listSubscriptions(h.ts.store.db, OTHER)).length).toBe(1);
  });

  it('lets only those who manage the channel change its subscriptions; reading stays open to members', async () => {
    const member = { admin: false };
    for (const [name, opts] of [
      ['subscribe', { target: 'politik' }],
      ['unsubscribe', { target: '1' }],
      ['resume', {}],
    ] as const) {
      const r = await h.router.handle(req(name, opts, member));
      expect(r.error?.code).toBe('command.manage_only');
      expect(r.ephemeral).toBe(true);
    }
    expect(await listSubscriptions(h.ts.store.db, GROUP)).toEqual([]);
    // Manage Channels without being a server admin is enough
    const ok = await h.router.handle(req('subscribe', { target: 'politik' }, { admin: false, manage: true }));
    expect(ok.key).toBe('cmd.subscribe.ok');
    for (const name of ['list', 'help'])
      expect((await h.router.handle(req(name, {}, member))).error).toBeUndefined();
  });

  it('shows settings to everyone but lets only admins change them', async () => {
    await h.router.handle(req('subscribe', { target: 'politik' }));
    const shown = await h.router.handle(req('settings', {}, { admin: false }));
    expect(shown.text?.split('\n')).toEqual([
      'Sprache des Chats: Deutsch',
      '#1 Thema politik — sofort, Deutsch',
    ]);
    expect(shown.ephemeral).toBe(true);
    const refused = await h.router.handle(req('settings', { mode: 'digest' }, { admin: false }));
    expect(refused.error?.code).toBe('command.manage_only');
    // a Telegram group: the right is being a chat admin (there is no "Manage Channels" on Telegram)
    expect(refused.text).toBe('Nur Admins dieses Chats können ändern, was er erhält.');
    expect((await listSubscriptions(h.ts.store.db, GROUP))[0]?.mode).toBe('instant');
    // a Discord channel: the right is Manage Channels (or Manage Server), in the member's words either way
    const onDiscord = await h.router.handle(
      req('settings', { mode: 'digest' }, { admin: false, channel: OTHER, locale: 'en' }),
    );
    expect(onDiscord.error?.code).toBe('command.manage_only');
    expect(onDiscord.text).toBe(
      'Only those who may manage this channel (Manage Channels, or Manage Server) may change what it receives.',
    );
    const subscribeOnDiscord = await h.router.handle(
      req('subscribe', { target: 'politik' }, { admin: false, channel: OTHER }),
    );
    expect(subscribeOnDiscord.text).toContain('„Kanäle verwalten“');
    const subscribeOnTelegram = await h.router.handle(
      req('subscribe', { target: 'politik' }, { admin: false }),
    );
    expect(subscribeOnTelegram.error?.code).toBe('command.manage_only');
    expect(subscribeOnTelegram.text).toBe('Nur Admins dieses Chats können ändern, was er erhält.');
  });

  it('changes mode, schedule, timezone, filters and max items, validating everything before writing', async () => {
    await h.router.handle(req('subscribe', { target: 'politik' }));
    await h.router.handle(req('subscribe', { target: 'world' }));
    const ok = await h.router.handle(
      req('settings', {
        subscription: 2,
        mode: 'digest',
        schedule: '30  18 * * 1-5',
        timezone: 'america/new_york',
        include: 'Hafen, Fähre, hafen',
        exclude: 'Sport',
        regex: 'berths?|Fähre',
        max_items: 5,
      }),
    );
    expect(ok.error).toBeUndefined();
    expect(ok.text?.split('\n')).toEqual([
      'Einstellungen für 1 Abo gespeichert:',
      '#2 Thema world — Zusammenfassung um „30 18 * * 1-5“ (America/New_York), Deutsch; nur mit: Hafen, Fähre; ohne: Sport; Muster: berths?|Fähre; höchstens 5 Beiträge',
    ]);
    const [first, second] = await listSubscriptions(h.ts.store.db, GROUP);
    expect(first?.mode).toBe('instant');
    expect(second?.filters).toEqual({
      include: ['Hafen', 'Fähre'],
      exclude: ['Sport'],
      regex: 'berths?|Fähre',
    });

    for (const [options, code] of [
      [{ schedule: '* * * * *' }, 'command.invalid_schedule'],
      [{ schedule: '0 7 * *' }, 'command.invalid_schedule'],
      [{ schedule: '0 25 * * *' }, 'command.invalid_schedule'],
      [{ timezone: 'Mars/Olympus' }, 'command.invalid_timezone'],
      [{ regex: '(a+)+\\1' }, 'command.invalid_regex'],
      [{ subscription: 99, mode: 'digest' }, 'command.not_found'],
    ] as const) {
      const r = await h.router.handle(req('settings', { ...options, include: 'Wahl' }));
      expect(r.error?.code, JSON.stringify(options)).toBe(code);
    }
    // nothing of the refused changes was written
    expect((await listSubscriptions(h.ts.store.db, GROUP))[0]?.filters.include).toEqual([]);

    const cleared = await h.router.handle(req('settings', { subscription: 2, include: '-', regex: '-' }));
    expect(cleared.error).toBeUndefined();
    expect((await listSubscriptions(h.ts.store.db, GROUP))[1]?.filters).toEqual({
      include: [],
      exclude: ['Sport'],
    });
  });

  it('switches the chat language and answers in it', async () => {
    await h.router.handle(req('subscribe', { target: 'politik' }));
    const r = await h.router.handle(req('settings', { language: 'en' }));
    expect(r.text?.split('\n')[0]).toBe('Settings saved for 1 subscription:');
    expect((await getChannel(h.ts.store.db, GROUP))?.language).toBe('en');
    expect((await h.router.handle(req('list'))).text?.split('\n')[1]).toBe(
      '#1 topic politik — instant, English',
    );
    // a chat without subscriptions can still choose its language; other changes have nothing to apply to
    const fresh: ChannelRef = { platform: 'telegram', chatId: '4242' };
    expect(
      (await h.router.handle(req('settings', { language: 'en' }, { channel: fresh }))).error,
    ).toBeUndefined();
    expect((await getChannel(h.ts.store.db, fresh))?.language).toBe('en');
    const none = await h.router.handle(req('settings', { mode: 'digest' }, { channel: fresh }));
    expect(none.key).toBe('cmd.settings.no_subscriptions');
  });
});

describe('router', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('answers unknown commands and bad options with codes, localized', async () => {
    const unknown = await h.router.handle(req('subscribe-all'));
    expect(unknown.error?.code).toBe('command.unknown');
    expect(unknown.text).toBe('Unbekannter Befehl. Versuche help.');
    expect((await h.router.handle(req('nope', {}, { locale: 'en' }))).text).toBe(
      'Unknown command. Try help.',
    );
    // names are matched without regard to case and spacing
    expect((await h.router.handle(req(' Feeds   List ', {}, { locale: 'en' }))).key).toBe(
      'cmd.feeds_list.header',
    );
    const cases = [
      [req('subscribe', {}), 'command.missing_option', 'Option fehlt: target'],
      [req('subscribe', { target: '   ' }), 'command.missing_option', 'Option fehlt: target'],
      [req('list', { verbose: true }), 'command.unknown_option', 'Unbekannte Option: verbose'],
      [
        req('subscribe', { target: 'x', mode: 'weekly' }),
        'command.invalid_choice',
        'Option mode muss eines sein von: instant, digest',
      ],
      [
        req('summary', { target: 'latest', count: 11 }),
        'command.option_out_of_range',
        'Option count muss zwischen 1 und 10 liegen.',
      ],
      [
        req('summary', { target: 'latest', count: '2.5' }),
        'command.option_not_integer',
        'Option count muss eine ganze Zahl sein.',
      ],
      [
        req('settings', { regex: 'x'.repeat(201) }),
        'command.option_too_long',
        'Option regex ist zu lang (höchstens 200 Zeichen).',
      ],
    ] as const;
    for (const [r, code, text] of cases) {
      const res = await h.router.handle(r);
      expect(res.error?.code, r.name).toBe(code);
      // the error, then the command's syntax and an example
      const [first, usage, example] = res.text?.split('\n') ?? [];
      expect(first).toBe(text);
      expect(usage).toMatch(new RegExp(`^Aufruf: ${r.name}\\b`));
      expect(example).toMatch(new RegExp(`^Beispiel: ${r.name}\\b`));
    }
  });

  it('refuses admin-only commands to non-admins before doing anything', async () => {
    for (const name of [
      'feeds add',
      'feeds remove',
      'feeds list',
      'feeds status',
      'feeds test',
      'opml import',
      'opml export',
    ]) {
      const res = await h.router.handle(
        req(name, { url: `${h.site.base}/feed-de.xml` }, { admin: false, locale: 'en' }),
      );
      expect(res.error?.code, name).toBe('command.admin_only');
      expect(res.text).toBe('Only admins of this chat may do that.');
    }
    expect(h.site.hits).toEqual([]);
  });

  it('lists every command in help, in both languages, marking admin commands', async () => {
    const de = await h.router.handle(req('help', {}, { admin: false }));
    const en = await h.router.handle(req('help', {}, { admin: false, locale: 'en' }));
    expect(de.text).toContain(
      '• subscribe <target> [mode] [language] — Diesen Chat für einen Feed oder ein Thema abonnieren',
    );
    expect(de.text).toContain(
      '• feeds add <url> [name] [language] [tags] — Einen Feed zu diesem Chat hinzufügen (Admins)',
    );
    expect(en.text).toContain('• opml export — Export this chat’s feeds as OPML (admins)');
    expect(en.text).toContain('• digest now — Send the scheduled digest now');
    expect(en.text?.split('\n').filter((l) => l.startsWith('• ')).length).toBe(16);
  });
});

describe('SUBSCRIBE_ALLOWED=everyone', () => {
  it('opens subscribe and unsubscribe to every member, but not the admin commands', async () => {
    const h = await startHarness({ SUBSCRIBE_ALLOWED: 'everyone' });
    try {
      await seedCatalog(h);
      const member = { admin: false, manage: false };
      expect((await h.router.handle(req('subscribe', { target: 'politik' }, member))).key).toBe(
        'cmd.subscribe.ok',
      );
      expect((await h.router.handle(req('unsubscribe', { target: '1' }, member))).key).toBe(
        'cmd.unsubscribe.ok',
      );
      const feeds = await h.router.handle(req('feeds list', {}, member));
      expect(feeds.error?.code).toBe('command.admin_only');
    } finally {
      await h.close();
    }
  });
});

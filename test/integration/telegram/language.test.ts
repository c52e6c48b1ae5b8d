/**
 * Telegram against the fake Bot API with the real router: option syntax (`name value`, `name=value`,
 * `name:value`, German names, unambiguous positional values), the command's syntax and an example on errors,
 * /help and /start in the chat's chosen language with German placeholders in German help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCatalogFeeds } from '../../../src/store/feeds-repo.js';
import { getChannel } from '../../../src/store/channels-repo.js';
import { listSubscriptions } from '../../../src/store/subscriptions-repo.js';
import { ask, type Harness, startHarness, visibleText } from './harness.js';

const CHAT = { id: 7301, type: 'private', first_name: 'Lena' };
const LENA = { id: 7301, language_code: 'de' };
const REF = { platform: 'telegram' as const, chatId: String(CHAT.id) };

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
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
}, 30_000);

afterAll(async () => {
  await h?.close();
});

async function say(text: string): Promise<string> {
  const calls = await ask(h, CHAT, LENA, text);
  return visibleText(calls[0]);
}

const chatLanguage = async () => (await getChannel(h.ts.store.db, REF))?.language;

describe('telegram: option syntax and the chat’s language', () => {
  it('accepts name value, name=value, name:value, German names and a bare unambiguous value', async () => {
    expect(await say('/subscribe tag:wirtschaft')).toMatch(/^Thema wirtschaft abonniert als #1/);
    expect(await chatLanguage()).toBe('de');
    expect(await say('/settings language en')).toBe(
      'Settings saved for 1 subscription:\nChat language saved: English.\n#1 topic wirtschaft — instant, English',
    );
    expect(await chatLanguage()).toBe('en');
    await say('/settings de');
    expect(await chatLanguage()).toBe('de');
    await say('/settings sprache:en');
    expect(await chatLanguage()).toBe('en');
    await say('/settings language=de');
    expect(await chatLanguage()).toBe('de');
    // mode, an unquoted cron schedule and a timezone, none of them named
    expect(await say('/settings digest 30 6 * * 1-5 Europe/Vienna')).toMatch(
      /^Einstellungen für 1 Abo gespeichert:\n#1 Thema wirtschaft — Zusammenfassung um „30 6 \* \* 1-5“ \(Europe\/Vienna\)/,
    );
    await say('/settings 1 modus sofort');
    const [sub] = await listSubscriptions(h.ts.store.db, REF);
    expect([sub?.mode, sub?.cron, sub?.timezone]).toEqual(['instant', '30 6 * * 1-5', 'Europe/Vienna']);
  });

  it('shows the command’s syntax and an example with an error, in the chat’s language', async () => {
    expect((await say('/summary latest zwei')).split('\n')).toEqual([
      'Option anzahl muss eine ganze Zahl sein.',
      'Aufruf: /summary <ziel> [anzahl]',
      'Beispiel: /summary latest',
    ]);
    expect((await say('/list alles')).split('\n').slice(1)).toEqual(['Aufruf: /list', 'Beispiel: /list']);
    await say('/settings en');
    expect((await say('/settings subscription two')).split('\n')).toEqual([
      'Option subscription must be a whole number.',
      'Usage: /settings [subscription] [language] [mode] [schedule] [timezone] [include] [exclude] [regex] [max_items]',
      'Example: /settings language en',
    ]);
  });

  it('answers /help and /start in the chat’s chosen language, with German placeholders in German', async () => {
    expect(await chatLanguage()).toBe('en');
    const help = await say('/help');
    expect(help).toContain('/subscribe <target> [mode] [language] — Subscribe this chat to a feed or tag');
    expect(await say('/start')).toBe(help);
    await say('/settings deutsch');
    const hilfe = await say('/help');
    expect(hilfe).toContain(
      '/subscribe <ziel> [modus] [sprache] — Diesen Chat für einen Feed oder ein Thema',
    );
    expect(hilfe).toContain('/feeds add <url> [name] [sprache] [themen]');
    expect(await say('/start')).toBe(hilfe);
  });
});

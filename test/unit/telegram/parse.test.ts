import { describe, expect, it } from 'vitest';
import { classifyApiError } from '../../../src/platforms/telegram/errors.js';
import { commandWord, localeOf } from '../../../src/platforms/telegram/handlers.js';
import { helpText, menuEntries } from '../../../src/platforms/telegram/menu.js';
import { parseCommand, telegramCommandNames, tokenize } from '../../../src/platforms/telegram/parse.js';

describe('tokenize', () => {
  it('keeps quoted words together, also after name=', () => {
    expect(tokenize('add https://x.org/f "Mein Feed" tags="a, b"')).toEqual([
      'add',
      'https://x.org/f',
      'Mein Feed',
      'tags=a, b',
    ]);
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('parseCommand', () => {
  it('maps positional arguments to the table’s options in order; words that are no choice extend free text', () => {
    expect(parseCommand('subscribe', '#wirtschaft digest en')).toEqual({
      ok: true,
      name: 'subscribe',
      options: { target: '#wirtschaft', mode: 'digest', language: 'en' },
    });
    expect(parseCommand('subscribe', 'Rhein Ruhr Kurier instant')).toMatchObject({
      options: { target: 'Rhein Ruhr Kurier', mode: 'instant' },
    });
  });

  it('reads group commands as /group sub args', () => {
    expect(parseCommand('feeds', 'add https://x.org/rss "Rhein Ruhr" de')).toEqual({
      ok: true,
      name: 'feeds add',
      options: { url: 'https://x.org/rss', name: 'Rhein Ruhr', language: 'de' },
    });
    expect(parseCommand('digest', 'now')).toEqual({ ok: true, name: 'digest now', options: {} });
  });

  it('takes name=value options and converts integers', () => {
    expect(parseCommand('settings', 'subscription=3 mode=digest schedule="0 7 * * 1-5" max_items=7')).toEqual(
      {
        ok: true,
        name: 'settings',
        options: { subscription: 3, mode: 'digest', schedule: '0 7 * * 1-5', max_items: 7 },
      },
    );
    expect(parseCommand('summary', 'latest drei')).toMatchObject({
      options: { target: 'latest', count: 'drei' },
    });
  });

  it('takes name value, name=value, name:value (English or German names) and unambiguous bare values', () => {
    const language = { ok: true, name: 'settings', options: { language: 'en' } };
    for (const args of [
      'language en',
      'language=en',
      'language:en',
      'sprache en',
      'Sprache:EN',
      'en',
      'English',
    ])
      expect(parseCommand('settings', args), args).toEqual(language);
    expect(parseCommand('settings', '2 digest 30 6 * * 1-5 Europe/Vienna')).toEqual({
      ok: true,
      name: 'settings',
      options: { subscription: 2, mode: 'digest', schedule: '30 6 * * 1-5', timezone: 'Europe/Vienna' },
    });
    expect(parseCommand('settings', 'zeitplan 0 7 * * * modus sofort max_items 5')).toMatchObject({
      options: { schedule: '0 7 * * *', mode: 'instant', max_items: 5 },
    });
    expect(parseCommand('subscribe', 'Rhein Ruhr Kurier digest deutsch')).toEqual({
      ok: true,
      name: 'subscribe',
      options: { target: 'Rhein Ruhr Kurier', mode: 'digest', language: 'de' },
    });
    // a value that fits no option stays where the order puts it, for the router to refuse with the syntax
    expect(parseCommand('settings', 'zwei')).toMatchObject({ options: { subscription: 'zwei' } });
  });

  it('joins extra words into a trailing free-text option, refuses them otherwise', () => {
    expect(parseCommand('feeds', 'add https://x.org/rss Rhein Ruhr Kurier')).toMatchObject({
      options: { name: 'Rhein Ruhr Kurier' },
    });
    expect(parseCommand('subscribe', 'a instant de extra')).toEqual({
      ok: false,
      reason: 'too_many_arguments',
      name: 'subscribe',
      detail: 'extra',
    });
  });

  it('reports unknown commands and subcommands', () => {
    expect(parseCommand('frobnicate', '')).toEqual({ ok: false, reason: 'unknown_command' });
    expect(parseCommand('feeds', 'explode')).toMatchObject({
      ok: false,
      reason: 'unknown_subcommand',
      group: 'feeds',
    });
    expect(parseCommand('opml', '')).toMatchObject({ ok: false, reason: 'unknown_subcommand' });
  });

  it('exposes single-word Telegram command names only', () => {
    const names = telegramCommandNames();
    expect(names).toContain('feeds');
    expect(names).toContain('subscribe');
    for (const n of names) expect(n).toMatch(/^[a-z0-9_]{1,32}$/);
  });
});

describe('command words and locales', () => {
  it('reads the command word, with or without the bot username', () => {
    expect(commandWord('/Feeds@Digest_Test_Bot add x')).toBe('feeds');
    expect(commandWord('/opml')).toBe('opml');
    expect(commandWord('hello /feeds')).toBeUndefined();
  });

  it('chooses de for de-* language codes, en for others, the fallback when absent', () => {
    const ctx = (code?: string) => ({ from: code ? { language_code: code } : undefined }) as never;
    expect(localeOf(ctx('de-AT'), 'en')).toBe('de');
    expect(localeOf(ctx('fr'), 'de')).toBe('en');
    expect(localeOf(ctx(), 'de')).toBe('de');
  });
});

describe('menu and help', () => {
  it('registers six lists; group members do not see admin groups', () => {
    const entries = menuEntries();
    expect(entries).toHaveLength(6);
    const group = entries.find((e) => e.scope.type === 'all_group_chats' && !e.language_code);
    expect(group?.commands.map((c) => c.command)).not.toContain('opml');
    expect(group?.commands.map((c) => c.command)).not.toContain('channel');
  });

  it('writes help in both languages with Telegram syntax', () => {
    expect(helpText('de')).toContain('/opml import — Feeds aus einer OPML-Datei importieren');
    expect(helpText('en')).toContain('/subscribe <target> [mode] [language]');
  });
});

describe('classifyApiError', () => {
  it('maps Telegram answers to delivery codes', () => {
    expect(classifyApiError(429, 'Too Many Requests', { retry_after: 7 })).toMatchObject({
      retryAfterMs: 7000,
    });
    expect(
      classifyApiError(400, 'Bad Request: not enough rights to send text messages to the chat'),
    ).toMatchObject({
      code: 'delivery.missing_permissions',
      permanent: true,
    });
    expect(classifyApiError(400, 'Bad Request: message thread not found')).toMatchObject({
      code: 'delivery.chat_not_found',
    });
    expect(classifyApiError(403, 'Forbidden: user is deactivated')).toMatchObject({
      code: 'delivery.blocked',
    });
    expect(classifyApiError(400, 'Bad Request: message is too long')).toMatchObject({
      code: 'delivery.bad_format',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { Digest, KeyFigure, OutgoingMessage } from '../../../../src/domain/types.js';
import { escapeDiscord } from '../../../../src/platforms/discord/escape.js';
import { embedLength } from '../../../../src/platforms/discord/limits.js';
import { renderOutgoing, renderResponse } from '../../../../src/platforms/discord/render.js';
import { mentionsSuppressed, validateMessageBody } from '../../../integration/fakes/discord-limits.js';

function figure(text: string, i: number): KeyFigure {
  return { text, value: i, unit: 'Euro', qualifier: '', sentenceIndex: 0 };
}

function digest(over: Partial<Digest> = {}): Digest {
  return {
    language: 'de',
    headline: 'Stadtrat beschließt neuen Radweg an der Elbe',
    sentences: [
      'Der Stadtrat hat am Dienstag den Bau eines 4,2 Kilometer langen Radwegs beschlossen.',
      'Die Kosten liegen bei rund 3,1 Millionen Euro.',
    ],
    keyFigures: [figure('4,2 Kilometer', 4.2), figure('rund 3,1 Millionen Euro', 3.1e6)],
    source: { name: 'Elbkurier', url: 'https://example.org/radweg', publishedAt: Date.UTC(2026, 10, 3, 8) },
    summarizer: 'extractive',
    translated: false,
    ...over,
  };
}

function msg(digests: Digest[], over: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { channel: { platform: 'discord', chatId: '1' }, digests, nonce: 'n1', locale: 'de', ...over };
}

describe('escapeDiscord', () => {
  it('escapes markdown and mention syntax but keeps URLs intact', () => {
    const out = escapeDiscord('**Eil** @everyone <@&123> _x_ `c` # no https://a.de/x_y');
    expect(out).toBe('\\*\\*Eil\\*\\* @\u200beveryone \\<@&123> \\_x\\_ \\`c\\` # no https://a.de/x_y');
    expect(escapeDiscord('# Titel\n> Zitat\n- Liste')).toBe('\\# Titel\n\\> Zitat\n\\- Liste');
    expect(escapeDiscord('2026. Jahr\n3 Punkte')).toBe('2026\\. Jahr\n3 Punkte');
  });
});

describe('renderOutgoing', () => {
  it('renders one digest as a linked embed with figures, footer, time and thumbnail', () => {
    const [p, ...more] = renderOutgoing(msg([digest({ imageUrl: 'https://example.org/bild.jpg' })]));
    expect(more).toEqual([]);
    const e = p!.embeds![0]!;
    expect(e.title).toBe('Stadtrat beschließt neuen Radweg an der Elbe');
    expect(e.url).toBe('https://example.org/radweg');
    expect(e.description).toContain('rund 3,1 Millionen Euro.');
    expect(e.fields).toEqual([{ name: 'Kennzahlen', value: '• 4,2 Kilometer\n• rund 3,1 Millionen Euro' }]);
    expect(e.footer?.text).toBe('Quelle: Elbkurier');
    expect(e.timestamp).toBe('2026-11-03T08:00:00.000Z');
    expect(e.thumbnail).toEqual({ url: 'https://example.org/bild.jpg' });
    expect(mentionsSuppressed(p as unknown as Record<string, unknown>)).toBe(true);
  });

  it('labels AI, translated and no-translation digests in the reader language', () => {
    const [p] = renderOutgoing(msg([digest({ generated: true, translated: true })], { locale: 'en' }));
    expect(p!.embeds![0]!.description).toContain('_AI summary · Machine-translated_');
    const [q] = renderOutgoing(msg([digest({ note: 'no_translation', language: 'de' })], { locale: 'en' }));
    expect(q!.embeds![0]!.description).toContain('this digest is in the article’s language (DE)');
    expect(q!.embeds![0]!.fields![0]!.name).toBe('Key figures');
  });

  it('drops unsafe URLs instead of sending them', () => {
    const [p] = renderOutgoing(
      msg([digest({ source: { url: 'javascript:alert(1)' }, imageUrl: 'ftp://x/y' })]),
    );
    const e = p!.embeds![0]!;
    expect(e.url).toBeUndefined();
    expect(e.thumbnail).toBeUndefined();
  });

  it('splits an oversized digest over embeds and messages within every limit, never cutting a figure', () => {
    const figures = Array.from({ length: 120 }, (_, i) =>
      figure(`Posten ${i}: ${'rund '.repeat(20)}${i * 1000} Euro für Sanierung`, i),
    );
    const longSentences = Array.from(
      { length: 80 },
      (_, i) => `Satz ${i} über den Haushalt ${'und mehr '.repeat(10)}.`,
    );
    const big = digest({ headline: 'H'.repeat(400), sentences: longSentences, keyFigures: figures });
    const payloads = renderOutgoing(msg([big, big, big], { title: 'Deine Nachrichten am Morgen' }));
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) {
      expect(validateMessageBody(p as unknown as Record<string, unknown>)).toEqual([]);
      expect(mentionsSuppressed(p as unknown as Record<string, unknown>)).toBe(true);
      expect((p.embeds ?? []).reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(6000);
    }
    const values = payloads
      .flatMap((p) => p.embeds ?? [])
      .flatMap((e) => e.fields ?? [])
      .map((f) => f.value);
    for (const f of figures) {
      expect(values.filter((v) => v.split('\n').includes(`• ${f.text}`)).length).toBe(3);
    }
    expect(payloads[0]!.content).toBe('**Deine Nachrichten am Morgen**');
    expect(payloads[0]!.embeds![0]!.title!.length).toBeLessThanOrEqual(256);
  });

  it('packs a scheduled digest of 12 stories into messages of at most 10 embeds', () => {
    const stories = Array.from({ length: 12 }, (_, i) => digest({ headline: `Meldung ${i}` }));
    const payloads = renderOutgoing(msg(stories, { title: 'Morgenüberblick' }));
    expect(payloads.map((p) => p.embeds?.length)).toEqual([10, 2]);
    expect(payloads[0]!.content).toBe('**Morgenüberblick**');
    expect(payloads[1]!.content).toBeUndefined();
  });
});

describe('renderResponse', () => {
  it('escapes plain command text and splits it at 2000 characters', () => {
    const text = Array.from(
      { length: 60 },
      (_, i) => `${i}. Feed *Tagesblatt* — https://example.org/feed/${i}`,
    ).join('\n');
    const payloads = renderResponse({ text }, 'de');
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) {
      expect(p.content!.length).toBeLessThanOrEqual(2000);
      expect(p.allowed_mentions).toEqual({ parse: [] });
    }
    expect(payloads[0]!.content).toContain('\\*Tagesblatt\\*');
    expect(payloads[0]!.content).toContain('https://example.org/feed/0');
  });
});

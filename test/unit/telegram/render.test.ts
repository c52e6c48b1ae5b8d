import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import { escapeAttr, escapeHtml, link } from '../../../src/platforms/telegram/html.js';
import {
  CAPTION_LIMIT,
  MESSAGE_LIMIT,
  renderMessage,
  renderPlainText,
} from '../../../src/platforms/telegram/render.js';
import { checkTelegramHtml } from '../../integration/fakes/telegram-html.js';

const nasty = JSON.parse(
  readFileSync(new URL('../../fixtures/telegram/digest-escaping.json', import.meta.url), 'utf8'),
) as Digest;

function valid(html: string): string {
  const r = checkTelegramHtml(html);
  if (!r.ok) throw new Error(`invalid HTML (${r.error}): ${html.slice(0, 200)}`);
  return r.text;
}

function longDigest(sentences: number): Digest {
  const s = (i: number) =>
    `Satz ${i}: Der Landtag beriet am Dienstag über den Haushalt, der Ausgaben von ${i},5 Milliarden Euro vorsieht & mehr.`;
  return {
    language: 'de',
    headline: 'Haushalt <2026>',
    sentences: Array.from({ length: sentences }, (_, i) => s(i)),
    keyFigures: [],
    source: { name: 'Landeszeitung', url: 'https://example.org/a' },
    summarizer: 'extractive',
    translated: false,
  };
}

describe('telegram html escaping', () => {
  it('escapes text and attributes', () => {
    expect(escapeHtml('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeAttr('x"y&z')).toBe('x&quot;y&amp;z');
  });

  it('only links http(s) URLs', () => {
    expect(link('x', 'javascript:alert(1)')).toBe('x');
    expect(link('a&b', 'https://e.org/?a=1&b="2"')).toBe(
      '<a href="https://e.org/?a=1&amp;b=%222%22">a&amp;b</a>',
    );
  });
});

describe('renderMessage', () => {
  it('escapes a feed title full of <, & and > and keeps the visible text intact', () => {
    const [msg, ...rest] = renderMessage({ digests: [nasty], locale: 'de' });
    expect(rest).toHaveLength(0);
    if (!msg) throw new Error('no message');
    const visible = valid(msg.html);
    expect(visible).toContain('Tarifstreit <Update> & "Warnstreik" bei Bahn & Co > 48 Stunden');
    expect(visible).toContain('<script>alert(1)</script>');
    expect(msg.html).not.toContain('<script>');
    expect(msg.html).toContain('<b>Kennzahlen</b>');
    expect(visible).toContain('• rund 80 Prozent der Fernzüge');
    expect(visible).toContain('Quelle: Rhein & Ruhr <Kurier>');
    expect(msg.plain).toBe(visible);
    expect(msg.linkPreview).toEqual({
      url: expect.stringContaining('news.example.org'),
      prefer_small_media: true,
    });
  });

  it('labels AI and translated digests and notes a missing translation, in English', () => {
    const d: Digest = { ...nasty, generated: true, translated: true, note: 'no_translation' };
    const [msg] = renderMessage({ digests: [d], locale: 'en' });
    const visible = valid(msg?.html ?? '');
    expect(visible).toContain('AI summary · Machine-translated');
    expect(visible).toContain('No translation configured');
    expect(visible).toContain('Key figures');
  });

  it('splits long digests at sentence boundaries within the limit, each chunk valid', () => {
    const d = longDigest(120);
    const chunks = renderMessage({ digests: [d], locale: 'de' });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      const visible = valid(c.html);
      expect(visible.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      for (const line of visible.split('\n')) if (line.startsWith('Satz')) expect(line).toMatch(/mehr\.$/);
    }
    const all = chunks.map((c) => valid(c.html)).join('\n');
    for (let i = 0; i < 120; i += 1) expect(all).toContain(`Satz ${i}:`);
    expect(chunks.slice(1).every((c) => 'is_disabled' in c.linkPreview)).toBe(true);
  });

  it('respects the caption limit and hard-splits one over-long sentence without breaking entities', () => {
    const d = { ...longDigest(1), headline: 'Haushalt', sentences: ['&<>'.repeat(800)] };
    const chunks = renderMessage({ digests: [d], locale: 'de' }, CAPTION_LIMIT);
    expect(chunks.length).toBeGreaterThan(2);
    let total = '';
    for (const c of chunks) {
      const visible = valid(c.html);
      expect(visible.length).toBeLessThanOrEqual(CAPTION_LIMIT);
      total += visible;
    }
    expect(total.replace(/[^&<>]/g, '').length).toBe(2400);
  });

  it('renders a scheduled digest with a title and several items, previews disabled', () => {
    const chunks = renderMessage({
      digests: [nasty, longDigest(2)],
      title: 'Deine Nachrichten <am Morgen>',
      locale: 'de',
      alsoReportedBy: [[{ name: 'Other & Co', url: 'https://other.example/x' }], []],
    });
    expect(chunks).toHaveLength(1);
    const visible = valid(chunks[0]?.html ?? '');
    expect(visible.startsWith('Deine Nachrichten <am Morgen>\n\nTarifstreit')).toBe(true);
    expect(visible).toContain('Auch berichtet von: Other & Co');
    expect(visible).toContain('\n\nHaushalt <2026>');
    expect(chunks[0]?.linkPreview).toEqual({ is_disabled: true });
  });

  it('renders plain command text escaped', () => {
    const [out] = renderPlainText('Feed <a> & b');
    expect(out).toEqual({ html: 'Feed &lt;a&gt; &amp; b', plain: 'Feed <a> & b' });
    const long = renderPlainText(`${'Zeile mit Text & mehr.\n'.repeat(400)}`);
    expect(long.length).toBeGreaterThan(1);
    for (const c of long) expect(c.plain.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
  });
});

describe('checkTelegramHtml (the test validator)', () => {
  it('rejects what Telegram rejects', () => {
    expect(checkTelegramHtml('<p>x</p>').ok).toBe(false);
    expect(checkTelegramHtml('<b>x').ok).toBe(false);
    expect(checkTelegramHtml('<b><i>x</b></i>').ok).toBe(false);
    expect(checkTelegramHtml('a & b').ok).toBe(false);
    expect(checkTelegramHtml('&nbsp;').ok).toBe(false);
    expect(checkTelegramHtml('<a href="https://x">y</a> &#228; &amp;')).toEqual({ ok: true, text: 'y ä &' });
  });
});

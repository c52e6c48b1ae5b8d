import { describe, expect, it } from 'vitest';
import type { Digest, OutgoingMessage } from '../../../src/domain/types.js';
import {
  createConsolePublisher,
  renderConsoleMessage,
  stripControl,
} from '../../../src/platforms/console/index.js';

const digest = (headline: string): Digest => ({
  language: 'de',
  headline,
  sentences: ['Die Stadt investiert 18 Millionen Euro.'],
  keyFigures: [{ text: '18 Millionen Euro', value: 18e6, unit: 'Euro', qualifier: '', sentenceIndex: 0 }],
  source: { name: 'Lokalblatt', url: 'https://lokal.example/a' },
  summarizer: 'extractive',
  translated: false,
});

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  channel: { platform: 'console', chatId: 'console' },
  digests: [digest('Radwege werden ausgebaut')],
  nonce: 'n1',
  locale: 'de',
  ...over,
});

describe('console publisher', () => {
  it('prints the digest as text and answers with a message id', async () => {
    const out: string[] = [];
    const p = createConsolePublisher({ write: (s) => out.push(s) });
    expect(p.platform).toBe('console');
    expect(await p.publish(message())).toEqual({ ok: true, messageIds: ['console-1'] });
    expect(out.join('')).toContain('Radwege werden ausgebaut');
    expect(out.join('')).toContain('Kennzahlen:');
    expect(out.join('')).toContain('Quelle: Lokalblatt – https://lokal.example/a');
  });

  it('shows the digest title, the other outlets of a story and strips terminal control sequences', () => {
    const text = renderConsoleMessage(
      message({
        title: 'Deine Nachrichten im Überblick',
        digests: [digest('Erste \u001b[31mrote\u001b[0m Meldung'), digest('Zweite Meldung')],
        alsoReportedBy: [[{ name: 'Business Daily', url: 'https://biz.example/x' }], []],
      }),
    );
    expect(text).toContain('Deine Nachrichten im Überblick');
    expect(text).toContain('Auch berichtet von: Business Daily – https://biz.example/x');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Erste [31mrote[0m Meldung');
    expect(stripControl('a\u0007b\nc\td\u009b')).toBe('ab\nc\td');
  });
});

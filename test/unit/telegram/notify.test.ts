/** The Telegram pause notice: HTML-escaped notice and channel title, control characters removed. */
import { describe, expect, it } from 'vitest';
import { noticeHtml } from '../../../src/platforms/telegram/notify.js';

describe('Telegram pause notice', () => {
  it('escapes the notice and the title and drops control characters', () => {
    expect(noticeHtml('Pausiert: <Rechte> & mehr\u0007', 'Kanal <b>1</b>')).toBe(
      'Pausiert: &lt;Rechte&gt; &amp; mehr\n\n<b>Kanal &lt;b&gt;1&lt;/b&gt;</b>',
    );
  });
});

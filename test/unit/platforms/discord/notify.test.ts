/** The Discord pause notice text: escaped, within the 2,000-character limit, always naming the channel. */
import { describe, expect, it } from 'vitest';
import { noticeContent } from '../../../../src/platforms/discord/notify.js';

const target = { guildId: '1', ownerId: '2', channelName: 'eil_meldungen', guildName: 'Presse *Club*' };

describe('Discord pause notice', () => {
  it('keeps the channel mention and escaped names after a notice that is too long', () => {
    const long = `Pausiert: ${'Wort '.repeat(600)}`;
    const out = noticeContent(long, { platform: 'discord', chatId: '42' }, target);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.endsWith('\n→ <#42> (#eil\\_meldungen, Presse \\*Club\\*)')).toBe(true);
    expect(out).toContain('…');
  });

  it('points at the thread when there is one and leaves out unknown names', () => {
    const out = noticeContent(
      'Pausiert.',
      { platform: 'discord', chatId: '42', threadId: '43' },
      {
        guildId: '1',
        ownerId: '2',
      },
    );
    expect(out).toBe('Pausiert.\n→ <#43>');
  });
});

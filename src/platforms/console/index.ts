/**
 * Console publisher: prints digests as plain text when no platform token is configured, so `npm start` on a
 * fresh machine shows the whole flow. Feed text is untrusted: terminal control characters are removed.
 */
import type { OutgoingMessage, PublishResult, Publisher } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { renderText } from '../../pipeline/summarize/render.js';

/** Remove C0/C1 control characters (ANSI escapes and the like) except newline and tab. */
export function stripControl(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

export function renderConsoleMessage(m: OutgoingMessage): string {
  const rule = '─'.repeat(60);
  const head =
    m.title ??
    (m.digests.length > 1 ? t(m.locale, 'delivery.console_header', { chat: m.channel.chatId }) : undefined);
  const blocks = m.digests.map((d, i) => {
    const also = m.alsoReportedBy?.[i] ?? [];
    const extra =
      also.length > 0
        ? `${t(m.locale, 'digest.also_reported')}: ${also.map((s) => `${s.name} – ${s.url}`).join('; ')}\n`
        : '';
    return renderText(d, m.locale) + extra;
  });
  const top = head ? `${rule}\n${head}\n${rule}\n` : `${rule}\n`;
  return stripControl(`${top}${blocks.join('\n')}\n`);
}

export interface ConsolePublisherOptions {
  write?: (text: string) => void;
}

export function createConsolePublisher(o: ConsolePublisherOptions = {}): Publisher {
  const write = o.write ?? ((s: string) => process.stdout.write(s));
  let n = 0;
  return {
    platform: 'console',
    idempotent: false,
    async publish(m: OutgoingMessage): Promise<PublishResult> {
      write(renderConsoleMessage(m));
      n++;
      return { ok: true, messageIds: [`console-${n}`] };
    },
  };
}

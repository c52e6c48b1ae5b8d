/**
 * Neutral Digest / OutgoingMessage → Telegram HTML messages. Every piece of feed text is escaped; only
 * <b>, <i>, <a href> and <blockquote> are emitted. Messages are packed from whole blocks (headline, sentence,
 * figure line) so a split never falls inside a tag or an entity; limits count visible characters as Telegram does.
 */
import type { Digest, KeyFigure, Lang, OutgoingMessage } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { splitText } from '../../render/split.js';
import { cleanText, escapeHtml, link, safeHref } from './html.js';

/** Telegram's limits in visible characters (after entity parsing). */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** One unit that is never split: its HTML form and the text a user sees (for measuring and plain fallback). */
export interface Block {
  html: string;
  plain: string;
}

export interface RenderedMessage {
  html: string;
  plain: string;
  linkPreview: { is_disabled: true } | { url: string; prefer_small_media: true };
}

const block = (html: string, plain: string): Block => ({ html, plain });
const text = (s: string): Block => block(escapeHtml(cleanText(s)), cleanText(s));

/** Blocks of one digest: headline, labels, note, sentences, key figures, source. */
export function digestBlocks(d: Digest, locale: Lang, also?: { name: string; url: string }[]): Block[] {
  const headline = cleanText(d.headline).trim() || '—';
  const out: Block[] = [block(`<b>${link(headline, d.source.url)}</b>`, headline)];
  const labels = digestLabels(d, locale);
  if (labels) out.push(block(`<i>${escapeHtml(labels)}</i>`, labels));
  if (d.note === 'no_translation') {
    const note = t(locale, 'digest.note.no_translation', { lang: d.language });
    out.push(block(`<i>${escapeHtml(note)}</i>`, note));
  }
  for (const s of d.sentences) if (s.trim() !== '') out.push(text(s.trim()));
  if (d.keyFigures.length > 0) out.push(...figureBlocks(d.keyFigures, locale));
  const src = sourceBlock(d, locale);
  if (src) out.push(src);
  if (also && also.length > 0) out.push(alsoBlock(also, locale));
  return out;
}

function digestLabels(d: Digest, locale: Lang): string {
  const labels: string[] = [];
  if (d.generated) labels.push(t(locale, 'digest.label.ai'));
  if (d.translated) labels.push(t(locale, 'digest.label.translated'));
  return labels.join(' · ');
}

function figureBlocks(figures: KeyFigure[], locale: Lang): Block[] {
  const title = t(locale, 'digest.key_figures');
  const head = block(`<b>${escapeHtml(title)}</b>`, title);
  return [head, ...figures.map((f) => text(`• ${f.text.trim()}`))];
}

function sourceBlock(d: Digest, locale: Lang): Block | undefined {
  const name = cleanText(d.source.name ?? '').trim() || hostOf(d.source.url);
  if (!name) return undefined;
  const label = t(locale, 'digest.source');
  return block(`${escapeHtml(label)}: ${link(name, d.source.url)}`, `${label}: ${name}`);
}

function alsoBlock(also: { name: string; url: string }[], locale: Lang): Block {
  const label = t(locale, 'digest.also_reported');
  const html = also.map((a) => link(cleanText(a.name), a.url)).join(', ');
  const plain = also.map((a) => cleanText(a.name)).join(', ');
  return block(`${escapeHtml(label)}: ${html}`, `${label}: ${plain}`);
}

function hostOf(url: string | undefined): string {
  const href = safeHref(url);
  return href ? new URL(href).hostname : '';
}

/** Split blocks whose visible text alone exceeds `limit` (long sentences) into smaller escaped blocks. */
function fitBlocks(blocks: Block[], limit: number): Block[] {
  return blocks.flatMap((b) =>
    b.plain.length <= limit ? [b] : splitText(b.plain, limit).map((p) => text(p)),
  );
}

/** Pack whole blocks into messages of at most `limit` visible characters, joined by newlines. */
export function packBlocks(blocks: Block[], limit: number): Block[] {
  const out: Block[] = [];
  let cur: Block | undefined;
  for (const b of fitBlocks(blocks, limit)) {
    const sep = '\n';
    if (cur && cur.plain.length + sep.length + b.plain.length <= limit) {
      cur = block(cur.html + sep + b.html, cur.plain + sep + b.plain);
    } else {
      if (cur) out.push(cur);
      cur = block(b.html.replace(/^\n+/, ''), b.plain.replace(/^\n+/, ''));
    }
  }
  if (cur && cur.plain.trim() !== '') out.push(cur);
  return out;
}

/** All blocks of an outgoing message: optional title, then each digest separated by a blank line. */
export function messageBlocks(
  msg: Pick<OutgoingMessage, 'digests' | 'title' | 'locale' | 'alsoReportedBy'>,
): Block[] {
  const out: Block[] = [];
  if (msg.title) out.push(block(`<b>${escapeHtml(cleanText(msg.title))}</b>`, cleanText(msg.title)));
  msg.digests.forEach((d, i) => {
    const blocks = digestBlocks(d, msg.locale, msg.alsoReportedBy?.[i]);
    if (out.length > 0 && blocks[0]) blocks[0] = block(`\n${blocks[0].html}`, `\n${blocks[0].plain}`);
    out.push(...blocks);
  });
  return out;
}

/**
 * Render a message for Telegram: HTML chunks within `limit` visible characters, each with its plain-text twin
 * (for the one retry after "can't parse entities") and a deliberate link preview: the article's own page for a
 * single digest, none for multi-item digests.
 */
export function renderMessage(
  msg: Pick<OutgoingMessage, 'digests' | 'title' | 'locale' | 'alsoReportedBy'>,
  limit = MESSAGE_LIMIT,
): RenderedMessage[] {
  const chunks = packBlocks(messageBlocks(msg), limit);
  const single = msg.digests.length === 1 ? safeHref(msg.digests[0]?.source.url) : undefined;
  return chunks.map((c, i) => ({
    html: c.html,
    plain: c.plain,
    linkPreview: single && i === 0 ? { url: single, prefer_small_media: true } : { is_disabled: true },
  }));
}

/** Plain command text (already localized) → escaped HTML chunks within the limit, each with its plain twin. */
export function renderPlainText(s: string, limit = MESSAGE_LIMIT): Block[] {
  return splitText(cleanText(s), limit).map((plain) => block(escapeHtml(plain), plain));
}

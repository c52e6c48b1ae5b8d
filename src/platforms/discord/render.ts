/**
 * Neutral Digest / OutgoingMessage / CommandResponse → Discord message payloads (embeds), within Discord's
 * limits: long descriptions and figure lists continue in further embeds, embeds are packed into messages of at
 * most 10 embeds and 6000 characters. Feed text is escaped; every payload carries allowed_mentions parse [].
 */
import type { CommandResponse, Digest, Lang, OutgoingMessage } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { packItems, splitText, truncate } from '../../render/split.js';
import { escapeDiscord, safeUrl } from './escape.js';
import { type DiscordPayload, type Embed, type EmbedField, embedLength, LIMITS } from './limits.js';

export const EMBED_COLOR = 0x2f6fb3;
export const NO_MENTIONS = { parse: [] as [] };

/** The label line: AI summary / machine-translated / no-translation note, in the reader's language. */
function labelLine(d: Digest, locale: Lang): string | undefined {
  const parts: string[] = [];
  if (d.generated) parts.push(t(locale, 'digest.label.ai'));
  if (d.translated) parts.push(t(locale, 'digest.label.translated'));
  if (d.note === 'no_translation') {
    parts.push(t(locale, 'digest.note.no_translation', { lang: d.language.toUpperCase() }));
  }
  return parts.length > 0 ? `_${escapeDiscord(parts.join(' · '))}_` : undefined;
}

function descriptionChunks(d: Digest, locale: Lang): string[] {
  const label = labelLine(d, locale);
  const body = d.sentences.map(escapeDiscord).join(' ');
  const text = [body, label].filter((s) => s !== undefined && s !== '').join('\n\n');
  return text === '' ? [] : splitText(text, LIMITS.description);
}

function listFields(name: string, lines: string[]): EmbedField[] {
  const chunks = packItems(lines, LIMITS.fieldValue);
  return chunks.map((value, i) => ({ name: i === 0 ? name : `${name} (${i + 1})`, value }));
}

function digestFields(d: Digest, locale: Lang, also: { name: string; url: string }[]): EmbedField[] {
  const figures = d.keyFigures.map((f) => `• ${escapeDiscord(f.text)}`);
  const fields = figures.length > 0 ? listFields(t(locale, 'digest.key_figures'), figures) : [];
  const links = also.map((o) => {
    const url = safeUrl(o.url);
    const name = escapeDiscord(truncate(o.name, 200));
    return url ? `[${name}](${url})` : name;
  });
  if (links.length > 0) fields.push(...listFields(t(locale, 'digest.also_reported'), links));
  return fields;
}

function headEmbed(d: Digest, description: string | undefined): Embed {
  const e: Embed = { title: truncate(escapeDiscord(d.headline || '—'), LIMITS.title), color: EMBED_COLOR };
  const url = safeUrl(d.source.url);
  if (url) e.url = url;
  if (description) e.description = description;
  const thumb = safeUrl(d.imageUrl);
  if (thumb) e.thumbnail = { url: thumb };
  return e;
}

/** Append fields to the last embed while it has room, else open continuation embeds. */
function placeFields(embeds: Embed[], fields: EmbedField[]): void {
  for (const field of fields) {
    let last = embeds[embeds.length - 1]!;
    const count = last.fields?.length ?? 0;
    const room = LIMITS.embedTotal - LIMITS.footer - embedLength(last);
    if (count >= LIMITS.fields || field.name.length + field.value.length > room) {
      last = { color: EMBED_COLOR };
      embeds.push(last);
    }
    last.fields = [...(last.fields ?? []), field];
  }
}

function footerOf(d: Digest, locale: Lang): Embed['footer'] {
  const name = d.source.name?.trim();
  if (!name) return undefined;
  return { text: truncate(`${t(locale, 'digest.source')}: ${name}`, LIMITS.footer) };
}

/** One digest as one embed, or a few when its text or figures exceed one embed's limits. */
export function renderDigestEmbeds(
  d: Digest,
  locale: Lang,
  also: { name: string; url: string }[] = [],
): Embed[] {
  const [first, ...more] = descriptionChunks(d, locale);
  const embeds: Embed[] = [headEmbed(d, first)];
  for (const chunk of more) embeds.push({ description: chunk, color: EMBED_COLOR });
  placeFields(embeds, digestFields(d, locale, also));
  const last = embeds[embeds.length - 1]!;
  const footer = footerOf(d, locale);
  if (footer) last.footer = footer;
  if (d.source.publishedAt !== undefined && Number.isFinite(d.source.publishedAt)) {
    last.timestamp = new Date(d.source.publishedAt).toISOString();
  }
  return embeds;
}

/** Pack embeds into payloads of at most 10 embeds and 6000 characters; `content` goes on the first. */
export function packEmbeds(embeds: Embed[], content?: string): DiscordPayload[] {
  const out: DiscordPayload[] = [];
  let current: Embed[] = [];
  let total = 0;
  for (const e of embeds) {
    const len = embedLength(e);
    if (current.length >= LIMITS.embedsPerMessage || total + len > LIMITS.embedTotal) {
      out.push({ embeds: current, allowed_mentions: NO_MENTIONS });
      current = [];
      total = 0;
    }
    current.push(e);
    total += len;
  }
  if (current.length > 0) out.push({ embeds: current, allowed_mentions: NO_MENTIONS });
  const texts = content ? splitText(content, LIMITS.content) : [];
  const head = texts.map((c): DiscordPayload => ({ content: c, allowed_mentions: NO_MENTIONS }));
  if (head.length > 0 && out.length > 0) {
    out[0] = { ...out[0]!, content: head.pop()!.content };
  }
  return [...head, ...out];
}

/** A delivery (instant: one digest; scheduled: several) as Discord payloads. */
export function renderOutgoing(msg: OutgoingMessage): DiscordPayload[] {
  const embeds = msg.digests.flatMap((d, i) => renderDigestEmbeds(d, msg.locale, msg.alsoReportedBy?.[i]));
  const title = msg.title ? `**${escapeDiscord(msg.title)}**` : undefined;
  return packEmbeds(embeds, title);
}

/** A command response: plain text (escaped, split at 2000) followed by any digests as embeds. */
export function renderResponse(resp: CommandResponse, locale: Lang): DiscordPayload[] {
  const embeds = (resp.digests ?? []).flatMap((d) => renderDigestEmbeds(d, locale));
  const text = resp.text ? escapeDiscord(resp.text) : undefined;
  const payloads = packEmbeds(embeds, text);
  if (payloads.length === 0) payloads.push({ content: '✓', allowed_mentions: NO_MENTIONS });
  return payloads;
}

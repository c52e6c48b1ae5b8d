/**
 * Platform-neutral renderers of a Digest: plain text and Markdown, with German or English labels and figure
 * values formatted per output locale (1.500 / 1,500). Article text is untrusted: Markdown output escapes it.
 */
import type { Digest, KeyFigure, Lang } from '../../domain/types.js';
import { t } from '../../i18n/index.js';
import { formatNumber } from './numbers.js';

const PREFIX_UNITS = new Set(['$', '€', '£', '¥', 'US$', 'US-$']);

/** One figure for display: qualifier, value in the output locale, unit ("bis zu 12,000 Soldaten"). */
export function formatFigure(f: KeyFigure, locale: Lang): string {
  // dates, years, odds and ages are written whole ("am 12. September", "40/1", "22-jährige"): shown as they stand
  if (f.valueText !== undefined && f.valueText === f.text) return f.text;
  // amounts in words, vague amounts and scores are shown as written, never as an invented concrete number
  const value =
    f.valueText ??
    formatNumber(f.value, locale) + (f.valueMax !== undefined ? `–${formatNumber(f.valueMax, locale)}` : '');
  const amount = PREFIX_UNITS.has(f.unit)
    ? `${f.unit}${value}`
    : f.unit === '%'
      ? `${value}${locale === 'de' ? ' ' : ''}%`
      : `${value}${f.unit ? ` ${f.unit}` : ''}`;
  return f.qualifier ? `${f.qualifier} ${amount}` : amount;
}

/**
 * A figure as shown in a digest rendered for `locale`: an untranslated digest in another language keeps the
 * article's own writing ("bis zu 12.000 nordkoreanische Soldaten", never "bis zu 12,000 nordkoreanische Soldaten").
 */
export function shownFigure(d: Digest, f: KeyFigure, locale: Lang): string {
  return !d.translated && d.language !== locale ? f.text : formatFigure(f, locale);
}

function notes(d: Digest, locale: Lang): string[] {
  const out: string[] = [];
  if (d.note === 'no_translation') out.push(t(locale, 'digest.note.no_translation', { lang: d.language }));
  if (d.generated) out.push(t(locale, 'digest.label.ai'));
  if (d.translated) out.push(t(locale, 'digest.label.translated'));
  return out;
}

function sourceLine(d: Digest): string | undefined {
  const { name, url } = d.source;
  if (!name && !url) return undefined;
  return [name, url].filter(Boolean).join(' – ');
}

export function renderText(d: Digest, locale: Lang): string {
  const parts: string[] = [];
  if (d.headline) parts.push(d.headline);
  if (d.sentences.length > 0) parts.push(d.sentences.join(' '));
  if (d.keyFigures.length > 0) {
    const lines = d.keyFigures.map((f) => `• ${shownFigure(d, f, locale)}`);
    parts.push(`${t(locale, 'digest.key_figures')}:\n${lines.join('\n')}`);
  }
  const n = notes(d, locale);
  if (n.length > 0) parts.push(n.join('\n'));
  const src = sourceLine(d);
  if (src) parts.push(`${t(locale, 'digest.source')}: ${src}`);
  return `${parts.join('\n\n')}\n`;
}

/** Escape Markdown control characters in untrusted text. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+\-.!|>~<])/g, '\\$1');
}

export function renderMarkdown(d: Digest, locale: Lang): string {
  const parts: string[] = [];
  if (d.headline) parts.push(`**${escapeMarkdown(d.headline)}**`);
  if (d.sentences.length > 0) parts.push(d.sentences.map(escapeMarkdown).join(' '));
  if (d.keyFigures.length > 0) {
    const lines = d.keyFigures.map((f) => `- ${escapeMarkdown(shownFigure(d, f, locale))}`);
    parts.push(`**${t(locale, 'digest.key_figures')}**\n${lines.join('\n')}`);
  }
  const n = notes(d, locale);
  if (n.length > 0) parts.push(n.map((x) => `_${escapeMarkdown(x)}_`).join('\n'));
  const { name, url } = d.source;
  if (url && /^https?:\/\//i.test(url)) {
    const label = escapeMarkdown(name ?? url);
    parts.push(`${t(locale, 'digest.source')}: [${label}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)`);
  } else if (name) {
    parts.push(`${t(locale, 'digest.source')}: ${escapeMarkdown(name)}`);
  }
  return `${parts.join('\n\n')}\n`;
}

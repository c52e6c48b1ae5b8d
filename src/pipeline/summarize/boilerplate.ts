/**
 * Lines of a news page that are never digest sentences: navigation and related-article teasers, credits, agency
 * tags, link lists, headings and repeated headlines. Two kinds of rule: a small lexicon of the labels pages put in
 * front of such lines, and structural rules that catch the unlabelled ones by their shape.
 */
import type { SentenceSpan } from './segment.js';

export type BoilerplateKind =
  /** "Mehr zum Thema", "Lesen Sie auch", "Read more", "Related:", "Sign up", "Follow us on" ... */
  | 'navigation'
  /** "Foto: …", "Quelle: …", "Photo: Getty Images", "CNN's X contributed to this report." */
  | 'credit'
  /** "(APA, 12.3.2016)", "(dpa/AFP)", "Reuters" alone. */
  | 'agency'
  /** Several titles on one line: "Politik | Wirtschaft | Sport". */
  | 'link-list'
  /** A short label, a dash, then a title: "Weiterführendes zum Thema – …" without the lexicon. */
  | 'label-line'
  /** A line without final punctuation: a heading, a link title, a caption. */
  | 'heading'
  /** A later line that repeats the headline (a teaser box, a "back to top" link). */
  | 'repeated-headline';

/** Labels that open navigation and teaser lines; matched at the start of a line, case-insensitive. */
const NAVIGATION = new RegExp(
  `^(?:${[
    // German
    'weiterführende[sn]?\\b',
    'mehr (?:zum|zu diesem) thema',
    'mehr dazu\\b',
    'mehr (?:news|nachrichten|artikel|infos?|informationen|lesen)\\b',
    'lesen sie (?:auch|mehr|hier|weiter|dazu|außerdem)\\b',
    'auch (?:interessant|lesenswert)\\b',
    'das könnte sie (?:auch )?interessieren',
    'zum thema\\s*[:–—-]',
    'siehe auch\\b',
    "hier (?:geht(?:’|')?s|gehts|geht es|klicken|lesen sie (?:mehr|weiter))\\b",
    'jetzt (?:abonnieren|anmelden|registrieren|teilen|herunterladen|lesen)\\b',
    '(?:newsletter|abo) (?:abonnieren|bestellen)\\b',
    'folgen sie uns\\b',
    'zur(?:ück zur)? startseite\\b',
    'alle rechte vorbehalten\\b',
    '(?:anzeige|werbung)\\s*$',
    '(?:video|fotostrecke|bildergalerie|galerie|liveticker|live-ticker)\\s*[:–—-]',
    // English
    'read (?:more|also|next|the full)\\b',
    'related(?: articles?| stories| content| coverage| links?)?\\s*(?:[:–—-]|$)',
    'see also\\b',
    'more (?:on this|from|stories|news)\\b',
    'more\\s*:',
    'sign up\\b',
    'subscribe (?:to|now|for|here)\\b',
    'follow (?:us|@)',
    'click here\\b',
    'share (?:this|on)\\b',
    'scroll down\\b',
    '(?:watch|video|listen|pictured|gallery)\\s*:',
    'advertisement\\s*$',
    'all rights reserved\\b',
    '(?:like us|find us) on\\b',
    'download (?:our|the) app\\b',
    "(?:don(?:'|’)t miss|most (?:read|popular)|trending now|recommended)\\s*(?:[:–—-]|$)",
  ].join('|')})`,
  'iu',
);

/**
 * Page furniture glued to the start of a real sentence when a page is flattened ("Scroll down for video The
 * minister said …"): the label is dropped and the rest of the line stays a candidate.
 */
const FURNITURE =
  /^(?:scroll down for (?:video|more)|advertisement|anzeige|werbung)\s+(?=[„“"'‚‘]?[\p{Lu}\p{N}])/iu;

/** The line without a leading furniture label when what follows is a sentence of its own (8+ words), else undefined. */
export function withoutFurniture(text: string): string | undefined {
  const m = FURNITURE.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m[0].length);
  return rest.split(' ').length >= 8 ? rest : undefined;
}

/** Credit labels before a colon: photo, image, source and author lines. */
const CREDIT_LABEL =
  /^(?:fotos?|bild(?:er)?|quelle|grafik|illustration|archivbild|mitarbeit|redaktion|autor(?:in)?|text|photos?|images?|picture|source|credits?|reporting|editing|additional reporting)\s*(?:[:/]|by\b)/iu;
const CREDIT_MARK = /^(?:©|\(c\)\s|copyright\b|image copyright\b|photo credit\b)/iu;
/** "CNN's Jane Doe contributed to this report.", "Reporting by …; Editing by …". */
const CREDIT_SENTENCE =
  /\b(?:contributed (?:reporting )?to this (?:report|story|article)|(?:reporting|editing|writing) by [\p{Lu}])/u;
/** Picture agencies: a short line naming one is a caption credit. */
const PICTURE_AGENCY =
  /\b(?:getty images|ap photo|afp\/getty|shutterstock|imago|picture[- ]alliance|istock|epa-efe|reuters\/|dpa\/|apa\/|afp\/)/iu;

/** News agencies and the newsroom tags that close an article: "(red, 1.2.2016)", "(APA/dpa)". */
const AGENCY =
  '(?:dpa|afp|apa|ap|reuters|rtr|kna|epd|sda|sid|dts|ots|ddp|ansa|efe|red|ag|cnn|bbc|pa|upi|tass)';
const AGENCY_TAG = new RegExp(
  `^[([]?\\s*${AGENCY}(?:\\s*[/,;&]\\s*(?:${AGENCY}|[\\p{L}.]{1,4}|\\d[\\d./-]*))*\\s*[)\\]]?\\.?$`,
  'iu',
);

/** Separators of menus, breadcrumbs and link lists. */
const LIST_SEPARATOR = /\s(?:\||•|·|>>|→|▸|►|»\s*»)\s/gu;
const LIST_MARK = /[|•·>→▸►»]/u;
const LEADING_MARKS = /^[\s>»›•·*#–—-]+/u;
/** "Label – Title": a short label, a dash, then a capitalised title. */
const LABEL_DASH = /^([^\s.!?:;,–—]+(?: [^\s.!?:;,–—]+){0,3}) (?:–|—|-|\|) (?=[„“"'‚‘»«]?[\p{Lu}\p{N}])/u;
const FINAL_PUNCTUATION = /[.!?…"“”»«'’)]$/u;

/** Lower-cased letters and digits only, for comparing lines with headlines. */
export function headlineKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Rules that need only the line itself (lexicon, credits, agency tags, link lists). */
export function lineBoilerplate(text: string): BoilerplateKind | undefined {
  const t = LEADING_MARKS.test(text) ? text.trim().replace(LEADING_MARKS, '') : text.trim();
  if (withoutFurniture(t) !== undefined) return undefined;
  if (NAVIGATION.test(t)) return 'navigation';
  if (CREDIT_LABEL.test(t) || CREDIT_MARK.test(t)) return 'credit';
  if ((t.includes(' by ') || t.includes('contributed')) && CREDIT_SENTENCE.test(t)) return 'credit';
  if (AGENCY_TAG.test(t)) return 'agency';
  // short lines only: a caption credit, an aside in parentheses ("(red, 12.3.2016)", "(Video: …)")
  if (t.length <= 120) {
    const words = t.split(' ').length;
    if (words <= 12 && PICTURE_AGENCY.test(t)) return 'credit';
    if (words <= 8 && t.startsWith('(') && /\)\.?$/u.test(t)) return 'agency';
  }
  if (LIST_MARK.test(t) && (t.match(LIST_SEPARATOR) ?? []).length >= 2) return 'link-list';
  return undefined;
}

export interface BoilerplateContext {
  /** All sentences of the article, as segmented. */
  sentences: readonly SentenceSpan[];
  /** The article text the spans point into. */
  text: string;
  /** The feed title or the article's own headline line. */
  title?: string;
  /** Index of the article's own headline line, if it has one. */
  headlineLine?: number;
}

/**
 * Why sentence `i` of an article is boilerplate, or undefined when it may be a digest sentence. Besides the line
 * rules: a line without final punctuation (heading, link title, caption); a "label – title" line anywhere but at
 * the very start of the article (where it is a dateline: "Berlin – …"); a later line repeating the headline.
 */
export function sentenceBoilerplate(
  i: number,
  ctx: BoilerplateContext,
  heads: readonly string[] = headKeys(ctx),
): BoilerplateKind | undefined {
  const span = ctx.sentences[i];
  if (!span) return undefined;
  const kind = lineBoilerplate(span.text);
  if (kind) return kind;
  const endsLine = /^[^\S\n]*(?:\n|$)/u.test(ctx.text.slice(span.end, span.end + 200));
  if (endsLine && !FINAL_PUNCTUATION.test(span.text)) return 'heading';
  // the first sentence of the body may open with a dateline ("Berlin – …")
  const firstBody = ctx.headlineLine === 0 ? 1 : 0;
  const startsLine =
    i > firstBody && /\n[^\S\n]*$/u.test(ctx.text.slice(Math.max(0, span.start - 200), span.start));
  if (startsLine && LABEL_DASH.test(span.text)) return 'label-line';
  if (i > 0 && i !== ctx.headlineLine && heads.length > 0) {
    // a headline is short: only lines of about its length can repeat it
    if (span.text.length > 2 * Math.max(...heads.map((h) => h.length)) + 20) return undefined;
    const key = headlineKey(span.text);
    if (key !== '' && heads.includes(key)) return 'repeated-headline';
    const title = heads[0]!;
    if (ctx.title && startsLine && title.split(' ').length >= 4 && key.includes(title)) {
      // "Label: <the headline>" / "<the headline> – more"
      if (key.length < title.length * 1.6) return 'repeated-headline';
    }
  }
  return undefined;
}

/** The keys of the feed title and of the article's own headline line (title first). */
function headKeys(ctx: BoilerplateContext): string[] {
  const heads = [
    ctx.title,
    ctx.headlineLine === undefined ? undefined : ctx.sentences[ctx.headlineLine]?.text,
  ];
  return heads.filter((h): h is string => h !== undefined && h.trim() !== '').map(headlineKey);
}

/** The boilerplate sentences of an article by index, with the rule that caught each. */
export function boilerplateSentences(ctx: BoilerplateContext): Map<number, BoilerplateKind> {
  const out = new Map<number, BoilerplateKind>();
  const heads = headKeys(ctx);
  for (let i = 0; i < ctx.sentences.length; i++) {
    const kind = sentenceBoilerplate(i, ctx, heads);
    if (kind) out.set(i, kind);
  }
  return out;
}

/**
 * The offline extractive summarizer: segment, score and select sentences, extract key figures.
 * Pure and synchronous; `extractiveSummarizer` wraps it behind the Summarizer interface.
 */
import { AppError } from '../../domain/errors.js';
import type { DetectedLang, Digest, DigestSource, SummarizeInput, Summarizer } from '../../domain/types.js';
import { boilerplateSentences, withoutFurniture } from './boilerplate.js';
import { extractQuantities } from './figures.js';
import { isFigureCandidate, type LocatedQuantity, selectKeyFigures } from './keyfigures.js';
import { detectLanguage } from './language.js';
import { type SentenceSpan, segmentSpans } from './segment.js';
import { type SentenceInfo, selectSentences, sentenceInfo } from './select.js';

export const DEFAULTS = { maxSentences: 3, maxChars: 600, maxFigures: 5 };

export interface Analysis {
  lang: DetectedLang;
  sentences: SentenceSpan[];
  quantities: LocatedQuantity[];
  infos: SentenceInfo[];
}

/** Segment the article and find its quantities (shared by the summarizer and by figure checks). */
export function analyzeArticle(text: string, langHint?: DetectedLang): Analysis {
  const lang = langHint ?? detectLanguage(text);
  const sentences = segmentSpans(text, lang);
  const quantities: LocatedQuantity[] = [];
  const infos = sentences.map((s, i) => {
    const qs = extractQuantities(s.text, lang);
    for (const q of qs) quantities.push({ q, sentenceIndex: i });
    return sentenceInfo(i, s.text, lang, qs.filter(isFigureCandidate).length);
  });
  return { lang, sentences, quantities, infos };
}

export function summarize(input: SummarizeInput): Digest {
  if (input.text.trim() === '') throw new AppError('input.empty', 'article text is empty');
  const a = analyzeArticle(input.text, input.lang);
  const maxSentences = input.maxSentences ?? DEFAULTS.maxSentences;
  const maxChars = input.maxChars ?? DEFAULTS.maxChars;
  const c = digestCandidates(a, input.text, input.title);
  const { headlineLine, texts } = c;
  const picked = selectSentences(c.candidates, { maxSentences, maxChars, lang: a.lang, title: c.title });
  const sentences = picked.map((i) => clamp(texts[i]!, maxChars));
  const digest: Digest = {
    language: a.lang,
    headline: headlineOf(input.title, a.sentences, headlineLine, sentences),
    sentences,
    keyFigures: selectKeyFigures(
      a.quantities,
      a.sentences.length,
      input.maxFigures ?? DEFAULTS.maxFigures,
      new Set(picked),
    ),
    source: sourceOf(input),
    summarizer: 'extractive',
    translated: false,
  };
  if (input.articleId) digest.articleId = input.articleId;
  if (input.targetLang && input.targetLang !== a.lang) {
    digest.requestedLanguage = input.targetLang;
    digest.note = 'no_translation';
  }
  return digest;
}

export interface Candidates {
  /** The sentences that may be digest sentences (no headline line, no boilerplate). */
  candidates: SentenceInfo[];
  /** Digest text per sentence index (page furniture dropped). */
  texts: string[];
  headlineLine: number | undefined;
  /** The feed title, else the article's own headline line. */
  title: string | undefined;
}

/** The candidate sentences of an analysed article: without its headline line and without boilerplate. */
export function digestCandidates(a: Analysis, text: string, feedTitle?: string): Candidates {
  const headlineLine = headlineIndex(a.sentences, feedTitle);
  const title = feedTitle ?? a.sentences[headlineLine ?? -1]?.text;
  const boilerplate = boilerplateSentences({ sentences: a.sentences, text, title, headlineLine });
  const texts = a.sentences.map((s) => withoutFurniture(s.text) ?? s.text);
  const body = a.infos.filter((s) => s.index !== headlineLine);
  let kept = body.filter((s) => !boilerplate.has(s.index));
  // text without any punctuation is all "heading": then its lines are all there is
  if (kept.length === 0) kept = body.filter((s) => boilerplate.get(s.index) === 'heading');
  const candidates = kept.map((s) =>
    texts[s.index] === s.text ? s : sentenceInfo(s.index, texts[s.index]!, a.lang, s.figures),
  );
  return { candidates, texts, headlineLine, title };
}

/** A first line without final punctuation and no title given: the article's own headline. */
function headlineIndex(sentences: readonly SentenceSpan[], title?: string): number | undefined {
  const first = sentences[0];
  if (!first || sentences.length < 2) return undefined;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  if (title && title.trim() !== '') return norm(first.text) === norm(title) ? 0 : undefined;
  const words = first.text.split(' ').length;
  return !/[.!?…"“”»«)]$/u.test(first.text) && words <= 16 && !/\((?:dpa|AFP|Reuters|AP|APA)/.test(first.text)
    ? 0
    : undefined;
}

function headlineOf(
  title: string | undefined,
  sentences: readonly SentenceSpan[],
  headlineLine: number | undefined,
  picked: readonly string[],
): string {
  if (title && title.trim() !== '') return title.replace(/\s+/g, ' ').trim();
  if (headlineLine !== undefined) return sentences[headlineLine]!.text;
  return shorten(picked[0] ?? sentences[0]?.text ?? '');
}

/** A run-on "sentence" longer than the whole budget (no punctuation in the source) is cut at a word. */
export function clamp(sentence: string, maxChars: number): string {
  if (sentence.length <= maxChars) return sentence;
  const cut = sentence.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The first clause of a sentence, at most ~90 characters, cut at a word boundary. */
export function shorten(sentence: string, max = 90): string {
  if (sentence.length <= max) return sentence.replace(/[.!?]$/, '');
  const clause = /^(.{30,}?)(?:[,;:–—] )/u.exec(sentence.slice(0, max + 20));
  if (clause) return clause[1]!;
  const cut = sentence.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)).trimEnd()}…`;
}

function sourceOf(input: SummarizeInput): DigestSource {
  const source: DigestSource = { ...(input.source ?? {}) };
  if (input.url && !source.url) source.url = input.url;
  return source;
}

export const extractiveSummarizer: Summarizer = {
  name: 'extractive',
  summarize: async (input) => summarize(input),
  extractiveLimits: DEFAULTS,
};

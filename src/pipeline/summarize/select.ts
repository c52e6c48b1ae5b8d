/**
 * Sentence selection: score each candidate by a small logistic model over features the engine computes anyway
 * (position, centrality, title overlap, figures, length, back-references), trained offline by
 * `bench/train-scorer.ts` on de-train; pick greedily with redundancy removal under a sentence and character
 * budget; return in original order.
 */
import type { DetectedLang } from '../../domain/types.js';
import { LEARNED } from './select-weights.js';
import { type Bag, bagOf, contentTokens, cosine, dot, norm } from './tokens.js';

export interface SentenceInfo {
  index: number;
  text: string;
  bag: Bag;
  /** Euclidean norm of `bag`. */
  norm: number;
  words: number;
  /** Key-figure-like quantities in the sentence. */
  figures: number;
}

export interface SelectOptions {
  maxSentences: number;
  maxChars: number;
  lang: DetectedLang;
  title?: string;
  /** The sentence model (default: LEARNED from select-weights.ts). */
  model?: SentenceModel;
}

/** The features of a candidate sentence, in this order; `position` counts candidates, not raw lines. */
export const FEATURES = [
  'bias',
  'position',
  'first',
  'relPosition',
  'centrality',
  'title',
  'figures',
  'logWords',
  'short',
  'long',
  'dangling',
  'earlyPronoun',
  'questionOrColon',
  'quote',
] as const;
export type FeatureName = (typeof FEATURES)[number];

export interface SentenceModel {
  /** Logistic-regression weights: P(sentence belongs in the digest) = σ(Σ w·x). */
  weights: Record<FeatureName, number>;
  /** How much of that probability is added to the hand-tuned score (0: the hand-tuned score alone). */
  blend: number;
  /**
   * A further sentence needs at least this share of the first pick's score, per language: German teasers are one
   * sentence of ~14 words, English highlights three or four sentences.
   */
  minRelative: Record<DetectedLang, number>;
}

/** The hand-tuned scorer; the learned model adds to it (see SentenceModel.blend). */
export const WEIGHTS = {
  position: 1.0,
  positionDecay: 0.35,
  centrality: 0.9,
  title: 0.6,
  figures: 0,
  redundancy: 0.8,
  danglingStart: 0.2,
  /** Penalty for a personal pronoun among the first words ("Auf X äußerte er ..."). */
  earlyPronoun: 0.1,
  minWords: 6,
  maxWords: 55,
};

const DANGLING_DE =
  /^(?:er|sie|es|ihm|ihr|ihn|dies|diese|dieser|dieses|damit|dabei|dennoch|doch|aber|zudem|außerdem|auch|deshalb|daher|trotzdem|allerdings|jedoch|dort|denn|und|oder|so|seine|seiner|ihre|ihrer|dafür|darauf|davon|deswegen|ebenfalls)\b/iu;
const DANGLING_EN =
  /^(?:he|she|it|they|them|this|these|those|that|but|however|also|meanwhile|moreover|furthermore|so|and|or|his|her|their|its|there|then|yet|still|instead)\b/i;

export function sentenceInfo(index: number, text: string, lang: DetectedLang, figures: number): SentenceInfo {
  const tokens = contentTokens(text, lang);
  const bag = bagOf(tokens);
  return { index, text, bag, norm: norm(bag), words: text.split(' ').length, figures };
}

/** Starts with a pronoun or connective that needs the previous sentence. */
export function startsDangling(text: string, lang: DetectedLang): boolean {
  const t = text.replace(/^[„“"'‚‘»«(]+/u, '');
  if (lang === 'de') return DANGLING_DE.test(t);
  if (lang === 'en') return DANGLING_EN.test(t);
  return DANGLING_DE.test(t) || DANGLING_EN.test(t);
}

const EARLY_DE = /^(?:\S+ ){1,6}(?:er|ihm|ihn|sie|ihr)\b/u;
const EARLY_EN = /^(?:\S+ ){1,6}(?:he|she|him|they|them)\b/i;

/** A personal pronoun among the first few words, likely pointing back to an earlier sentence. */
export function hasEarlyPronoun(text: string, lang: DetectedLang): boolean {
  if (lang === 'de') return EARLY_DE.test(text);
  if (lang === 'en') return EARLY_EN.test(text);
  return false;
}

const QUOTE_START = /^[„“"'‚‘»«]/u;

/** Per-candidate measures both scorers use, computed once. */
export interface Parts {
  centrality: number[];
  title: number[];
  dangling: boolean[];
  earlyPronoun: boolean[];
}

export function partsOf(infos: readonly SentenceInfo[], opts: SelectOptions): Parts {
  const doc: Bag = new Map();
  for (const s of infos) for (const [t, n] of s.bag) doc.set(t, (doc.get(t) ?? 0) + n);
  const title = opts.title ? bagOf(contentTokens(opts.title, opts.lang)) : undefined;
  let docNorm2 = 0;
  for (const n of doc.values()) docNorm2 += n * n;
  return {
    centrality: infos.map((s) => centrality(s, doc, docNorm2)),
    title: infos.map((s) => (title ? cosine(s.bag, title) : 0)),
    dangling: infos.map((s) => startsDangling(s.text, opts.lang)),
    earlyPronoun: infos.map((s) => hasEarlyPronoun(s.text, opts.lang)),
  };
}

/** One feature row per candidate (see FEATURES). */
export function sentenceFeatures(
  infos: readonly SentenceInfo[],
  opts: SelectOptions,
  parts: Parts = partsOf(infos, opts),
): number[][] {
  const last = Math.max(1, infos.length - 1);
  return infos.map((s, rank) => [
    1,
    1 / (1 + WEIGHTS.positionDecay * rank),
    rank === 0 ? 1 : 0,
    rank / last,
    parts.centrality[rank]!,
    parts.title[rank]!,
    Math.min(s.figures, 3) / 3,
    Math.log(Math.max(1, s.words)),
    s.words < WEIGHTS.minWords ? 1 : 0,
    s.words > WEIGHTS.maxWords ? 1 : 0,
    parts.dangling[rank] ? 1 : 0,
    parts.earlyPronoun[rank] ? 1 : 0,
    /[?:]$/.test(s.text) ? 1 : 0,
    QUOTE_START.test(s.text) ? 1 : 0,
  ]);
}

/** P(in the digest) under a model, per candidate. */
export function modelScores(rows: readonly number[][], weights: Record<FeatureName, number>): number[] {
  const w = FEATURES.map((k) => weights[k] ?? 0);
  return rows.map((x) => {
    let z = 0;
    for (let j = 0; j < w.length; j++) z += w[j]! * (x[j] ?? 0);
    return 1 / (1 + Math.exp(-z));
  });
}

/** The hand-tuned scores (position decay over raw indices, centrality, title, figures, length factors). */
export function scoreSentences(
  infos: readonly SentenceInfo[],
  opts: SelectOptions,
  parts: Parts = partsOf(infos, opts),
): number[] {
  return infos.map((s, k) => {
    let score =
      WEIGHTS.position / (1 + WEIGHTS.positionDecay * s.index) +
      WEIGHTS.centrality * parts.centrality[k]! +
      WEIGHTS.title * parts.title[k]! +
      (WEIGHTS.figures * Math.min(s.figures, 3)) / 3;
    if (s.words < WEIGHTS.minWords) score *= 0.2;
    else if (s.words > WEIGHTS.maxWords) score *= 0.7;
    if (/[?:]$/.test(s.text)) score *= 0.5;
    return score;
  });
}

/** Cosine similarity of a sentence with the rest of the document (document minus the sentence). */
function centrality(s: SentenceInfo, doc: Bag, docNorm2: number): number {
  let d = 0;
  let restNorm2 = docNorm2;
  for (const [t, x] of s.bag) {
    const total = doc.get(t) ?? 0;
    const rest = total - x;
    d += x * rest;
    restNorm2 += rest * rest - total * total;
  }
  return s.norm === 0 || restNorm2 <= 0 ? 0 : d / (s.norm * Math.sqrt(restNorm2));
}

function similarity(a: SentenceInfo, b: SentenceInfo): number {
  return a.norm === 0 || b.norm === 0 ? 0 : dot(a.bag, b.bag) / (a.norm * b.norm);
}

/** Datelines, headings and other short lines without final punctuation are never digest sentences. */
export function isFragment(s: SentenceInfo): boolean {
  return s.words < 4 || (s.words < 10 && !/[.!?…"“”»«')]$/u.test(s.text));
}

/** Indices of the chosen sentences, in original order. */
export function selectSentences(infos: readonly SentenceInfo[], opts: SelectOptions): number[] {
  const model = opts.model ?? LEARNED;
  const parts = partsOf(infos, opts);
  const scores = scoreSentences(infos, opts, parts);
  if (model.blend !== 0) {
    const p = modelScores(sentenceFeatures(infos, opts, parts), model.weights);
    for (let k = 0; k < scores.length; k++) scores[k] = scores[k]! + model.blend * p[k]!;
  }
  const byIndex = new Map(infos.map((s, k) => [s.index, scores[k] ?? 0]));
  const dangling = new Map(
    infos.map((s, k) => [
      s.index,
      parts.dangling[k] ? WEIGHTS.danglingStart : parts.earlyPronoun[k] ? WEIGHTS.earlyPronoun : 0,
    ]),
  );
  const minRelative = model.minRelative[opts.lang] ?? 0;
  const chosen: SentenceInfo[] = [];
  let chars = 0;
  const used = new Set<number>();
  let first = 0;
  while (chosen.length < opts.maxSentences) {
    const pick = bestCandidate(infos, { scores: byIndex, dangling }, chosen, used, opts.maxChars - chars);
    if (!pick) break;
    const score = byIndex.get(pick.index) ?? 0;
    if (chosen.length === 0) first = score;
    else if (score < minRelative * first) break;
    used.add(pick.index);
    chosen.push(pick);
    chars += pick.text.length + 1;
  }
  if (chosen.length === 0 && infos[0]) chosen.push(infos[0]);
  return chosen.map((s) => s.index).sort((a, b) => a - b);
}

interface Scored {
  scores: ReadonlyMap<number, number>;
  dangling: ReadonlyMap<number, number>;
}

function bestCandidate(
  infos: readonly SentenceInfo[],
  { scores, dangling }: Scored,
  chosen: readonly SentenceInfo[],
  used: ReadonlySet<number>,
  charsLeft: number,
): SentenceInfo | undefined {
  let best: SentenceInfo | undefined;
  let bestScore = 0;
  for (const s of infos) {
    if (used.has(s.index) || s.text.length > charsLeft || isFragment(s)) continue;
    let overlap = 0;
    for (const c of chosen) overlap = Math.max(overlap, similarity(s, c));
    if (overlap > 0.75) continue; // near-duplicate
    // static penalty: measured better than waiving it when the previous sentence is chosen
    const base = (scores.get(s.index) ?? 0) * (1 - (dangling.get(s.index) ?? 0));
    const score = base - WEIGHTS.redundancy * overlap;
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

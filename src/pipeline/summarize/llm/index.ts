/**
 * The LLM summarizer (registry name 'llm'): asks an OpenAI-compatible server for a short JSON digest in the
 * requested language and passes it through the figure guard. A rejected digest throws llm.figure_mismatch;
 * the summary service then falls back to the extractive digest.
 */
import { AppError } from '../../../domain/errors.js';
import type { DetectedLang, Digest, Lang, SummarizeInput, Summarizer } from '../../../domain/types.js';
import type { Logger } from '../../../log/index.js';
import { type GuardResult, guardDigest } from '../guard/index.js';
import { detectLanguage } from '../language.js';
import { segmentSentences } from '../segment.js';
import type { ChatClient } from './client.js';
import { answerToDigest, parseAnswer } from './parse.js';
import { buildMessages } from './prompt.js';
import type { SummaryStats } from './stats.js';

export interface DigestBudget {
  maxSentences: number;
  maxChars: number;
  maxFigures: number;
}

export interface LlmSummarizerOptions {
  client: ChatClient;
  budget: DigestBudget;
  defaultLanguage: Lang;
  log: Logger;
  stats: SummaryStats;
}

export function sourceLanguage(input: SummarizeInput): DetectedLang {
  return input.lang ?? detectLanguage(`${input.title ?? ''}\n${input.text}`);
}

export function targetLanguage(input: SummarizeInput, source: DetectedLang, fallback: Lang): Lang {
  return input.targetLang ?? (source === 'und' ? fallback : source);
}

export function createLlmSummarizer(o: LlmSummarizerOptions): Summarizer {
  return {
    name: 'llm',
    async summarize(input) {
      if (input.text.trim() === '') throw new AppError('input.empty');
      const sourceLang = sourceLanguage(input);
      const targetLang = targetLanguage(input, sourceLang, o.defaultLanguage);
      const b = {
        maxSentences: input.maxSentences ?? o.budget.maxSentences,
        maxChars: input.maxChars ?? o.budget.maxChars,
        maxFigures: input.maxFigures ?? o.budget.maxFigures,
      };
      const content = await o.client.complete(
        buildMessages({
          text: input.text,
          title: input.title,
          sourceName: input.source?.name,
          sourceLang,
          targetLang,
          ...b,
        }),
      );
      const draft = answerToDigest(parseAnswer(content), {
        targetLang,
        sourceLang,
        title: input.title,
        sourceSentences: segmentSentences(input.text, sourceLang),
        ...b,
      });
      checkLanguage(draft.sentences, targetLang);
      const digest: Digest = {
        ...draft,
        ...(input.articleId ? { articleId: input.articleId } : {}),
        source: { ...input.source, ...(input.url && !input.source?.url ? { url: input.url } : {}) },
        summarizer: 'llm',
      };
      const verdict = guardDigest(digest, { text: input.text, title: input.title, lang: sourceLang });
      return acceptGuarded(verdict, o, 'llm');
    },
  };
}

/** The answer must be in the language asked for (when detection can tell). */
function checkLanguage(sentences: string[], want: Lang): void {
  const got = detectLanguage(sentences.join(' '));
  if (got !== 'und' && got !== want)
    throw new AppError('llm.bad_response', `reply in ${got}, wanted ${want}`);
}

/** Count and log a guard verdict; the guarded digest, or llm.figure_mismatch when rejected. */
export function acceptGuarded(
  r: GuardResult,
  o: { log: Logger; stats: SummaryStats },
  what: 'llm' | 'translation',
): Digest {
  o.stats.guard[r.verdict]++;
  if (r.verdict !== 'pass') {
    const found = r.mismatches.map((m) => ({
      part: m.part,
      index: m.index,
      reason: m.reason,
      text: m.quantity.text,
    }));
    o.log.warn({ what, verdict: r.verdict, mismatches: found }, 'figure guard refused quantities');
  }
  if (!r.digest) {
    throw new AppError('llm.figure_mismatch', `${r.mismatches.length} unmatched quantities`, {
      count: r.mismatches.length,
    });
  }
  return r.digest;
}

/**
 * The composed summarizer: picks llm or extractive (per call or from SUMMARIZER), translates the extractive
 * digest when the requested language differs and a backend is configured, caches generated and translated
 * digests per (article, language, summarizer), and falls back to the extractive digest on any LLM failure.
 */
import type { Dispatcher } from 'undici';
import type { Config } from '../../config/index.js';
import { AppError, toErrorInfo } from '../../domain/errors.js';
import type { Digest, Lang, SummarizeInput, Summarizer } from '../../domain/types.js';
import type { Logger } from '../../log/index.js';
import type { Store } from '../../store/db.js';
import { summarize as extractive } from './extractive.js';
import { memoryBudget, storeBudget, type Budget } from './llm/budget.js';
import { articleKey, memoryCache, storeCache, type SummaryCache } from './llm/cache.js';
import { createChatClient } from './llm/client.js';
import { acceptGuarded, createLlmSummarizer, sourceLanguage, targetLanguage } from './llm/index.js';
import { countFallback, newStats, snapshot, type SummaryStats } from './llm/stats.js';
import { createTranslator, translateDigest, type Translator } from './translate/index.js';

export type { SummaryStats } from './llm/stats.js';

export interface SummaryServiceOptions {
  config: Config;
  store?: Store;
  log: Logger;
  /** undici dispatcher for the LLM and translation requests (tests, proxies). */
  dispatcher?: Dispatcher;
  /** First retry delay in ms (default 500; tests use less). */
  retryBaseMs?: number;
}

export interface SummaryService extends Summarizer {
  /** Counters: generated/translated digests, cache hits, guard verdicts, fallbacks by code. */
  stats(): SummaryStats;
  /** LLM requests counted today against LLM_DAILY_REQUESTS. */
  llmRequestsToday(): Promise<number>;
}

interface Parts {
  config: Config;
  log: Logger;
  stats: SummaryStats;
  cache: SummaryCache;
  llm?: Summarizer;
  translator?: Translator;
}

export function createSummaryService(o: SummaryServiceOptions): SummaryService {
  const { config } = o;
  const log = o.log.child({ component: 'summarize' });
  const stats = newStats();
  const cache = o.store ? storeCache(o.store.db) : memoryCache();
  const budget: Budget = o.store
    ? storeBudget(o.store.db, config.LLM_DAILY_REQUESTS)
    : memoryBudget(config.LLM_DAILY_REQUESTS);
  if (config.SUMMARIZER === 'llm' && !(config.LLM_BASE_URL && config.LLM_MODEL)) {
    log.warn('SUMMARIZER=llm but LLM_BASE_URL or LLM_MODEL is not set: digests stay extractive');
  }
  const parts: Parts = {
    config,
    log,
    stats,
    cache,
    llm: makeLlm(o, budget, stats, log),
    translator: makeTranslator(o, log),
  };
  return {
    name: config.SUMMARIZER,
    summarize: (input) => summarizeWith(parts, input),
    // extractive without a target language is the pure digest with these limits (see summarizeWith)
    extractiveLimits:
      config.SUMMARIZER === 'extractive'
        ? {
            maxSentences: config.DIGEST_MAX_SENTENCES,
            maxChars: config.DIGEST_MAX_CHARS,
            maxFigures: config.DIGEST_MAX_FIGURES,
          }
        : undefined,
    stats: () => snapshot(stats),
    llmRequestsToday: () => budget.used(),
  };
}

function makeLlm(
  o: SummaryServiceOptions,
  budget: Budget,
  stats: SummaryStats,
  log: Logger,
): Summarizer | undefined {
  const c = o.config;
  if (!c.LLM_BASE_URL || !c.LLM_MODEL) return undefined;
  const client = createChatClient({
    baseUrl: c.LLM_BASE_URL,
    apiKey: c.LLM_API_KEY,
    model: c.LLM_MODEL,
    timeoutMs: c.LLM_TIMEOUT_MS,
    maxRetries: c.LLM_MAX_RETRIES,
    concurrency: c.LLM_CONCURRENCY,
    budget,
    log,
    retryBaseMs: o.retryBaseMs,
    dispatcher: o.dispatcher,
  });
  const budgetOfDigest = {
    maxSentences: c.DIGEST_MAX_SENTENCES,
    maxChars: c.DIGEST_MAX_CHARS,
    maxFigures: c.DIGEST_MAX_FIGURES,
  };
  return createLlmSummarizer({
    client,
    budget: budgetOfDigest,
    defaultLanguage: c.DEFAULT_LANGUAGE,
    log,
    stats,
  });
}

function makeTranslator(o: SummaryServiceOptions, log: Logger): Translator | undefined {
  const c = o.config;
  if (!c.TRANSLATE_URL) return undefined;
  return createTranslator({
    url: c.TRANSLATE_URL,
    apiKey: c.TRANSLATE_API_KEY,
    timeoutMs: c.LLM_TIMEOUT_MS,
    maxRetries: c.LLM_MAX_RETRIES,
    log,
    retryBaseMs: o.retryBaseMs,
    dispatcher: o.dispatcher,
  });
}

function withDefaults(config: Config, input: SummarizeInput): SummarizeInput {
  return {
    ...input,
    maxSentences: input.maxSentences ?? config.DIGEST_MAX_SENTENCES,
    maxChars: input.maxChars ?? config.DIGEST_MAX_CHARS,
    maxFigures: input.maxFigures ?? config.DIGEST_MAX_FIGURES,
  };
}

async function summarizeWith(p: Parts, raw: SummarizeInput): Promise<Digest> {
  const input = withDefaults(p.config, raw);
  if (input.text.trim() === '') throw new AppError('input.empty', 'article text is empty');
  const name = chosenSummarizer(p, input.summarizer);
  if (name === 'llm' && p.llm) {
    const generated = await tryLlm(p, p.llm, input);
    if (generated) return generated;
  } else if (name === 'llm') countFallback(p.stats, 'llm.unavailable');
  return extractiveDigest(p, input);
}

/** The per-call choice, else SUMMARIZER; an unknown name (an old subscription row) is logged and not fatal. */
function chosenSummarizer(p: Parts, asked: string | undefined): 'llm' | 'extractive' {
  const name = asked ?? p.config.SUMMARIZER;
  if (name === 'llm' || name === 'extractive') return name;
  countFallback(p.stats, 'input.invalid_option');
  p.log.warn({ summarizer: name }, 'unknown summarizer; using the configured default');
  return p.config.SUMMARIZER;
}

async function tryLlm(p: Parts, llm: Summarizer, input: SummarizeInput): Promise<Digest | undefined> {
  const source = sourceLanguage(input);
  const key = {
    article: articleKey(input),
    language: targetLanguage(input, source, p.config.DEFAULT_LANGUAGE),
    summarizer: 'llm',
  };
  const cached = await readCache(p, key);
  if (cached) return cached;
  try {
    const d = await llm.summarize(input);
    p.stats.llmDigests++;
    await writeCache(p, key, d);
    return d;
  } catch (e) {
    const info = toErrorInfo(e);
    countFallback(p.stats, info.code);
    p.log.warn(
      { code: info.code, detail: info.detail, articleId: input.articleId },
      'llm digest failed; using extractive',
    );
    return undefined;
  }
}

async function extractiveDigest(p: Parts, input: SummarizeInput): Promise<Digest> {
  const d = extractive(input);
  const target = input.targetLang;
  if (d.note !== 'no_translation' || !target || !p.translator || (d.language !== 'de' && d.language !== 'en'))
    return d;
  const key = { article: articleKey(input), language: target, summarizer: 'extractive' };
  const cached = await readCache(p, key);
  if (cached) return cached;
  const translated = await tryTranslate(p, p.translator, d, input, target, d.language);
  if (translated) await writeCache(p, key, translated);
  return translated ?? d;
}

async function tryTranslate(
  p: Parts,
  t: Translator,
  d: Digest,
  input: SummarizeInput,
  target: Lang,
  from: Lang,
) {
  try {
    const verdict = await translateDigest(d, target, { text: input.text, title: input.title, lang: from }, t);
    const out = acceptGuarded(verdict, p, 'translation');
    p.stats.translatedDigests++;
    return out;
  } catch (e) {
    const info = toErrorInfo(e);
    countFallback(p.stats, info.code === 'llm.figure_mismatch' ? 'translate.figure_mismatch' : info.code);
    p.log.warn(
      { code: info.code, detail: info.detail, articleId: input.articleId },
      'translation failed; digest stays in the article language',
    );
    return undefined;
  }
}

async function readCache(p: Parts, key: { article: string; language: string; summarizer: string }) {
  try {
    const hit = await p.cache.get(key);
    if (hit) p.stats.cacheHits++;
    return hit;
  } catch (e) {
    p.log.warn({ code: toErrorInfo(e).code }, 'summary cache read failed');
    return undefined;
  }
}

async function writeCache(
  p: Parts,
  key: { article: string; language: string; summarizer: string },
  d: Digest,
) {
  try {
    await p.cache.put(key, d);
  } catch (e) {
    p.log.warn({ code: toErrorInfo(e).code }, 'summary cache write failed');
  }
}

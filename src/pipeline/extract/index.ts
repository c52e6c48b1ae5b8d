/**
 * Full text of an article page, never on the main thread: `extractArticle` hands the page to a worker thread
 * (./runner.ts) with a hard time limit and a heap cap, after cheap pre-limits (./prescan.ts); the extraction
 * itself is @mozilla/readability over a linkedom DOM (./article.ts). Every failure is an AppError with an
 * `extract.*` code (not_html, too_deep, too_large, timeout, no_content); callers fall back to the feed's text.
 */
import type { ExtractedArticle, PageInput } from './article.js';
import { createExtractor, type Extractor } from './runner.js';

export type { ExtractedArticle, PageInput } from './article.js';
export { type PageLimits, PAGE_LIMITS } from './prescan.js';
export { createExtractor, EXTRACT_TIMEOUT_MS, type Extractor, type ExtractorOptions } from './runner.js';
export { isTeaser, TEASER_CHARS } from './teaser.js';

let shared: Extractor | undefined;

/** Extract the main text of an article page (in the process's shared extraction worker). */
export function extractArticle(page: PageInput): Promise<ExtractedArticle> {
  shared ??= createExtractor();
  return shared.extract(page);
}

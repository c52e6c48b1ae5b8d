/** Worker thread of page extraction (./runner.ts): one message = one page; answers the article or a coded error. */
import { parentPort } from 'node:worker_threads';
import { AppError, ERROR_CODES } from '../../domain/errors.js';
import { type ExtractedArticle, extractInThread, type PageInput } from './article.js';
import type { PageLimits } from './prescan.js';

export interface ExtractRequest {
  id: number;
  page: PageInput;
  limits?: PageLimits;
}

export type ExtractReply =
  | { id: number; ok: true; article: ExtractedArticle }
  | { id: number; ok: false; code: string; message: string; params?: Record<string, string | number> };

function reply(req: ExtractRequest): ExtractReply {
  try {
    return { id: req.id, ok: true, article: extractInThread(req.page, req.limits) };
  } catch (e) {
    // a RangeError or a library's plain Error on a hostile page still gets a code
    const code = e instanceof AppError && ERROR_CODES.includes(e.code) ? e.code : 'extract.no_content';
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 200) ?? '';
    const params = e instanceof AppError ? e.params : undefined;
    return { id: req.id, ok: false, code, message, params };
  }
}

parentPort?.on('message', (req: ExtractRequest) => parentPort?.postMessage(reply(req)));
parentPort?.postMessage('ready');

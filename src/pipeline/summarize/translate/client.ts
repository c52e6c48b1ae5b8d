/** LibreTranslate-compatible client: POST {url}/translate {q: [...], source, target, format: 'text', api_key?}. */
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.js';
import type { Lang } from '../../../domain/types.js';
import type { Logger } from '../../../log/index.js';
import { isRetryableStatus, postJson, RetryableError, withRetries } from '../llm/http.js';

export interface Translator {
  /** Translate texts in one request; the result has the same length and order. */
  translate(texts: string[], source: Lang, target: Lang): Promise<string[]>;
}

export interface TranslatorOptions {
  url: string;
  apiKey?: string;
  timeoutMs: number;
  maxRetries: number;
  log: Logger;
  retryBaseMs?: number;
  dispatcher?: Dispatcher;
}

const CODES = {
  timeout: 'translate.unavailable',
  unavailable: 'translate.unavailable',
  bad: 'translate.unavailable',
} as const;
const responseSchema = z.object({ translatedText: z.union([z.string(), z.array(z.string())]) });

export function createTranslator(o: TranslatorOptions): Translator {
  const once = async (q: string[], source: Lang, target: Lang) => {
    const body = { q, source, target, format: 'text', ...(o.apiKey ? { api_key: o.apiKey } : {}) };
    const res = await postJson({
      url: `${o.url}/translate`,
      body,
      timeoutMs: o.timeoutMs,
      codes: CODES,
      dispatcher: o.dispatcher,
    });
    if (isRetryableStatus(res.status))
      throw new RetryableError('translate.unavailable', `HTTP ${res.status}`, res.retryAfterMs);
    if (res.status !== 200)
      throw new AppError('translate.unavailable', `HTTP ${res.status}`, { status: res.status });
    return readTranslations(res.text, q.length);
  };
  const retry = { retries: o.maxRetries, baseMs: o.retryBaseMs ?? 500, log: o.log, what: 'translate' };
  return {
    async translate(texts, source, target) {
      if (texts.length === 0 || source === target) return texts;
      return withRetries(
        () => once(texts, source, target),
        retry,
        (e) => e instanceof RetryableError,
      );
    },
  };
}

function readTranslations(text: string, count: number): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('translate.unavailable', 'response body is not JSON');
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) throw new AppError('translate.unavailable', 'no translatedText in the response');
  const out = parsed.data.translatedText;
  const list = Array.isArray(out) ? out : [out];
  if (list.length !== count)
    throw new AppError('translate.unavailable', `expected ${count} translations, got ${list.length}`);
  return list;
}

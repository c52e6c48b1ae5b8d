import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/errors.js';
import { memoryBudget } from '../../../src/pipeline/summarize/llm/budget.js';
import { createChatClient } from '../../../src/pipeline/summarize/llm/client.js';
import { createLogger } from '../../../src/log/index.js';
import { type LibreTranslateFake, startLibreTranslateFake } from '../fakes/libretranslate-fake.js';
import { type OpenAiFake, startOpenAiFake } from '../fakes/openai-fake.js';
import { API_KEY, bahn, fixture, harness } from './helpers.js';

let llm: OpenAiFake;
let lt: LibreTranslateFake;
beforeAll(async () => {
  llm = await startOpenAiFake();
  lt = await startLibreTranslateFake();
});
afterAll(async () => {
  await llm.close();
  await lt.close();
});

const TRANSLATE_KEY = 'lt-secret-key-98765';

describe('API keys never reach the logs', () => {
  it('across success, HTTP errors, retries, bad answers, guard refusals, budget and translation failures', async () => {
    const { service, lines } = harness({
      SUMMARIZER: 'llm',
      LLM_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'm',
      LLM_API_KEY: API_KEY,
      LLM_MAX_RETRIES: '1',
      LLM_DAILY_REQUESTS: '7',
      TRANSLATE_URL: lt.url,
      TRANSLATE_API_KEY: TRANSLATE_KEY,
    });
    llm.queue.push(
      { content: fixture('bahn-answer-en.json') },
      { status: 401, raw: '{"error":{"message":"invalid api key"}}' },
      { status: 500, raw: '{}' },
      { status: 500, raw: '{}' },
      { content: 'not json at all' },
      { content: '{"sentences":["It costs 99 billion euros."]}' },
      { status: 429, raw: '{}', headers: { 'retry-after': '0' } },
    );
    lt.failWith = 503;
    const ids = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
    for (const id of ids) await service.summarize({ ...bahn, articleId: id, targetLang: 'en' });
    const fallbacks = service.stats().fallbacks;
    expect(Object.keys(fallbacks).sort()).toEqual(
      [
        'llm.bad_response',
        'llm.budget_exhausted',
        'llm.figure_mismatch',
        'llm.unavailable',
        'translate.unavailable',
      ].sort(),
    );
    expect(llm.requests.every((r) => r.authorization === `Bearer ${API_KEY}`)).toBe(true);
    expect(lt.requests.some((r) => r.api_key === TRANSLATE_KEY)).toBe(true);
    expect(lines.length).toBeGreaterThan(5);
    const all = lines.join('\n');
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain(TRANSLATE_KEY);
  });

  it('errors thrown by the client carry no key', async () => {
    const lines: string[] = [];
    const client = createChatClient({
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: API_KEY,
      model: 'm',
      timeoutMs: 1000,
      maxRetries: 0,
      concurrency: 1,
      budget: memoryBudget(0),
      log: createLogger({ write: (l) => lines.push(l), level: 'trace' }),
    });
    const e = await client.complete([{ role: 'user', content: 'x' }]).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('llm.unavailable');
    expect(JSON.stringify(e) + String(e) + (e as Error).stack).not.toContain(API_KEY);
  });
});

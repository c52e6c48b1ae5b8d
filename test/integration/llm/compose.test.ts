import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { silentLogger } from '../../../src/log/index.js';
import { createSummaryService } from '../../../src/pipeline/summarize/service.js';
import { type LibreTranslateFake, startLibreTranslateFake } from '../fakes/libretranslate-fake.js';
import { type OpenAiFake, startOpenAiFake } from '../fakes/openai-fake.js';
import { bahn, fixture, harness } from './helpers.js';

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

describe('LLM and translation together', () => {
  it('a failed LLM call falls back to the extractive digest, translated when a backend exists', async () => {
    llm.queue.push({ status: 503, raw: '{}' });
    const { service } = harness({
      SUMMARIZER: 'llm',
      LLM_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'm',
      TRANSLATE_URL: lt.url,
    });
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d).toMatchObject({ summarizer: 'extractive', translated: true, language: 'en' });
    expect(d.generated).toBeFalsy();
    expect(service.stats()).toMatchObject({ fallbacks: { 'llm.unavailable': 1 }, translatedDigests: 1 });
  });

  it('the service asked for "llm" gives the guarded LLM digest, with the extractive fallback', async () => {
    llm.queue.push({ content: fixture('bahn-answer-en.json') }, { content: 'garbage' });
    const config = configWith({ LLM_BASE_URL: llm.baseUrl, LLM_MODEL: 'm', LLM_MAX_RETRIES: '0' });
    const service = createSummaryService({ config, log: silentLogger });
    const d = await service.summarize({ ...bahn, articleId: 'reg-1', targetLang: 'en', summarizer: 'llm' });
    expect(d.summarizer).toBe('llm');
    const fallback = await service.summarize({
      ...bahn,
      articleId: 'reg-2',
      targetLang: 'de',
      summarizer: 'llm',
    });
    expect(fallback.summarizer).toBe('extractive');
    expect(service.stats().fallbacks).toEqual({ 'llm.bad_response': 1 });
  });
});

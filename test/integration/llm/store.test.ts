import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import { storeBudget, utcDay } from '../../../src/pipeline/summarize/llm/budget.js';
import { pruneLlmUsage, pruneSummaryCache, storeCache } from '../../../src/pipeline/summarize/llm/cache.js';
import { type OpenAiFake, startOpenAiFake } from '../fakes/openai-fake.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';
import { API_KEY, bahn, fixture, harness } from './helpers.js';

let llm: OpenAiFake;
beforeAll(async () => {
  llm = await startOpenAiFake();
  llm.fallback = () => ({ content: fixture('bahn-answer-en.json') });
});
afterAll(async () => {
  await llm.close();
});

describe.each(STORE_KINDS)('LLM cache and budget in the $name store', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('budget counts per UTC day, stops at the limit and counts nothing past it', async () => {
    const t = await open();
    opened.push(t);
    const b = storeBudget(t.store.db, 2);
    const day1 = Date.UTC(2026, 10, 25, 23, 0);
    const day2 = Date.UTC(2026, 10, 26, 1, 0);
    expect([await b.take(day1), await b.take(day1), await b.take(day1)]).toEqual([true, true, false]);
    expect(await b.used(day1)).toBe(2);
    expect(await b.take(day2)).toBe(true);
    expect(await b.used(day2)).toBe(1);
    expect(utcDay(day1)).toBe('2026-11-25');
    const unlimited = storeBudget(t.store.db, 0);
    for (let i = 0; i < 3; i++) expect(await unlimited.take(day2)).toBe(true);
    expect(await unlimited.used(day2)).toBe(4);
  });

  it('cache stores one digest per (article, language, summarizer) and replaces on put', async () => {
    const t = await open();
    opened.push(t);
    const c = storeCache(t.store.db);
    const key = { article: 'a1', language: 'en', summarizer: 'llm' };
    const d = {
      language: 'en' as const,
      headline: 'H',
      sentences: ['S'],
      keyFigures: [],
      source: {},
      summarizer: 'llm',
      translated: true,
    };
    expect(await c.get(key)).toBeUndefined();
    await c.put(key, d);
    await c.put(key, { ...d, headline: 'H2' });
    expect((await c.get(key))?.headline).toBe('H2');
    expect(await c.get({ ...key, language: 'de' })).toBeUndefined();
    expect(await c.get({ ...key, summarizer: 'extractive' })).toBeUndefined();
  });

  it('prunes old cache entries and past budget days', async () => {
    const t = await open();
    opened.push(t);
    const c = storeCache(t.store.db);
    const d = {
      language: 'de' as const,
      headline: 'H',
      sentences: ['S'],
      keyFigures: [],
      source: {},
      summarizer: 'llm',
      translated: false,
    };
    const day = 86_400_000;
    const now = Date.UTC(2026, 10, 25, 12);
    await c.put({ article: 'old', language: 'de', summarizer: 'llm' }, d, now - 10 * day);
    await c.put({ article: 'new', language: 'de', summarizer: 'llm' }, d, now - day);
    expect(await pruneSummaryCache(t.store.db, 7 * day, now)).toBe(1);
    expect(await c.get({ article: 'old', language: 'de', summarizer: 'llm' })).toBeUndefined();
    expect(await c.get({ article: 'new', language: 'de', summarizer: 'llm' })).toBeDefined();
    const b = storeBudget(t.store.db, 5);
    await b.take(now - 2 * day);
    await b.take(now);
    expect(await pruneLlmUsage(t.store.db, now)).toBe(1);
    expect(await b.used(now)).toBe(1);
  });

  it('the service keeps cache and budget across a restart', async () => {
    const t = await open();
    opened.push(t);
    const settings = {
      SUMMARIZER: 'llm',
      LLM_BASE_URL: llm.baseUrl,
      LLM_MODEL: 'm',
      LLM_API_KEY: API_KEY,
      LLM_DAILY_REQUESTS: '2',
    };
    llm.requests.length = 0;
    const first = harness(settings, t.store).service;
    const a = await first.summarize({ ...bahn, articleId: 'r1', targetLang: 'en' });
    await first.summarize({ ...bahn, articleId: 'r2', targetLang: 'en' });

    // a second process on the same database
    const reopened = await openStore(t.url);
    try {
      const second = harness(settings, reopened).service;
      expect(await second.summarize({ ...bahn, articleId: 'r1', targetLang: 'en' })).toEqual(a);
      const c = await second.summarize({ ...bahn, articleId: 'r3', targetLang: 'en' });
      expect(c.summarizer).toBe('extractive');
      expect(second.stats()).toMatchObject({ cacheHits: 1, fallbacks: { 'llm.budget_exhausted': 1 } });
      expect(llm.requests).toHaveLength(2);
    } finally {
      await reopened.close();
    }
  });
});

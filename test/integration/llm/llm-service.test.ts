import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../../src/pipeline/summarize/render.js';
import { answer, type OpenAiFake, startOpenAiFake } from '../fakes/openai-fake.js';
import { API_KEY, bahn, fixture, harness } from './helpers.js';

let llm: OpenAiFake;
beforeAll(async () => {
  llm = await startOpenAiFake();
});
afterAll(async () => {
  await llm.close();
});
beforeEach(() => {
  llm.queue.length = 0;
  llm.requests.length = 0;
  llm.maxInFlight = 0;
});

const goodAnswer = fixture('bahn-answer-en.json');
const good = JSON.parse(goodAnswer) as { headline: string; sentences: string[] };
const settings = () => ({
  SUMMARIZER: 'llm',
  LLM_BASE_URL: llm.baseUrl,
  LLM_MODEL: 'test-model',
  LLM_API_KEY: API_KEY,
});

describe('LLM summarizer through the service', () => {
  it('a good generated digest passes the guard and records llm/generated/translated', async () => {
    llm.queue.push({ content: goodAnswer });
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d).toMatchObject({ summarizer: 'llm', generated: true, translated: true, language: 'en' });
    expect(d.sentences).toEqual(good.sentences);
    expect(d.keyFigures.map((f) => [f.value, f.qualifier])).toEqual([
      [2.3e9, ''],
      [1200, 'up to'],
      [3.5, ''],
    ]);
    expect(d.keyFigures[1]).toMatchObject({ sourceText: 'bis zu 1.200 Anlagen', sentenceIndex: 3 });
    expect(service.stats().guard).toEqual({ pass: 1, repaired: 0, rejected: 0 });
    const shown = renderText(d, 'en');
    expect(shown).toContain('AI summary');
    expect(shown).toContain('up to 1,200 signal boxes');
    expect(renderText(d, 'de')).toContain('KI-Zusammenfassung');

    const req = llm.requests[0]!;
    expect(req.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.body.model).toBe('test-model');
    expect(req.body.response_format).toEqual({ type: 'json_object' });
    expect(req.body.messages?.[0]?.content).toContain('Write in English');
    expect(req.body.messages?.[1]?.content).toContain('bis zu 1.200 Anlagen');
    expect(req.body.messages?.[1]?.content).toContain(`Title: ${bahn.title}`);
  });

  it('drops a sentence with an invented number (repaired)', async () => {
    const sentences = [good.sentences[0]!, 'About 4,000 engineers will be hired.', good.sentences[2]!];
    llm.queue.push({ content: answer({ sentences }) });
    const { service, lines } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d.summarizer).toBe('llm');
    expect(d.sentences).toEqual([good.sentences[0], good.sentences[2]]);
    expect(service.stats().guard.repaired).toBe(1);
    expect(lines.some((l) => l.includes('figure guard refused') && l.includes('4,000'))).toBe(true);
  });

  const ok = 'Punctuality in long-distance traffic was 64 percent.';
  it.each([
    ['changed qualifier', '1,200 signal boxes will be replaced.'],
    ['changed qualifier (more than)', 'More than 1,200 signal boxes will be replaced.'],
    ['wrong unit', 'It invests 2.3 billion dollars.'],
    ['wrong year', 'The plan runs until 2032.'],
  ])('%s in one of two sentences → repaired', async (_name, bad) => {
    llm.queue.push({ content: answer({ sentences: [bad, ok] }) });
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d.summarizer).toBe('llm');
    expect(d.sentences).toEqual([ok]);
    expect(service.stats().guard).toEqual({ pass: 0, repaired: 1, rejected: 0 });
  });

  it.each([
    ['changed qualifier', ['1,200 signal boxes will be replaced.']],
    ['wrong unit', ['It invests 2.3 billion dollars.']],
    ['wrong year', ['The plan runs until 2032.']],
    ['invented figures', ['It has 9,000 boxes.', 'It invests 7 billion euros.', 'Twelve centres.']],
  ])('%s → rejected, extractive digest used', async (_name, sentences) => {
    llm.queue.push({ content: answer({ sentences }) });
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d.summarizer).toBe('extractive');
    expect(d.generated).toBeFalsy();
    expect(d.note).toBe('no_translation');
    expect(service.stats().guard.rejected).toBe(1);
    expect(service.stats().fallbacks).toEqual({ 'llm.figure_mismatch': 1 });
  });

  it.each([
    ['malformed JSON', { content: 'Here is your summary: {"sentences": [' }, 'llm.bad_response'],
    ['JSON without sentences', { content: '{"summary": "x"}' }, 'llm.bad_response'],
    ['non-JSON body', { raw: '<html>proxy error</html>' }, 'llm.bad_response'],
    ['HTTP 400', { status: 400, raw: '{"error":{"message":"bad model"}}' }, 'llm.unavailable'],
    ['a body over 2 MB', { content: 'x'.repeat(3 * 1024 * 1024) }, 'llm.bad_response'],
    ['HTTP 503', { status: 503, raw: '{"error":{"message":"overloaded"}}' }, 'llm.unavailable'],
  ])('%s → extractive fallback', async (_name, reply, code) => {
    // every request gets this reply (a 400 is asked once more without JSON mode)
    llm.fallback = () => reply;
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'de' });
    expect(d.summarizer).toBe('extractive');
    expect(service.stats().fallbacks).toEqual({ [code]: 1 });
  });

  it('retries server errors with backoff, up to LLM_MAX_RETRIES, and not client errors', async () => {
    llm.queue.push({ status: 503, raw: '{}' }, { status: 429, raw: '{}', headers: { 'retry-after': '0' } });
    llm.queue.push({ content: goodAnswer });
    const { service } = harness({ ...settings(), LLM_MAX_RETRIES: '2' });
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d.summarizer).toBe('llm');
    expect(llm.requests).toHaveLength(3);

    llm.requests.length = 0;
    llm.queue.push({ status: 500, raw: '{}' }, { status: 500, raw: '{}' }, { status: 500, raw: '{}' });
    const again = await service.summarize({ ...bahn, articleId: 'other', targetLang: 'en' });
    expect(again.summarizer).toBe('extractive');
    expect(llm.requests).toHaveLength(3);

    llm.requests.length = 0;
    llm.queue.push({ status: 401, raw: '{}' });
    await service.summarize({ ...bahn, articleId: 'third', targetLang: 'en' });
    expect(llm.requests).toHaveLength(1);
  });

  it('a timeout falls back to extractive', async () => {
    llm.queue.push({ content: goodAnswer, delayMs: 2500 });
    const { service } = harness({ ...settings(), LLM_TIMEOUT_MS: '1000' });
    const d = await service.summarize({ ...bahn, targetLang: 'de' });
    expect(d.summarizer).toBe('extractive');
    expect(service.stats().fallbacks).toEqual({ 'llm.timeout': 1 });
  });

  it('an exhausted daily budget falls back without calling the server', async () => {
    llm.fallback = () => ({ content: goodAnswer });
    const { service } = harness({ ...settings(), LLM_DAILY_REQUESTS: '2' });
    const digests = [];
    for (const id of ['a', 'b', 'c', 'd'])
      digests.push(await service.summarize({ ...bahn, articleId: id, targetLang: 'en' }));
    expect(digests.map((d) => d.summarizer)).toEqual(['llm', 'llm', 'extractive', 'extractive']);
    expect(llm.requests).toHaveLength(2);
    expect(service.stats().fallbacks).toEqual({ 'llm.budget_exhausted': 2 });
    expect(await service.llmRequestsToday()).toBe(2);
  });

  it('caches per article and language: one call per language', async () => {
    llm.fallback = (req) =>
      req.body.messages?.[0]?.content.includes('Write in German')
        ? { content: answer({ sentences: ['Die Bahn investiert bis 2030 insgesamt 2,3 Milliarden Euro.'] }) }
        : { content: goodAnswer };
    const { service } = harness(settings());
    const en1 = await service.summarize({ ...bahn, targetLang: 'en' });
    const en2 = await service.summarize({ ...bahn, targetLang: 'en' });
    const de = await service.summarize({ ...bahn, targetLang: 'de' });
    expect(en2).toEqual(en1);
    expect(de.language).toBe('de');
    expect(de.translated).toBe(false);
    expect(llm.requests).toHaveLength(2);
    expect(service.stats().cacheHits).toBe(1);
  });

  it('caps requests in flight at LLM_CONCURRENCY', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((r) => {
      open = r;
    });
    llm.fallback = () => ({ content: goodAnswer, until: gate });
    const { service } = harness({ ...settings(), LLM_CONCURRENCY: '2' });
    const ids = ['1', '2', '3', '4', '5', '6'];
    const all = Promise.all(ids.map((id) => service.summarize({ ...bahn, articleId: id, targetLang: 'en' })));
    // hold the answers until two requests are in flight (bounded wait)
    for (let i = 0; i < 500 && llm.requests.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    open();
    const out = await all;
    expect(out.every((d) => d.summarizer === 'llm')).toBe(true);
    expect(llm.requests).toHaveLength(6);
    expect(llm.maxInFlight).toBe(2);
  });

  it('per-call override: summarizer extractive skips the LLM; llm without a server falls back', async () => {
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, summarizer: 'extractive' });
    expect(d.summarizer).toBe('extractive');
    expect(llm.requests).toHaveLength(0);
    const bare = harness({ SUMMARIZER: 'extractive' }).service;
    expect((await bare.summarize({ ...bahn, summarizer: 'llm' })).summarizer).toBe('extractive');
    expect(bare.stats().fallbacks).toEqual({ 'llm.unavailable': 1 });
    const unknown = await bare.summarize({ ...bahn, summarizer: 'gpt' });
    expect(unknown.summarizer).toBe('extractive');
    expect(bare.stats().fallbacks).toEqual({ 'llm.unavailable': 1, 'input.invalid_option': 1 });
    expect(llm.requests).toHaveLength(0);
  });

  it('a server that refuses JSON mode (LM Studio) is asked again without response_format', async () => {
    llm.fallback = (req) =>
      req.body.response_format
        ? { status: 400, raw: "{\"error\":\"'response_format.type' must be 'json_schema' or 'text'\"}" }
        : { content: goodAnswer };
    const { service } = harness(settings());
    const d1 = await service.summarize({ ...bahn, articleId: 'lm1', targetLang: 'en' });
    const d2 = await service.summarize({ ...bahn, articleId: 'lm2', targetLang: 'en' });
    expect([d1.summarizer, d2.summarizer]).toEqual(['llm', 'llm']);
    expect(llm.requests.map((r) => r.body.response_format !== undefined)).toEqual([true, false, false]);
  });

  it('rejects a reply in the wrong language', async () => {
    llm.queue.push({ content: goodAnswer });
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'de' });
    expect(d.summarizer).toBe('extractive');
    expect(service.stats().fallbacks).toEqual({ 'llm.bad_response': 1 });
  });
});

afterAll(() => {
  llm.fallback = () => ({ status: 500, raw: '{}' });
});

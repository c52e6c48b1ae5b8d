import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../../src/pipeline/summarize/render.js';
import {
  glossaryTranslate,
  type LibreTranslateFake,
  startLibreTranslateFake,
} from '../fakes/libretranslate-fake.js';
import { bahn, fixture, harness } from './helpers.js';

let lt: LibreTranslateFake;
beforeAll(async () => {
  lt = await startLibreTranslateFake();
});
afterAll(async () => {
  await lt.close();
});
beforeEach(() => {
  lt.requests.length = 0;
  lt.translate = glossaryTranslate;
  lt.failWith = undefined;
  lt.apiKey = undefined;
});

const settings = () => ({ TRANSLATE_URL: lt.url, TRANSLATE_API_KEY: 'lt-key-123456' });

describe('translation backend for the extractive digest', () => {
  it('translates a German digest into English; figures pass the guard; the note goes', async () => {
    lt.apiKey = 'lt-key-123456';
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d).toMatchObject({
      summarizer: 'extractive',
      translated: true,
      language: 'en',
      requestedLanguage: 'en',
    });
    expect(d.note).toBeUndefined();
    expect(d.sentences[0]).toContain('2.3 billion euros');
    const shown = d.keyFigures.map((f) => [f.value, f.qualifier]);
    expect(shown).toContainEqual([1200, 'up to']);
    expect(d.keyFigures.find((f) => f.value === 1200)?.sourceText).toBe('bis zu 1.200 Anlagen');
    expect(service.stats()).toMatchObject({ translatedDigests: 1, guard: { pass: 1 } });
    expect(lt.requests[0]).toMatchObject({
      source: 'de',
      target: 'en',
      format: 'text',
      api_key: 'lt-key-123456',
    });
    const text = renderText(d, 'en');
    expect(text).toContain('up to 1,200 facilities');
    expect(text).toContain('Machine-translated');
  });

  it('translates an English digest into German (the other direction)', async () => {
    const { service } = harness(settings());
    const text = fixture('market-en.txt');
    const d = await service.summarize({ text, title: 'Shipping group beats forecasts', targetLang: 'de' });
    expect(d).toMatchObject({ translated: true, language: 'de' });
    expect(d.sentences.join(' ')).toContain('4,2 Prozent');
    expect(lt.requests[0]).toMatchObject({ source: 'en', target: 'de' });
    expect(d.keyFigures.every((f) => ['', 'mehr als', 'zwischen'].includes(f.qualifier))).toBe(true);
    // "between $2.9 and $3.0 billion" is one range, its qualifier translated from the fixed table
    expect(d.keyFigures.find((f) => f.valueMax !== undefined)).toMatchObject({
      value: 2.9e9,
      valueMax: 3e9,
      qualifier: 'zwischen',
    });
  });

  it('a translation that changes a number is repaired or rejected by the guard', async () => {
    lt.translate = (q, s, t) => glossaryTranslate(q, s, t).replace('2.3 billion', '3.2 billion');
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d.sentences.join(' ')).not.toContain('3.2 billion');
    expect(d.keyFigures.some((f) => f.text.includes('3.2 billion'))).toBe(false);
    const g = service.stats().guard;
    expect(g.repaired + g.rejected).toBe(1);
  });

  it('a translation that loses every number is rejected: the German digest stays with its note', async () => {
    lt.translate = (q) => q.replace(/\d/g, '7');
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d).toMatchObject({ language: 'de', translated: false, note: 'no_translation' });
    expect(service.stats().fallbacks).toEqual({ 'translate.figure_mismatch': 1 });
  });

  it('backend errors and a wrong api key leave the note in place', async () => {
    lt.failWith = 500;
    const { service } = harness(settings());
    const d = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(d.note).toBe('no_translation');
    lt.failWith = undefined;
    lt.apiKey = 'another-key';
    const d2 = await service.summarize({ ...bahn, articleId: 'x2', targetLang: 'en' });
    expect(d2.note).toBe('no_translation');
    expect(service.stats().fallbacks).toEqual({ 'translate.unavailable': 2 });
  });

  it('without a backend the engine note stays; same language needs no translation', async () => {
    const bare = harness({}).service;
    expect((await bare.summarize({ ...bahn, targetLang: 'en' })).note).toBe('no_translation');
    const { service } = harness(settings());
    const same = await service.summarize({ ...bahn, targetLang: 'de' });
    expect(same).toMatchObject({ language: 'de', translated: false });
    expect(lt.requests).toHaveLength(0);
  });

  it('caches the translation per article and language', async () => {
    const { service } = harness(settings());
    const a = await service.summarize({ ...bahn, targetLang: 'en' });
    const b = await service.summarize({ ...bahn, targetLang: 'en' });
    expect(b).toEqual(a);
    expect(lt.requests).toHaveLength(1);
  });
});

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import { guardDigest } from '../../../src/pipeline/summarize/guard/index.js';
import { renderText } from '../../../src/pipeline/summarize/render.js';
import { type LibreTranslateFake, startLibreTranslateFake } from '../fakes/libretranslate-fake.js';
import { type OpenAiFake, startOpenAiFake } from '../fakes/openai-fake.js';
import { API_KEY, fixture, harness, SEED, seedExists } from './helpers.js';

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

/** A self-written German article with the seed's two key figures, so the test always runs. */
const OWN_ARTICLE = [
  'Südkoreas Geheimdienst berichtet von einer Ausbildung nordkoreanischer Truppen in Russland.',
  'Demnach werden derzeit 1.500 nordkoreanische Soldaten in einem Lager bei Wladiwostok auf einen Einsatz vorbereitet.',
  'Nach Einschätzung aus Seoul könnten später bis zu 12.000 nordkoreanische Soldaten an die Front verlegt werden.',
  'Moskau äußerte sich zunächst nicht zu den Berichten.',
].join('\n');

const articles = [
  { name: 'self-written German fixture', skip: false, text: () => OWN_ARTICLE },
  {
    name: 'seed ../shared/seeds/000_38e3ebc082b94ae7.txt',
    skip: !seedExists,
    text: () => readFileSync(SEED, 'utf8'),
  },
];

function expectSeedFigures(d: Digest, text: string) {
  expect(d.language).toBe('en');
  const figures = d.keyFigures.map((f) => [f.value, f.qualifier]);
  expect(figures).toContainEqual([1500, '']);
  expect(figures).toContainEqual([12000, 'up to']);
  const shown = renderText(d, 'en');
  expect(shown).toContain('1,500');
  expect(shown).toContain('up to 12,000');
  // the delivered digest passes the guard again on its own
  expect(guardDigest(d, { text, lang: 'de' }).verdict).toBe('pass');
}

describe.each(articles)('German article requested in English: $name', ({ skip, text }) => {
  it.skipIf(skip)(
    'through the LLM fake: English digest, figures 1,500 and up to 12,000 pass the guard',
    async () => {
      if (skip) return;
      llm.queue.push({ content: fixture('seed-answer-en.json') });
      const { service } = harness({
        SUMMARIZER: 'llm',
        LLM_BASE_URL: llm.baseUrl,
        LLM_MODEL: 'm',
        LLM_API_KEY: API_KEY,
      });
      const d = await service.summarize({ text: text(), lang: 'de', targetLang: 'en' });
      expect(d).toMatchObject({ summarizer: 'llm', generated: true, translated: true });
      expect(service.stats().guard).toEqual({ pass: 1, repaired: 0, rejected: 0 });
      expectSeedFigures(d, text());
    },
  );

  it.skipIf(skip)(
    'through the LibreTranslate fake: translated extractive digest with the same figures',
    async () => {
      if (skip) return;
      const { service } = harness({ TRANSLATE_URL: lt.url });
      const d = await service.summarize({ text: text(), targetLang: 'en' });
      expect(d).toMatchObject({ summarizer: 'extractive', translated: true });
      expect(d.note).toBeUndefined();
      expectSeedFigures(d, text());
    },
  );
});

it.skipIf(seedExists)('seed article test skipped: ../shared/seeds is absent', () => {
  expect(seedExists).toBe(false);
});

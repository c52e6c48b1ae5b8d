/**
 * The seed article (../shared/seeds, read in place, skipped when absent): with and without a feed title and with
 * English requested but no translation backend, no figure is shown twice and every figure reads as the article
 * writes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/domain/types.js';
import { segmentSentences, summarize } from '../../../src/pipeline/summarize/index.js';
import { renderMarkdown, renderText } from '../../../src/pipeline/summarize/render.js';

const SEED = fileURLToPath(new URL('../../../../shared/seeds/000_38e3ebc082b94ae7.txt', import.meta.url));
const TITLE = 'NATO-Chef Rutte warnt Russland und Nordkorea';

function expectOnceEach(d: Digest): void {
  const keys = d.keyFigures.map((f) => `${f.value}|${f.valueMax ?? ''}`);
  expect(new Set(keys).size, keys.join(', ')).toBe(keys.length);
}

describe.skipIf(!existsSync(SEED))(`seed digest figures (skipped without ${SEED})`, () => {
  const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  const runs = {
    'without a title': summarize({ text }),
    'with a title': summarize({ text, title: TITLE }),
    'with --lang en and no translation': summarize({ text, title: TITLE, targetLang: 'en' }),
  };

  it.each(Object.entries(runs))('%s: no figure twice, each verbatim in its sentence', (_name, d) => {
    expect(d.keyFigures.length).toBeGreaterThan(0);
    expectOnceEach(d);
    const sentences = segmentSentences(text, d.language);
    for (const f of d.keyFigures) expect(sentences[f.sentenceIndex]).toContain(f.text);
    expect(d.keyFigures.map((f) => f.value)).toContain(12_000);
  });

  it('with --lang en and no translation, figures read as the article writes them', () => {
    const d = runs['with --lang en and no translation'];
    expect(d.note).toBe('no_translation');
    const text = renderText(d, 'en');
    const markdown = renderMarkdown(d, 'en');
    expect(text).toContain('12.000 nordkoreanische Soldaten');
    expect(markdown).toContain('12\\.000 nordkoreanische Soldaten');
    for (const out of [text, markdown]) expect(out).not.toMatch(/\d,\d{3}/);
    const lines = renderText(d, 'en')
      .split('\n')
      .filter((l) => l.startsWith('• '));
    expect(lines).toEqual(d.keyFigures.map((f) => `• ${f.text}`));
  });
});

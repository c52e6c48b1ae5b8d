import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { segmentSentences, summarize } from '../../../src/pipeline/summarize/index.js';

// The development sets are read in place (never copied into the repo); skipped when ../shared is absent.
const EVAL = fileURLToPath(new URL('../../../../shared/eval/', import.meta.url));
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe.each(['de', 'en'] as const)('faithfulness on ../shared/eval/%s-dev.jsonl', (lang) => {
  const file = `${EVAL}${lang}-dev.jsonl`;
  it.skipIf(!existsSync(file))(
    `every sentence and key figure is in the article (skipped without ${file})`,
    () => {
      const docs = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { text: string });
      expect(docs.length).toBeGreaterThan(50);
      let figures = 0;
      for (const doc of docs) {
        const d = summarize({ text: doc.text });
        const source = squash(doc.text);
        const sentences = segmentSentences(doc.text, d.language);
        expect(d.language).toBe(lang);
        expect(d.sentences.length).toBeGreaterThan(0);
        expect(d.sentences.length).toBeLessThanOrEqual(3);
        expect(d.keyFigures.length).toBeLessThanOrEqual(5);
        for (const s of d.sentences) expect(source).toContain(s.replace(/…$/, ''));
        for (const f of d.keyFigures) {
          expect(sentences[f.sentenceIndex]).toContain(f.text);
          expect(Number.isFinite(f.value)).toBe(true);
          figures++;
        }
      }
      expect(figures).toBeGreaterThan(docs.length);
    },
  );
});

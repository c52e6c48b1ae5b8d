import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Digest, KeyFigure } from '../../../src/domain/types.js';
import { guardDigest } from '../../../src/pipeline/summarize/guard/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/llm/${name}`, import.meta.url), 'utf8');
const sourceDe = {
  text: fixture('bahn-de.txt'),
  title: 'Bahn investiert in Stellwerke',
  lang: 'de' as const,
};
const sourceEn = {
  text: fixture('market-en.txt'),
  title: 'Shipping group beats forecasts',
  lang: 'en' as const,
};

function figure(text: string, value: number, unit = '', qualifier = ''): KeyFigure {
  return { text, value, unit, qualifier, sentenceIndex: 0 };
}

function digest(sentences: string[], keyFigures: KeyFigure[] = [], language: 'de' | 'en' = 'en'): Digest {
  return {
    language,
    headline: 'Deutsche Bahn modernises signal boxes',
    sentences,
    keyFigures,
    source: {},
    summarizer: 'llm',
    translated: true,
    generated: true,
  };
}

/** English lines that say what the German article says, figures included. */
const goodEn = fixture('bahn-en.txt').trim().split('\n');

describe('figure guard, German source and English digest', () => {
  it('passes a faithful English digest with its figures', () => {
    const d = digest(goodEn, [
      figure('up to 1,200 signal boxes', 1200, 'signal boxes', 'up to'),
      figure('2.3 billion euros', 2.3e9, 'euros'),
      figure('3.5 percent of cancellations', 3.5, 'percent'),
    ]);
    const r = guardDigest(d, sourceDe);
    expect(r.mismatches).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.digest).toBe(d);
  });

  it('drops a sentence with an invented number and keeps the rest (repaired)', () => {
    const d = digest([goodEn[0]!, 'About 4,000 workers will be trained.', goodEn[2]!]);
    const r = guardDigest(d, sourceDe);
    expect(r.verdict).toBe('repaired');
    expect(r.digest?.sentences).toEqual([goodEn[0], goodEn[2]]);
    expect(r.mismatches).toMatchObject([{ part: 'sentence', index: 1, reason: 'unknown_number' }]);
  });

  it('refuses "bis zu 1.200" turned into "1,200" or "more than 1,200"', () => {
    for (const wrong of [
      '1,200 facilities will be replaced.',
      'More than 1,200 facilities will be replaced.',
    ]) {
      const r = guardDigest(digest([wrong]), sourceDe);
      expect(r.verdict).toBe('rejected');
      expect(r.mismatches[0]?.reason).toBe('qualifier');
    }
    expect(guardDigest(digest(['Up to 1,200 facilities will be replaced.']), sourceDe).verdict).toBe('pass');
  });

  it('refuses a wrong unit: 3.5 percent is not 3.5 million euros', () => {
    const r = guardDigest(digest(['Outages cost 3.5 million euros.', goodEn[2]!]), sourceDe);
    expect(r.verdict).toBe('repaired');
    expect(r.mismatches[0]?.reason).toBe('unknown_number');
    const unit = guardDigest(digest(['It invests 2.3 billion dollars.']), sourceDe);
    expect(unit.mismatches[0]?.reason).toBe('unit');
  });

  it('refuses a wrong year', () => {
    const r = guardDigest(digest(['The plan runs until 2031.']), sourceDe);
    expect(r.verdict).toBe('rejected');
    expect(r.mismatches[0]).toMatchObject({ reason: 'year', quantity: { value: 2031 } });
    expect(guardDigest(digest(['The plan runs until 2030.']), sourceDe).verdict).toBe('pass');
  });

  it('drops a key figure whose number is invented or whose value contradicts its text', () => {
    const d = digest(goodEn, [
      figure('up to 1,200 signal boxes', 1200, 'signal boxes', 'up to'),
      figure('up to 1,500 signal boxes', 1500, 'signal boxes', 'up to'),
      figure('64 percent punctuality', 46, '%'),
    ]);
    const r = guardDigest(d, sourceDe);
    expect(r.verdict).toBe('repaired');
    expect(r.digest?.sentences).toEqual(goodEn);
    expect(r.digest?.keyFigures.map((f) => f.text)).toEqual(['up to 1,200 signal boxes']);
  });

  it('drops a key figure whose rendering would lose the qualifier or change the unit', () => {
    const d = digest(goodEn, [
      figure('up to 1,200 signal boxes', 1200, 'signal boxes', ''),
      figure('2.3 billion euros', 2.3e9, '$'),
      figure('64 percent punctuality', 64, '%'),
    ]);
    const r = guardDigest(d, sourceDe);
    expect(r.digest?.keyFigures.map((f) => f.text)).toEqual(['64 percent punctuality']);
    expect(r.mismatches.map((m) => m.reason)).toEqual(['qualifier', 'unit']);
  });

  it('replaces a headline with an invented number by the source title', () => {
    const d = { ...digest(goodEn), headline: 'Bahn spends 5 billion' };
    const r = guardDigest(d, sourceDe);
    expect(r.verdict).toBe('repaired');
    expect(r.digest?.headline).toBe(sourceDe.title);
    expect(guardDigest(d, { ...sourceDe, title: undefined }).verdict).toBe('rejected');
  });

  it('rejects when more than half of the sentences must go', () => {
    const d = digest(['It invests 9 billion euros.', 'It has 7,000 boxes.', goodEn[2]!]);
    expect(guardDigest(d, sourceDe).verdict).toBe('rejected');
  });
});

describe('figure guard, English source and German digest', () => {
  it('passes German writing of English figures', () => {
    const d = digest(
      [
        'Die Aktie stieg am Freitag um 4,2 Prozent, der Quartalsumsatz lag bei 3,1 Milliarden Dollar.',
        'Der Konzern betreibt mehr als 140 Containerschiffe und will 2025 etwa 900 Seeleute einstellen.',
        'Analysten hatten zwischen 2,9 und 3,0 Milliarden Dollar erwartet.',
      ],
      [figure('3,1 Milliarden Dollar Umsatz', 3.1e9, 'Dollar')],
      'de',
    );
    const r = guardDigest(d, sourceEn);
    expect(r.mismatches).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('passes common paraphrase forms of the same figures', () => {
    const d = digest(
      [
        'Der Umsatz stieg auf 3,1 Mrd. US-Dollar, nach 2,7 Milliarden $ im Vorjahr.',
        'Die Flotte umfasst mehr als 140 Schiffe; 2025 sollen rund 900 Seeleute dazukommen.',
        'Die Treibstoffkosten sanken im Quartal um 11 %.',
      ],
      [],
      'de',
    );
    const r = guardDigest(d, sourceEn);
    expect(r.mismatches).toEqual([]);
    const en = digest(['The group earned $3.1bn, up from $2.7bn; fuel costs fell 11%.'], [], 'en');
    expect(guardDigest(en, sourceEn).verdict).toBe('pass');
  });

  it('refuses a range turned into a single figure and a percent changed', () => {
    const r = guardDigest(
      digest(
        [
          'Analysten hatten 2,9 Milliarden Dollar erwartet.',
          'Die Treibstoffkosten sanken um 12 Prozent.',
          'Die Aktie stieg um 4,2 Prozent.',
        ],
        [],
        'de',
      ),
      sourceEn,
    );
    expect(r.mismatches.map((m) => [m.index, m.reason])).toEqual([
      [0, 'qualifier'],
      [1, 'unknown_number'],
    ]);
    expect(r.verdict).toBe('rejected');
  });

  it('refuses the wrong currency', () => {
    const r = guardDigest(digest(['Der Umsatz lag bei 3,1 Milliarden Euro.'], [], 'de'), sourceEn);
    expect(r.mismatches[0]?.reason).toBe('unit');
  });
});

describe('figures shown as written (dates, scores, odds)', () => {
  const source = {
    text: 'Der Klub gewann am 12. September mit 2:1. Das Rückspiel ist am 3. Oktober. Die Quote lag bei 40/1.',
    lang: 'de' as const,
  };
  const written = (text: string, sourceText?: string): KeyFigure => ({
    ...figure(text, Number.parseInt(text.replace(/^\D+/, ''), 10)),
    valueText: text,
    ...(sourceText ? { sourceText } : {}),
  });
  const de = (keyFigures: KeyFigure[]): Digest => ({
    ...digest(['Der Klub gewann am 12. September mit 2:1.'], keyFigures, 'de'),
    translated: false,
    generated: false,
  });

  it('pass when they stand verbatim in the article', () => {
    const r = guardDigest(de([written('am 12. September'), written('2:1'), written('40/1')]), source);
    expect(r.verdict).toBe('pass');
  });

  it('pass translated when their source phrase is in the article with the same digits', () => {
    const r = guardDigest(
      digest(['The club won 2-1 on 12 September.'], [written('on 12 September', 'am 12. September')]),
      source,
    );
    expect(r.mismatches.filter((m) => m.part === 'figure')).toEqual([]);
  });

  it('are refused when the article does not say them or a digit changed', () => {
    const r = guardDigest(
      de([written('am 13. September'), written('3:1'), written('on 13 September', 'am 12. September')]),
      source,
    );
    expect(r.verdict).toBe('repaired');
    expect(r.digest?.keyFigures).toEqual([]);
  });
});

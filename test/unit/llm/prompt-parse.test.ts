import { describe, expect, it } from 'vitest';
import { answerToDigest, parseAnswer, withinBudget } from '../../../src/pipeline/summarize/llm/parse.js';
import { buildMessages, capText, MAX_INPUT_CHARS } from '../../../src/pipeline/summarize/llm/prompt.js';
import { translateQualifier } from '../../../src/pipeline/summarize/translate/qualifiers.js';

const sentence = (i: number) =>
  `Der Stadtrat beriet in seiner ${i}. Sitzung erneut über den Haushalt, z. B. über Schulen.`;
const long = Array.from({ length: 300 }, (_, i) => sentence(i + 1)).join(' ');

describe('prompt', () => {
  it('caps the article at about 8,000 characters at a sentence boundary', () => {
    const capped = capText(long, 'de');
    expect(long.length).toBeGreaterThan(MAX_INPUT_CHARS * 2);
    expect(capped.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(capped.length).toBeGreaterThan(MAX_INPUT_CHARS - 200);
    expect(capped.endsWith('über Schulen.')).toBe(true);
    expect(capText('Kurz.', 'de')).toBe('Kurz.');
  });

  it('asks for JSON in the requested language with the digest budget, title and source', () => {
    const [system, user] = buildMessages({
      text: long,
      title: 'Haushalt',
      sourceName: 'Stadtanzeiger',
      sourceLang: 'de',
      targetLang: 'en',
      maxSentences: 2,
      maxChars: 400,
      maxFigures: 4,
    });
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('Write in English');
    expect(system?.content).toContain('at most 2 sentences and 400 characters');
    expect(system?.content).toContain('at most 4 key figures');
    expect(user?.content).toMatch(/^Title: Haushalt\nSource: Stadtanzeiger\nArticle:\n/);
    expect(user!.content.length).toBeLessThan(MAX_INPUT_CHARS + 100);
  });
});

describe('answer parsing', () => {
  it('reads JSON inside code fences and text around it', () => {
    const a = parseAnswer('Sure!\n```json\n{"sentences": ["A."], "keyFigures": []}\n```');
    expect(a.sentences).toEqual(['A.']);
  });

  it.each(['no json here', '{"sentences": "not a list"}', '{"sentences": []}', '{bad json}'])(
    'refuses %s with llm.bad_response',
    (content) => {
      expect(() => parseAnswer(content)).toThrow(expect.objectContaining({ code: 'llm.bad_response' }));
    },
  );

  it('keeps the sentence and character budget', () => {
    expect(withinBudget(['One.', 'Two.', 'Three.', 'Four.'], 3, 600)).toEqual(['One.', 'Two.', 'Three.']);
    expect(withinBudget(['A'.repeat(300), 'B'.repeat(300), 'C.'], 3, 400)).toEqual(['A'.repeat(300)]);
    expect(withinBudget(['  spaced   out  ', ''], 3, 600)).toEqual(['spaced out']);
  });

  it('reads figure values from their text and finds the source sentence', () => {
    const d = answerToDigest(
      {
        sentences: ['Up to 12,000 soldiers could follow.'],
        keyFigures: [
          {
            text: 'up to 12,000 soldiers',
            value: '12.000',
            unit: 'soldiers',
            qualifier: 'up to',
            source: 'bis zu 12.000 Soldaten',
          },
          { text: 'between 10 and 20 percent', value: 10 },
        ],
      },
      {
        targetLang: 'en',
        sourceLang: 'de',
        sourceSentences: ['Es beginnt.', 'Es könnten bis zu 12.000 Soldaten folgen.'],
        maxSentences: 3,
        maxChars: 600,
        maxFigures: 5,
      },
    );
    expect(d).toMatchObject({
      language: 'en',
      generated: true,
      translated: true,
      headline: 'Up to 12,000 soldiers could follow.',
    });
    expect(d.keyFigures[0]).toMatchObject({
      value: 12000,
      sentenceIndex: 1,
      sourceText: 'bis zu 12.000 Soldaten',
    });
    expect(d.keyFigures[1]).toMatchObject({ value: 10, valueMax: 20, unit: '%', sentenceIndex: 0 });
  });

  it('takes the qualifier from the figure text and finds the sentence by value without a source phrase', () => {
    const d = answerToDigest(
      {
        sentences: ['Es geht um bis zu 12.000 Soldaten.'],
        keyFigures: [{ text: 'bis zu 12.000 Soldaten', qualifier: '' }],
      },
      {
        targetLang: 'de',
        sourceLang: 'en',
        sourceSentences: ['It starts.', 'Up to 12,000 soldiers could follow.'],
        maxSentences: 3,
        maxChars: 600,
        maxFigures: 5,
      },
    );
    expect(d.keyFigures[0]).toMatchObject({ value: 12000, qualifier: 'bis zu', sentenceIndex: 1 });
    expect(d.keyFigures[0]?.sourceText).toBeUndefined();
  });
});

describe('qualifier table', () => {
  it('translates qualifiers both ways and keeps unknown ones', () => {
    expect(translateQualifier('bis zu', 'de', 'en')).toBe('up to');
    expect(translateQualifier('Mehr als', 'de', 'en')).toBe('more than');
    expect(translateQualifier('up to', 'en', 'de')).toBe('bis zu');
    expect(translateQualifier('as many as', 'en', 'de')).toBe('bis zu');
    expect(translateQualifier('rund', 'de', 'de')).toBe('rund');
    expect(translateQualifier('sagenhafte', 'de', 'en')).toBe('sagenhafte');
  });
});

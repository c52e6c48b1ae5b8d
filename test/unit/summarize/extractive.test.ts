import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Digest, Summarizer } from '../../../src/domain/types.js';
import {
  extractiveSummarizer,
  getSummarizer,
  listSummarizers,
  registerSummarizer,
  segmentSentences,
  summarize,
} from '../../../src/pipeline/summarize/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, ' ');

function expectFaithful(d: Digest, text: string): void {
  const source = squash(text);
  for (const s of d.sentences) expect(source).toContain(s);
  for (const f of d.keyFigures) expect(source).toContain(f.text);
  const sentences = segmentSentences(text, d.language);
  for (const f of d.keyFigures) expect(sentences[f.sentenceIndex]).toContain(f.text);
}

describe('summarize (German fixture)', () => {
  const text = fixture('de-hafen.txt');
  const d = summarize({ text });

  it('detects German, uses the first line as headline and keeps 2-3 sentences from the article', () => {
    expect(d.language).toBe('de');
    expect(d.headline).toBe('Kieler Hafen plant Ausbau für 2,3 Milliarden Euro');
    expect(d.sentences.length).toBeGreaterThanOrEqual(2);
    expect(d.sentences.length).toBeLessThanOrEqual(3);
    expect(d.sentences.join(' ').length).toBeLessThanOrEqual(600);
    expect(d.sentences).not.toContain('KIEL (dpa) -');
    expectFaithful(d, text);
  });

  it('keeps the sentences in article order', () => {
    const all = segmentSentences(text, 'de');
    const positions = d.sentences.map((s) => all.indexOf(s));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('finds the key figures with value, unit and qualifier; dates and years only as the time of an event', () => {
    // one digest sentence: the key figures carry what it does not say
    const one = summarize({ text, maxSentences: 1 });
    expect(one.keyFigures.length).toBeLessThanOrEqual(5);
    const byText = new Map(one.keyFigures.map((f) => [f.text, f]));
    expect(byText.get('bis zu 4.000 Container')).toMatchObject({
      value: 4000,
      unit: 'Container',
      qualifier: 'bis zu',
    });
    expect(byText.get('mehr als 1.200 neuen Arbeitsplätzen')).toMatchObject({ value: 1200 });
    // the 2,3 Milliarden of the digest sentence (and of the headline) are not repeated as a figure ...
    expect(one.sentences[0]).toContain('rund 2,3 Milliarden Euro');
    expect(one.keyFigures.filter((f) => f.value === 2.3e9)).toHaveLength(0);
    // ... unless there is room to spare, and then once, after what the sentence does not say
    const roomy = summarize({ text, maxSentences: 1, maxFigures: 10 });
    const said = roomy.keyFigures.filter((f) => f.value === 2.3e9);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ value: 2.3e9, unit: 'Euro' });
    const at = (value: number) => roomy.keyFigures.findIndex((f) => f.value === value);
    expect(at(2.3e9)).toBeGreaterThan(at(1200));
    for (const f of [...one.keyFigures, ...d.keyFigures]) {
      if (/Oktober|2026|2034/.test(f.text)) expect(f.text).toMatch(/^(?:am 3\. Oktober 2026|für 2034)$/);
    }
    expect(one.keyFigures[0]?.text).toBe('bis zu 4.000 Container');
  });

  it('says that no translation exists when English is requested', () => {
    const en = summarize({ text, targetLang: 'en' });
    expect(en).toMatchObject({
      language: 'de',
      requestedLanguage: 'en',
      translated: false,
      note: 'no_translation',
    });
    expect(en.sentences).toEqual(d.sentences);
    expect(summarize({ text, targetLang: 'de' }).note).toBeUndefined();
  });

  it('does not repeat the title when the text starts with it', () => {
    const titled = summarize({
      text: `Kieler Hafen plant Ausbau für 2,3 Milliarden Euro.\n${text}`,
      title: 'Kieler Hafen plant Ausbau für 2,3 Milliarden Euro',
    });
    expect(titled.sentences[0]).not.toMatch(/^Kieler Hafen plant/);
  });

  it('honours maxSentences, maxFigures and a given title', () => {
    const short = summarize({ text, maxSentences: 1, maxFigures: 2, title: 'Hafen wächst' });
    expect(short.sentences).toHaveLength(1);
    expect(short.keyFigures).toHaveLength(2);
    expect(short.headline).toBe('Hafen wächst');
  });
});

describe('summarize (English fixture)', () => {
  const text = fixture('en-council.txt');
  const d = summarize({ text, url: 'https://example.org/flood', articleId: 'a1' });

  it('summarizes in English with money, percent and counts', () => {
    expect(d.language).toBe('en');
    expect(d.articleId).toBe('a1');
    expect(d.source.url).toBe('https://example.org/flood');
    expectFaithful(d, text);
    const one = summarize({ text, maxSentences: 1 });
    expectFaithful(one, text);
    const texts = one.keyFigures.map((f) => f.text);
    expect(one.sentences[0]).toContain('$2.5 billion');
    expect(texts).not.toContain('$2.5 billion');
    expect(texts).toContain('up to 40,000 homes');
    expect(texts).toContain('more than 1,800 jobs');
    expect(one.keyFigures.find((f) => f.text === 'about 4.5%')?.value).toBe(4.5);
  });
});

describe('summarize: edge cases', () => {
  it('rejects empty text with input.empty', () => {
    expect(() => summarize({ text: '  \n ' })).toThrowError(expect.objectContaining({ code: 'input.empty' }));
  });

  it('summarizes a one-sentence text and a text in another language', () => {
    expect(summarize({ text: 'Der Zug fährt um acht.' }).sentences).toEqual(['Der Zug fährt um acht.']);
    const fr = summarize({
      text: 'Le gouvernement a présenté son budget. Les syndicats protestent contre les mesures.',
    });
    expect(fr.language).toBe('und');
    expect(fr.sentences.length).toBeGreaterThan(0);
  });
});

describe('summarize: untrusted input', () => {
  it('cuts a run-on text without punctuation to the character budget', () => {
    const text = `${'wort '.repeat(5000)}und am Ende 12.000 Soldaten`;
    const d = summarize({ text, maxChars: 300 });
    expect(d.sentences).toHaveLength(1);
    expect(d.sentences[0]!.length).toBeLessThanOrEqual(301);
    expect(d.sentences[0]!.endsWith('…')).toBe(true);
    expect(d.keyFigures[0]?.text).toBe('12.000 Soldaten');
  });

  it('keeps markup-like feed text as plain text (rendering escapes it)', () => {
    const d = summarize({
      text: 'Die Stadt meldet <script>alert(1)</script> 300 neue Fälle. Das ist ein neuer Rekord für die Stadt.',
    });
    expect(d.sentences[0]).toContain('<script>');
  });
});

describe('key figure choice', () => {
  it('takes ages and skips a singular noun after a number ("a top six finish")', () => {
    const text =
      'The 39-year-old coach signed a new deal on Friday. His team, which hopes for a top six finish, won six games in a row.';
    const d = summarize({ text, lang: 'en' });
    const texts = d.keyFigures.map((f) => f.text);
    expect(texts).toContain('39-year-old');
    expect(texts).toContain('six games');
    expect(texts).not.toContain('six finish');
  });
});

describe('registry', () => {
  it('has the extractive summarizer by default and accepts new ones by name', async () => {
    expect(getSummarizer('extractive')).toBe(extractiveSummarizer);
    const echo: Summarizer = {
      name: 'test-echo',
      summarize: async (input) => ({ ...summarize(input), summarizer: 'test-echo' }),
    };
    registerSummarizer(echo);
    expect(listSummarizers()).toContain('test-echo');
    const d = await getSummarizer('test-echo')!.summarize({ text: 'Ein Satz über 20 Bäume im Park.' });
    expect(d.summarizer).toBe('test-echo');
    expect(getSummarizer('nope')).toBeUndefined();
    expect((await extractiveSummarizer.summarize({ text: 'Ein Satz.' })).summarizer).toBe('extractive');
  });
});

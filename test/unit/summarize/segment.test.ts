import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { segmentSentences, segmentSpans } from '../../../src/pipeline/summarize/segment.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url), 'utf8');

describe('segmentSentences (German)', () => {
  it('keeps abbreviations inside the sentence', () => {
    const text =
      'Das gilt z. B. für Kiel, u. a. für den Hafen, d. h. für alle. Dr. Meier und Prof. Schulz kamen mit Zug Nr. 5 bzw. Bus. ' +
      'Es kostet ca. 3 Mio. Euro bzw. 0,2 Mrd. Euro, im 19. Jh. war es weniger usw. Die Anlage steht in St. Peter.';
    expect(segmentSentences(text, 'de')).toEqual([
      'Das gilt z. B. für Kiel, u. a. für den Hafen, d. h. für alle.',
      'Dr. Meier und Prof. Schulz kamen mit Zug Nr. 5 bzw. Bus.',
      'Es kostet ca. 3 Mio. Euro bzw. 0,2 Mrd. Euro, im 19. Jh. war es weniger usw.',
      'Die Anlage steht in St. Peter.',
    ]);
  });

  it('does not split ordinals and dates, but splits after a year or number at the end', () => {
    const text =
      'Am 3. Oktober feierte die Stadt. Im 20. Jahrhundert war das anders. Der Bau endete am 24.10.2022. Es kamen 1.500 Gäste. Die Quote lag bei 3,5. Das war 2019. Danach kam die Flut.';
    expect(segmentSentences(text, 'de')).toEqual([
      'Am 3. Oktober feierte die Stadt.',
      'Im 20. Jahrhundert war das anders.',
      'Der Bau endete am 24.10.2022.',
      'Es kamen 1.500 Gäste.',
      'Die Quote lag bei 3,5.',
      'Das war 2019.',
      'Danach kam die Flut.',
    ]);
  });

  it('handles German quotes, guillemets, ellipses, questions and exclamations', () => {
    const text =
      '„Wir sind froh.“ Er lachte. Sie sagte: »Das reicht.« Dann ging sie... Wirklich? Ja! „Kommt ihr?“, fragte er.';
    expect(segmentSentences(text, 'de')).toEqual([
      '„Wir sind froh.“',
      'Er lachte.',
      'Sie sagte: »Das reicht.«',
      'Dann ging sie...',
      'Wirklich?',
      'Ja!',
      '„Kommt ihr?“, fragte er.',
    ]);
  });

  it('treats headlines, datelines and paragraphs as boundaries and joins hard-wrapped lines', () => {
    const text =
      'Neue Brücke für Kiel\n\nBERLIN (dpa) - Die Brücke ist fertig. Sie wurde\ngestern eröffnet.\nZweiter Absatz ohne Punkt\nDritter Absatz.';
    expect(segmentSentences(text, 'de')).toEqual([
      'Neue Brücke für Kiel',
      'BERLIN (dpa) -',
      'Die Brücke ist fertig.',
      'Sie wurde gestern eröffnet.',
      'Zweiter Absatz ohne Punkt',
      'Dritter Absatz.',
    ]);
  });

  it('splits the self-written German fixture as expected', () => {
    const sentences = segmentSentences(fixture('de-hafen.txt'), 'de');
    expect(sentences).toHaveLength(16);
    expect(sentences).toContain('Das kündigte Wirtschaftsministerin Dr. Anna Petersen am Montag in Kiel an.');
    expect(sentences).toContain(
      'Sie befürchten, dass die Ausbaggerung der Förde z. B. Laichgebiete des Herings zerstört.',
    );
    expect(sentences).toContain('Der erste Bauabschnitt soll am 3. Oktober 2026 beginnen.');
  });
});

describe('segmentSentences (English)', () => {
  it('keeps abbreviations, initials and decimal numbers inside the sentence', () => {
    const text =
      'The U.S. economy grew 2.5 percent, Mr. Smith said. It added 1,500 jobs, e.g. in retail. John F. Kennedy Airport reopened at 3 p.m. Friday. Growth hit 1.5. Jobs rose.';
    expect(segmentSentences(text, 'en')).toEqual([
      'The U.S. economy grew 2.5 percent, Mr. Smith said.',
      'It added 1,500 jobs, e.g. in retail.',
      'John F. Kennedy Airport reopened at 3 p.m. Friday.',
      'Growth hit 1.5.',
      'Jobs rose.',
    ]);
  });

  it('ends a sentence after an abbreviation when a typical opener follows', () => {
    expect(segmentSentences('Prices rose in the U.S. The reason was the heat.', 'en')).toEqual([
      'Prices rose in the U.S.',
      'The reason was the heat.',
    ]);
  });

  it('ends a sentence after a contraction but not after an initial', () => {
    expect(
      segmentSentences("It was better than Don't Push It's. Don't ask why. Ask Mary J. Blige.", 'en'),
    ).toEqual(["It was better than Don't Push It's.", "Don't ask why.", 'Ask Mary J. Blige.']);
  });

  it('handles quotes and ellipses', () => {
    const text = '"We are pleased." He smiled… Then it rained. “Is it over?” she asked.';
    expect(segmentSentences(text, 'en')).toEqual([
      '"We are pleased."',
      'He smiled…',
      'Then it rained.',
      '“Is it over?” she asked.',
    ]);
  });

  it('splits the self-written English fixture', () => {
    const sentences = segmentSentences(fixture('en-council.txt'), 'en');
    expect(sentences[0]).toBe('City council approves $2.5 billion flood defence plan');
    expect(sentences).toContain(
      'Some residents of the U.S. Route 9 corridor said they had been left out of the consultation, e.g. those living north of the bridge.',
    );
    expect(sentences).toHaveLength(11);
  });
});

describe('segmentSpans', () => {
  it('reports offsets that point at the sentence in the input', () => {
    const text = '  Erster Satz.   Zweiter Satz!\n\nDritter Satz?';
    for (const s of segmentSpans(text, 'de')) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('returns nothing for blank input', () => {
    expect(segmentSentences(' \n\n\t ', 'de')).toEqual([]);
  });
});

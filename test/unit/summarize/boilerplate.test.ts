import { describe, expect, it } from 'vitest';
import {
  type BoilerplateKind,
  boilerplateSentences,
  lineBoilerplate,
  sentenceBoilerplate,
  withoutFurniture,
} from '../../../src/pipeline/summarize/boilerplate.js';
import { segmentSpans } from '../../../src/pipeline/summarize/segment.js';
import { summarize } from '../../../src/pipeline/summarize/index.js';

// Short self-written lines, one per rule; each real sentence next to them must stay a candidate.
const REAL = [
  'Der Stadtrat von Kassel hat am Dienstag den Bau von 200 neuen Wohnungen beschlossen.',
  'Mehr als 300 Menschen demonstrierten am Abend vor dem Rathaus gegen die Pläne.',
  'The council approved the new budget on Tuesday after a long debate.',
  'Read the report, the minister told reporters, before judging the plan.',
  'Related costs rose by 4 per cent last year, the company said.',
  'Zum Thema Wohnungsbau äußerte sich der Bürgermeister nicht.',
  'Quellen aus dem Ministerium bestätigten den Bericht am Montag.',
  'Sie sagte, die Stadt werde die Pläne im Herbst vorlegen.',
];

describe('lineBoilerplate', () => {
  it.each<[string, BoilerplateKind]>([
    ['Weiterführendes zum Thema – Stadt plant neue Brücke über den Fluss.', 'navigation'],
    ['Mehr zum Thema: Wie die Stadt ihre Brücken saniert', 'navigation'],
    ['Lesen Sie auch: Die Brücke ist gesperrt.', 'navigation'],
    ['Das könnte Sie auch interessieren', 'navigation'],
    ['Read more: Council votes on new bridge.', 'navigation'],
    ['Related: The bridge that nobody wanted.', 'navigation'],
    ['Sign up for our daily newsletter to get the news first.', 'navigation'],
    ['Follow us on Twitter and Facebook for more stories.', 'navigation'],
    ['Click here to see the full gallery of the bridge.', 'navigation'],
    ['Foto: Max Muster', 'credit'],
    ['Bild: Stadt Kassel/Archiv', 'credit'],
    ['Quelle: Statistisches Landesamt', 'credit'],
    ['Photo: City of Springfield', 'credit'],
    ["The Daily's John Doe contributed to this report.", 'credit'],
    ['Reporting by Jane Roe; Editing by Max Muster', 'credit'],
    ['© Muster Verlag 2024', 'credit'],
    ['The mayor on the bridge, Getty Images', 'credit'],
    ['(dpa)', 'agency'],
    ['(APA, 3.4.2016)', 'agency'],
    ['(red, 12. 5. 2016)', 'agency'],
    ['dpa/AFP', 'agency'],
    ['Politik | Wirtschaft | Sport | Kultur', 'link-list'],
    ['Home • News • Lokales • Kassel', 'link-list'],
  ])('%s → %s', (line, kind) => {
    expect(lineBoilerplate(line)).toBe(kind);
  });

  it.each(REAL)('keeps a real sentence: %s', (line) => {
    expect(lineBoilerplate(line)).toBeUndefined();
  });
});

describe('sentenceBoilerplate (structural rules)', () => {
  const kinds = (text: string, title?: string, headlineLine?: number) => {
    const sentences = segmentSpans(text, 'de');
    return sentences.map((s, i) => [
      s.text,
      sentenceBoilerplate(i, { sentences, text, title, headlineLine }),
    ]);
  };

  it('a heading-like line without final punctuation is no sentence', () => {
    const text = `${REAL[0]}\nNeue Wohnungen für die Innenstadt\n${REAL[1]}`;
    expect(kinds(text).map((k) => k[1])).toEqual([undefined, 'heading', undefined]);
  });

  it('a short label, a dash and a title later in the article is a teaser line, without any lexicon word', () => {
    const text = `${REAL[0]}\n${REAL[1]}\nAuch spannend im Ressort – Kassel baut eine neue Brücke über die Fulda.`;
    expect(kinds(text).map((k) => k[1])).toEqual([undefined, undefined, 'label-line']);
  });

  it('a dateline with a dash at the start of the article is not a label line', () => {
    const text = `Kassel – Der Stadtrat hat am Dienstag den Bau von 200 neuen Wohnungen beschlossen.\n${REAL[1]}`;
    expect(kinds(text).map((k) => k[1])).toEqual([undefined, undefined]);
    const withHeadline = `Kassel baut Wohnungen\nKassel – Der Stadtrat hat am Dienstag den Bau beschlossen.\n${REAL[1]}`;
    expect(kinds(withHeadline, undefined, 0).map((k) => k[1])).toEqual(['heading', undefined, undefined]);
  });

  it('a dash inside a running paragraph is not a label line', () => {
    const text = `${REAL[0]} Das Ergebnis – Der Rat stimmte mit großer Mehrheit für die Pläne der Stadt.`;
    expect(kinds(text).map((k) => k[1])).toEqual([undefined, undefined]);
  });

  it('a later line repeating the headline or the feed title is boilerplate', () => {
    const title = 'Kassel baut 200 neue Wohnungen in der Innenstadt';
    const text = `${REAL[0]}\n${REAL[1]}\nKassel baut 200 neue Wohnungen in der Innenstadt.`;
    expect(kinds(text, title).map((k) => k[1])).toEqual([undefined, undefined, 'repeated-headline']);
    const labelled = `${REAL[0]}\n${REAL[1]}\nTopthema: Kassel baut 200 neue Wohnungen in der Innenstadt.`;
    expect(kinds(labelled, title).map((k) => k[1])).toEqual([undefined, undefined, 'repeated-headline']);
    expect(kinds(text).map((k) => k[1])).toEqual([undefined, undefined, undefined]);
  });

  it('boilerplateSentences collects the indices', () => {
    const text = `${REAL[0]}\nFoto: Max Muster\n${REAL[1]}\n(dpa)`;
    const sentences = segmentSpans(text, 'de');
    expect([...boilerplateSentences({ sentences, text })]).toEqual([
      [1, 'credit'],
      [3, 'agency'],
    ]);
  });
});

describe('page furniture glued to a sentence', () => {
  it('drops the label and keeps the sentence', () => {
    const rest = 'The council approved the new budget on Tuesday after a long debate.';
    expect(withoutFurniture(`Scroll down for video ${rest}`)).toBe(rest);
    expect(lineBoilerplate(`Scroll down for video ${rest}`)).toBeUndefined();
    expect(withoutFurniture('Scroll down for video')).toBeUndefined();
    expect(lineBoilerplate('Scroll down for video')).toBe('navigation');
    expect(withoutFurniture(rest)).toBeUndefined();
  });
});

describe('summarize never picks boilerplate', () => {
  const article = [
    'Die Stadt Kassel baut bis 2028 insgesamt 200 neue Wohnungen in der Innenstadt.',
    'Der Stadtrat hat den Plan am Dienstag mit großer Mehrheit beschlossen.',
    'Foto: Stadt Kassel',
    'Lesen Sie auch: Die Stadt Kassel baut neue Wohnungen für Familien in der Innenstadt.',
    'Die Kosten für die neuen Wohnungen in der Innenstadt liegen bei 80 Millionen Euro.',
    'Wohnungen Innenstadt Kassel | Wohnungen Kassel Stadtrat | Neue Wohnungen Kassel',
    'Auch spannend im Ressort – Die Stadt Kassel baut neue Wohnungen in der Innenstadt.',
    '(dpa)',
  ].join('\n');

  it('with and without a title, German and English target', () => {
    for (const input of [
      { text: article },
      { text: article, title: 'Kassel baut neue Wohnungen' },
      { text: article, targetLang: 'en' as const },
    ]) {
      const d = summarize(input);
      expect(d.sentences.length).toBeGreaterThan(0);
      for (const s of d.sentences) expect(lineBoilerplate(s)).toBeUndefined();
      expect(d.sentences.join(' ')).not.toMatch(/Lesen Sie|Foto:|Ressort|\||\(dpa\)/);
    }
  });
});

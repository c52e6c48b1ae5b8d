/**
 * Key figures, one class at a time, on short self-written sentences: event dates and years, scores, odds, ages,
 * repeats across wordings, the ranking by position, and the extraction bugs (a noun across a sentence break, a
 * name after a count, a club number).
 */
import { describe, expect, it } from 'vitest';
import type { KeyFigure } from '../../../src/domain/types.js';
import { extractQuantities } from '../../../src/pipeline/summarize/figures.js';
import { summarize } from '../../../src/pipeline/summarize/index.js';
import { selectKeyFigures } from '../../../src/pipeline/summarize/keyfigures.js';
import { formatFigure } from '../../../src/pipeline/summarize/render.js';

/** Key figures of sentences, as if none of them were in the digest. */
function figures(sentences: string[], lang: 'de' | 'en', max = 5): KeyFigure[] {
  const located = sentences.flatMap((s, sentenceIndex) =>
    extractQuantities(s, lang).map((q) => ({ q, sentenceIndex })),
  );
  return selectKeyFigures(located, sentences.length, max);
}

const texts = (sentences: string[], lang: 'de' | 'en', max = 5) =>
  figures(sentences, lang, max).map((f) => f.text);

describe('event dates', () => {
  it('are figures, shown as written with their preposition, where something happens on that date', () => {
    const de = figures(['Die Gemeinde wählt am 12. September einen neuen Rat.'], 'de');
    expect(de.map((f) => [f.text, formatFigure(f, 'de'), formatFigure(f, 'en')])).toEqual([
      ['am 12. September', 'am 12. September', 'am 12. September'],
    ]);
    expect(texts(['Voters go to the polls on May 7 in every district.'], 'en')).toEqual(['on May 7']);
    expect(texts(['Ab 1. Januar gilt die neue Gebühr.'], 'de')).toEqual(['Ab 1. Januar']);
  });

  it('are no figures when the date is only named', () => {
    expect(texts(['Der 12. September war ein Montag.'], 'de')).toEqual([]);
    expect(texts(['May 7 is a public holiday.'], 'en')).toEqual([]);
  });
});

describe('event years', () => {
  it('are figures with the phrase that makes them a time ("im Jahr 2011", "seit 1939")', () => {
    expect(texts(['Das Bild entstand im Jahr 2011 in Paris.'], 'de')).toEqual(['im Jahr 2011']);
    expect(texts(['Es ist der erste Sieg seit 1939 für das Team.'], 'de')).toEqual(['seit 1939']);
    expect(texts(['The couple split briefly in 2007.'], 'en')).toEqual(['in 2007']);
    expect(texts(['Der Klub führt erstmals seit der Meistersaison 2012/13.'], 'de')).toEqual([
      'seit der Meistersaison 2012/13',
    ]);
    const shown = figures(['Das Bild entstand im Jahr 2011.'], 'de')[0]!;
    expect(formatFigure(shown, 'de')).toBe('im Jahr 2011');
  });

  it('include a decade or span whole ("in die 1980er-Jahre", "2008-2013"), never a cut "1980"', () => {
    expect(texts(['Der Brauch hielt sich bis in die 1980er-Jahre.'], 'de')).toEqual(['in die 1980er-Jahre']);
    expect(texts(['Das war in den 1990er Jahren üblich.'], 'de')).toEqual(['in den 1990er Jahren']);
    expect(texts(['Disco was popular in the 1970s.'], 'en')).toEqual(['in the 1970s']);
    expect(texts(['Das galt in der Periode 2008-2013 nicht.'], 'de')).toEqual(['in der Periode 2008-2013']);
  });

  it('are figures in the name of an event ("WM 2014", "Rennen 2015")', () => {
    expect(texts(['Er holte bei der WM 2014 in Brasilien den Titel.'], 'de')).toEqual(['bei der WM 2014']);
    expect(texts(['Sie gewann das Rennen 2015 überlegen.'], 'de')).toEqual(['Rennen 2015']);
  });

  it('take at most three of the five places, so amounts keep room', () => {
    const got = texts(
      [
        'Die Proben beginnen am 4. August.',
        'Premiere ist am 13. August, weitere Termine folgen am 16. August und am 22. August.',
        'Für die Übertragung stehen 11 Kameras und 40 Techniker bereit.',
      ],
      'de',
    );
    expect(got.filter((t) => t.startsWith('am '))).toHaveLength(3);
    expect(got).toContain('11 Kameras');
  });

  it('are no figures without such a phrase', () => {
    expect(texts(['2011 war ein gutes Jahr.'], 'de')).toEqual([]);
    expect(texts(['Ein 2014er Wein wurde serviert.'], 'de')).toEqual([]);
  });
});

describe('scores and odds', () => {
  it('keeps a lone score whole and shows it as written', () => {
    expect(texts(['Chile setzte sich im Elfmeterschießen mit 4:1 durch.'], 'de')).toEqual(['4:1']);
    expect(texts(['The visitors were beaten 2-1 at home.'], 'en')).toEqual(['2-1']);
    expect(texts(['It was a 3-1 win for the hosts.'], 'en')).toEqual(['3-1 win']);
    const [score] = figures(['Rapid gewann 2:1.'], 'de');
    expect(formatFigure(score!, 'en')).toBe('2:1');
  });

  it('leaves ranges, runs of set scores and clock times alone', () => {
    expect(texts(['Es kamen 10-15 Besucher.'], 'de')).toEqual(['10-15 Besucher']);
    expect(texts(['Sie gewann mit 6:2, 6:4.'], 'de')).toEqual([]);
    expect(texts(['Der Zug fährt um 20:15 ab.'], 'de')).toEqual([]);
  });

  it('reads odds after a betting cue, never a bare slash pair', () => {
    expect(texts(['The horse was sent off at 40/1 and won.'], 'en')).toEqual(['40/1']);
    expect(texts(['Their odds fell from 66/1 to 20/1 overnight.'], 'en')).toEqual(['66/1', '20/1']);
    expect(texts(['The hotline is open 24/7.'], 'en')).toEqual([]);
  });
});

describe('ages', () => {
  it('reads the age after a name ("Smith, 34,") with the name, as written', () => {
    expect(texts(['Her granddaughter Paula Jones, 20, said she was proud.'], 'en')).toEqual(['Jones, 20']);
    expect(texts(['Angeklagt ist Lena Berger (34) aus Graz.'], 'de')).toEqual(['Berger (34)']);
  });

  it('shows an age as written ("22-jährige", never "22 jährige")', () => {
    const [age] = figures(['Der 22-jährige Stürmer traf doppelt.'], 'de');
    expect([formatFigure(age!, 'de'), formatFigure(age!, 'en')]).toEqual(['22-jährige', '22-jährige']);
  });

  it('does not read a count after a sentence-initial word as an age', () => {
    expect(texts(['However, 20 of them left early.'], 'en')).toEqual([]);
  });

  it('ranks the age of the person an article opens with', () => {
    const top = texts(
      [
        'The 34-year-old coach signed a new contract on Friday.',
        'He said the club had been good to him.',
        'The club plays in a league of 18 teams.',
      ],
      'en',
      1,
    );
    expect(top).toEqual(['34-year-old']);
  });
});

describe('repeats across wordings', () => {
  it('shows one count once, whatever noun or wording it comes with', () => {
    const got = texts(
      [
        'Rund 500 Flüchtlinge kamen am Bahnhof an.',
        'Die Polizei sprach von rund 500 Menschen.',
        'Fünf Busse und 5 Züge standen bereit.',
      ],
      'de',
    );
    expect(got.filter((t) => t.includes('500'))).toHaveLength(1);
    expect(got.filter((t) => /^(?:Fünf|5) /.test(t))).toHaveLength(1);
  });

  it('shows one age and one date once', () => {
    const got = texts(
      ['Der 27-Jährige wurde am 3. Mai verurteilt.', 'Der 27-jährige Mann war seit dem 3. Mai in Haft.'],
      'de',
    );
    expect(got.filter((t) => t.includes('27'))).toHaveLength(1);
  });
});

describe('ranking', () => {
  it('puts early figures first: summaries repeat the numbers an article opens with', () => {
    const filler = ['Die Feuerwehr war im Einsatz.', 'Die Bergung dauerte lange.', 'Ein Sprecher schwieg.'];
    const got = texts(
      [
        'Bei dem Unglück starben 3 Menschen.',
        ...filler,
        'Der Betreiber hatte zuletzt 40 Millionen Euro investiert.',
        ...filler,
        ...filler,
      ],
      'de',
      1,
    );
    expect(got).toEqual(['3 Menschen']);
  });

  it('fills the key figures with what the digest sentences do not already say', () => {
    const text =
      'Die Stadt baut für 80 Millionen Euro ein neues Bad. Es soll 2.000 Gäste am Tag fassen. ' +
      'Der Eintritt kostet künftig 6 Euro.';
    const d = summarize({ text, lang: 'de', maxSentences: 1, maxFigures: 2 });
    const said = d.sentences.join(' ');
    expect(d.keyFigures).toHaveLength(2);
    for (const f of d.keyFigures) expect(said).not.toContain(f.text);
    // with room to spare, the figures of the digest sentences come after
    const all = summarize({ text, lang: 'de', maxSentences: 1, maxFigures: 5 });
    expect(all.keyFigures.at(-1)?.text).toBe('80 Millionen Euro');
  });
});

describe('what the digest sentences say', () => {
  it('is not repeated as a figure in another wording or from another sentence', () => {
    const text =
      'The 40/1 outsider Monbeg Lad won the race on Saturday. The crowd cheered loudly. ' +
      'His odds had come in to 40/1 from 25/1 overnight.';
    const d = summarize({ text, lang: 'en', maxSentences: 1, maxFigures: 1 });
    expect(d.sentences[0]).toContain('40/1');
    expect(d.keyFigures.map((f) => f.text)).toEqual(['25/1']);
  });
});

describe('extraction bugs', () => {
  it('takes no counted noun across a missing sentence break ("64million Without")', () => {
    const qs = extractQuantities('The population will reach 64million Without new rules it will fall.', 'en');
    expect(qs.map((q) => [q.text, q.value])).toEqual([['64million', 64e6]]);
  });

  it('stops the counted noun before a name ("the No 1 choice Alec Stewart"), and "No 1" is a label', () => {
    expect(extractQuantities('He was the No 1 choice Alec Stewart said.', 'en')).toEqual([]);
    expect(extractQuantities('They hired 3 coaches Alec Stewart trained.', 'en').map((q) => q.text)).toEqual([
      '3 coaches',
    ]);
  });

  it('keeps plural proper nouns as counted nouns ("eight Academy Awards")', () => {
    expect(extractQuantities('The film won eight Academy Awards.', 'en').map((q) => q.text)).toEqual([
      'eight Academy Awards',
    ]);
  });

  it('reads a club number glued to a noun as a name, not a count ("96-Trainer")', () => {
    expect(extractQuantities('Der 96-Trainer lobte 20.000 Fans.', 'de').map((q) => q.text)).toEqual([
      '20.000 Fans',
    ]);
    // glued units, ages and multiples stay amounts
    expect(
      extractQuantities('Ein 10-Kilometer-Lauf, der 30-Jährige und das 25-Fache.', 'de').map((q) => q.text),
    ).toEqual(['10-Kilometer-Lauf', '30-Jährige', '25-Fache']);
  });
});

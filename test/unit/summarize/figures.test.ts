import { describe, expect, it } from 'vitest';
import {
  extractQuantities,
  formatNumber,
  parseNumber,
  type Quantity,
} from '../../../src/pipeline/summarize/figures.js';

function only(text: string, lang: 'de' | 'en'): Quantity {
  const qs = extractQuantities(text, lang).filter((q) => q.kind === 'number');
  expect(qs, JSON.stringify(qs)).toHaveLength(1);
  return qs[0]!;
}

describe('parseNumber', () => {
  it('tells German and English separators apart by language', () => {
    expect(parseNumber('1.500', 'de')).toBe(1500);
    expect(parseNumber('1,500', 'en')).toBe(1500);
    expect(parseNumber('3,5', 'de')).toBe(3.5);
    expect(parseNumber('2.5', 'en')).toBe(2.5);
    expect(parseNumber('1.5', 'en')).toBe(1.5);
    expect(parseNumber('12.000.000', 'de')).toBe(12_000_000);
    expect(parseNumber('1,234.56', 'en')).toBe(1234.56);
    expect(parseNumber('1.234,56', 'de')).toBe(1234.56);
  });

  it('guesses separators for an unknown language from the digit groups', () => {
    expect(parseNumber('1.500', 'und')).toBe(1500);
    expect(parseNumber('1,500', 'und')).toBe(1500);
    expect(parseNumber('3,5', 'und')).toBe(3.5);
  });

  it('reads number words and scale words', () => {
    expect(parseNumber('zwölf', 'de')).toBe(12);
    expect(parseNumber('a dozen', 'en')).toBe(12);
    expect(parseNumber('zweiundzwanzig', 'de')).toBe(22);
    expect(parseNumber('twenty-two', 'en')).toBe(22);
    expect(parseNumber('dreihundert', 'de')).toBe(300);
    expect(parseNumber('1,5 Millionen', 'de')).toBe(1_500_000);
    expect(parseNumber('2,3 Milliarden', 'de')).toBe(2.3e9);
    expect(parseNumber('2.5 billion', 'en')).toBe(2.5e9);
    expect(parseNumber('3 Mrd.', 'de')).toBe(3e9);
  });

  it('rejects what is not a number', () => {
    expect(parseNumber('', 'de')).toBeUndefined();
    expect(parseNumber('Soldaten', 'de')).toBeUndefined();
    expect(parseNumber('1.50.0', 'de')).toBeUndefined();
  });
});

describe('formatNumber', () => {
  it('formats per output locale', () => {
    expect(formatNumber(1500, 'de')).toBe('1.500');
    expect(formatNumber(1500, 'en')).toBe('1,500');
    expect(formatNumber(3.5, 'de')).toBe('3,5');
    expect(formatNumber(3.5, 'en')).toBe('3.5');
    expect(formatNumber(2.3e9, 'de')).toBe('2,3 Milliarden');
    expect(formatNumber(2.5e9, 'en')).toBe('2.5 billion');
    expect(formatNumber(1_500_000, 'en')).toBe('1.5 million');
  });
});

describe('extractQuantities (German)', () => {
  it('finds counted nouns with adjectives and qualifiers', () => {
    const qs = extractQuantities(
      'Die Armee bildet 1.500 junge Rekruten in Kiel aus; später sollen bis zu 12.000 weitere Rekruten folgen.',
      'de',
    );
    expect(qs.map((q) => [q.text, q.value, q.unit, q.qualifier, q.qualifierKind])).toEqual([
      ['1.500 junge Rekruten', 1500, 'junge Rekruten', '', 'exact'],
      ['bis zu 12.000 weitere Rekruten', 12000, 'weitere Rekruten', 'bis zu', 'upper'],
    ]);
  });

  it('reads percent, money with scale, and qualifiers of each kind', () => {
    const pct = only('Die Inflation stieg um 3,5 Prozent.', 'de');
    expect([pct.value, pct.unit, pct.unitKind]).toEqual([3.5, 'Prozent', 'percent']);
    const money = only('Der Bund zahlt mehr als 2,3 Milliarden Euro.', 'de');
    expect([money.text, money.value, money.currency, money.qualifierKind]).toEqual([
      'mehr als 2,3 Milliarden Euro',
      2.3e9,
      'EUR',
      'lower',
    ]);
    expect(only('Es kamen rund 800 Gäste.', 'de').qualifierKind).toBe('approx');
    expect(only('Es kamen etwa 800 Gäste.', 'de').qualifier).toBe('etwa');
    expect(only('Es kamen knapp 800 Gäste.', 'de').qualifier).toBe('knapp');
    expect(only('Es kamen höchstens 800 Gäste.', 'de').qualifierKind).toBe('upper');
  });

  it('reads number words, vague amounts and ranges', () => {
    expect(only('Zwölf Bergleute wurden gerettet.', 'de').value).toBe(12);
    const vague = only('Dutzende Anwohner protestierten.', 'de');
    expect([vague.numberText, vague.unit]).toEqual(['Dutzende', 'Anwohner']);
    const range = only('Die Reparatur dauert zwischen 10 und 20 Wochen.', 'de');
    expect([range.value, range.valueMax, range.qualifierKind, range.text]).toEqual([
      10,
      20,
      'range',
      'zwischen 10 und 20 Wochen',
    ]);
    const dash = only('Erwartet werden 30–40 Teilnehmer.', 'de');
    expect([dash.value, dash.valueMax]).toEqual([30, 40]);
  });

  it('marks years, dates, times and ordinals as context', () => {
    const qs = extractQuantities(
      'Am 3. Oktober 2023 um 14:30 Uhr eröffnete im 20. Jahrhundert erbaute Halle; seit 2019 und am 24.10.2022 auch.',
      'de',
    );
    expect(qs.map((q) => [q.text, q.kind])).toEqual([
      ['3. Oktober 2023', 'date'],
      ['14:30 Uhr', 'time'],
      ['20.', 'ordinal'],
      ['2019', 'year'],
      ['24.10.2022', 'date'],
    ]);
  });

  it('reads abbreviated scales, currency words, percentage points and space-grouped digits', () => {
    const qs = extractQuantities(
      'Es kostet 3,5 Mio. Euro, 200 Mio. US-Dollar und 12 000 Franken; die Quote stieg um 0,5 Prozentpunkte.',
      'de',
    );
    expect(qs.map((q) => [q.text, q.value, q.unitKind])).toEqual([
      ['3,5 Mio. Euro', 3_500_000, 'currency'],
      ['200 Mio. US-Dollar', 200_000_000, 'currency'],
      ['12 000 Franken', 12_000, 'currency'],
      ['0,5 Prozentpunkte', 0.5, 'percent'],
    ]);
    expect(qs.map((q) => q.currency)).toEqual(['EUR', 'USD', 'CHF', undefined]);
  });

  it('applies a scale written after the second number of a range to both', () => {
    const q = only('Der Bau kostet zwischen 1,5 und 2 Milliarden Euro.', 'de');
    expect([q.value, q.valueMax, q.unit]).toEqual([1.5e9, 2e9, 'Euro']);
  });

  it('keeps a score with its result noun, not the bare second half', () => {
    const qs = extractQuantities('Nach der 1:3-Niederlage gelang ein 2:0 Sieg.', 'de');
    expect(qs.map((q) => [q.text, q.numberText, q.unit])).toEqual([
      ['1:3-Niederlage', '1:3', 'Niederlage'],
      ['2:0 Sieg', '2:0', 'Sieg'],
    ]);
    // a lone score is read whole, as written, never as one of its halves
    expect(
      extractQuantities('Villa lost 2-1 at home.', 'en').map((q) => [q.text, q.kind, q.valueText]),
    ).toEqual([['2-1', 'score', '2-1']]);
  });

  it('reads a capitalized English number word inside a sentence as part of a name', () => {
    expect(extractQuantities('England won the Six Nations title.', 'en')).toEqual([]);
    expect(extractQuantities('Six Nations matches were played.', 'en')[0]?.value).toBe(6);
  });

  it('tells a year before a name from a count before a plural noun', () => {
    expect(extractQuantities('Zuletzt siegte 1966 Wilhelm Bungert.', 'de')[0]?.kind).toBe('year');
    expect(extractQuantities('Zuletzt siegte 1966 Wilhelm Becker.', 'de')[0]?.kind).toBe('year');
    expect(extractQuantities('Es entstehen 2000 neue Wohnungen.', 'de')[0]?.kind).toBe('number');
    expect(extractQuantities('Es kamen 2000 Menschen.', 'de')[0]?.kind).toBe('number');
    expect(extractQuantities('Around 2000 people came.', 'en')[0]?.kind).toBe('number');
  });

  it('skips sports scores and keeps a number after a year apart', () => {
    expect(extractQuantities('Sie gewann mit 6:2, 6:4.', 'de')).toEqual([]);
    const qs = extractQuantities('Im Jahr 2019 300 Gäste.', 'de');
    expect(qs.map((q) => [q.text, q.kind])).toEqual([
      ['2019', 'year'],
      ['300 Gäste', 'number'],
    ]);
  });

  it('keeps every span verbatim at its offsets', () => {
    const text = 'Laut Polizei waren rund 4.200 Menschen auf der Straße, 15 Prozent mehr als 2022.';
    for (const q of extractQuantities(text, 'de')) expect(text.slice(q.start, q.end)).toBe(q.text);
  });
});

describe('extractQuantities (English)', () => {
  it('finds counted nouns, money and percent', () => {
    const qs = extractQuantities(
      'The council hired 1,500 new teachers and spent $2.5 billion, up 4.2% on the year.',
      'en',
    );
    expect(qs.map((q) => [q.text, q.value, q.unit, q.unitKind])).toEqual([
      ['1,500 new teachers', 1500, 'new teachers', 'count'],
      ['$2.5 billion', 2.5e9, '$', 'currency'],
      ['4.2%', 4.2, '%', 'percent'],
    ]);
  });

  it('reads qualifiers, number words and ranges', () => {
    expect(only('Up to 12,000 fans are expected.', 'en').qualifierKind).toBe('upper');
    expect(only('More than 300 homes flooded.', 'en').qualifierKind).toBe('lower');
    expect(only('About 40 firefighters attended.', 'en').qualifierKind).toBe('approx');
    const nearly = only('Nearly a dozen ships sank.', 'en');
    expect([nearly.value, nearly.qualifier, nearly.unit]).toEqual([12, 'Nearly', 'ships']);
    const range = only('Between 10 and 20 people were hurt.', 'en');
    expect([range.value, range.valueMax, range.unit]).toEqual([10, 20, 'people']);
    expect(only('Dozens of residents left.', 'en').value).toBe(24);
  });

  it('stops the counted noun before a verb and reads attached units', () => {
    expect(only('Some 2,000 people attended the rally.', 'en').unit).toBe('people');
    expect(only('The 2,000 runners finished early.', 'en').unit).toBe('runners');
    expect(only('Twelve armed men fled.', 'en').unit).toBe('armed men');
    expect(extractQuantities('Goal 1 followed by goal 2.', 'en').map((q) => q.unit)).toEqual(['', '']);
    const dozen = only('Some three dozen police arrived.', 'en');
    expect([dozen.value, dozen.unit, dozen.qualifier]).toEqual([36, 'police', 'Some']);
    const heat = only('Temperatures hit 40C on the coast.', 'en');
    expect([heat.text, heat.unitKind]).toEqual(['40C', 'measure']);
    const money = extractQuantities('It cost £1.2bn and US$300m.', 'en');
    expect(money.map((q) => [q.value, q.currency])).toEqual([
      [1.2e9, 'GBP'],
      [3e8, 'USD'],
    ]);
  });

  it('reads English decimal points and marks dates', () => {
    expect(only('Growth slowed to 1.5 percent.', 'en').value).toBe(1.5);
    const qs = extractQuantities('On October 3, 2024 at 2 p.m. the 3rd session began.', 'en');
    expect(qs.map((q) => q.kind)).toEqual(['date', 'time', 'ordinal']);
  });

  it('treats a German "1.500" as 1.5 only in English', () => {
    expect(only('1.500 Soldaten', 'de').value).toBe(1500);
    expect(extractQuantities('a ratio of 1.500 was measured', 'en')[0]?.value).toBe(1.5);
  });
});

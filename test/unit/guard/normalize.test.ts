import { describe, expect, it } from 'vitest';
import { normalizeNumber, parseDigits, scanQuantities } from '../../../src/pipeline/summarize/guard/index.js';

describe('parseDigits reads separators by language', () => {
  it.each([
    ['1.500', 'de', 1500],
    ['1,500', 'en', 1500],
    ['1500', 'de', 1500],
    ['1500', 'en', 1500],
    ['3,5', 'de', 3.5],
    ['3.5', 'en', 3.5],
    ['1.234.567,89', 'de', 1234567.89],
    ['1,234,567.89', 'en', 1234567.89],
    ['12\u00A0000', 'de', 12000],
    ['14 000', 'de', 14000],
    ['1,375', 'de', 1.375],
    ['1.375', 'en', 1.375],
  ] as const)('%s (%s) → %d', (token, lang, value) => {
    expect(parseDigits(token, lang)).toBe(value);
  });

  it('refuses tokens that are not plain numbers', () => {
    expect(parseDigits('1.50.0', 'de')).toBeUndefined();
    expect(parseDigits('12.', 'de')).toBeUndefined();
  });
});

describe('normalizeNumber: German and English writings meet', () => {
  const pairs: [string, string, number][] = [
    ['1.500', '1,500', 1500],
    ['12.000', '12,000', 12000],
    ['3,5', '3.5', 3.5],
    ['zwölf', 'twelve', 12],
    ['1,5 Millionen', '1.5 million', 1_500_000],
    ['2,3 Milliarden', '2.3 billion', 2_300_000_000],
    ['eine Million', 'one million', 1_000_000],
    ['Dutzend', 'dozen', 12],
    ['2 Billionen', '2 trillion', 2e12],
  ];
  it.each(pairs)('de "%s" = en "%s" = %d', (de, en, value) => {
    expect(normalizeNumber(de, 'de')).toBe(value);
    expect(normalizeNumber(en, 'en')).toBe(value);
  });

  it('keeps German Billion (10^12) apart from English billion (10^9)', () => {
    expect(normalizeNumber('1 Billion', 'de')).toBe(1e12);
    expect(normalizeNumber('1 billion', 'en')).toBe(1e9);
  });

  it('the same digits mean different numbers in each language', () => {
    expect(normalizeNumber('1.500', 'en')).toBe(1.5);
    expect(normalizeNumber('1,500', 'de')).toBe(1.5);
  });

  it('returns undefined for words that are not numbers', () => {
    expect(normalizeNumber('Soldaten', 'de')).toBeUndefined();
    expect(normalizeNumber('1.5 widgets', 'en')).toBeUndefined();
  });
});

describe('scanQuantities', () => {
  const one = (text: string, lang: 'de' | 'en') => {
    const qs = scanQuantities(text, lang);
    expect(qs).toHaveLength(1);
    return qs[0]!;
  };

  it('reads qualifiers in both languages', () => {
    expect(one('insgesamt bis zu 12.000 Soldaten', 'de')).toMatchObject({ value: 12000, qualifier: 'upper' });
    expect(one('as many as 12,000 troops', 'en')).toMatchObject({ value: 12000, qualifier: 'upper' });
    expect(one('mehr als 300 Menschen', 'de')).toMatchObject({ value: 300, qualifier: 'lower' });
    expect(one('more than 300 people', 'en')).toMatchObject({ value: 300, qualifier: 'lower' });
    expect(one('rund 40 Kilometer', 'de')).toMatchObject({ value: 40, qualifier: 'approx', unit: 'km' });
    expect(one('about 40 km', 'en')).toMatchObject({ value: 40, qualifier: 'approx', unit: 'km' });
    expect(one('500 oder mehr', 'de')).toMatchObject({ value: 500, qualifier: 'lower' });
  });

  it('reads percent and money with scale in both languages', () => {
    expect(one('ein Plus von 3,5 Prozent', 'de')).toMatchObject({
      value: 3.5,
      unitKind: 'percent',
      unit: '%',
    });
    expect(one('growth of 3.5 per cent', 'en')).toMatchObject({ value: 3.5, unitKind: 'percent', unit: '%' });
    expect(one('kostet 2,3 Milliarden Euro', 'de')).toMatchObject({ value: 2.3e9, unit: 'EUR' });
    expect(one('costs €2.3 billion', 'en')).toMatchObject({ value: 2.3e9, unit: 'EUR' });
    expect(one('a $2.5bn deal', 'en')).toMatchObject({ value: 2.5e9, unit: 'USD', unitKind: 'currency' });
    expect(one('um 2 Prozentpunkte', 'de')).toMatchObject({ value: 2, unit: 'pp' });
  });

  it('reads ranges, spreading a trailing scale and unit to the first number', () => {
    expect(one('zwischen 2 und 3 Milliarden Euro', 'de')).toMatchObject({
      value: 2e9,
      valueMax: 3e9,
      qualifier: 'range',
      unit: 'EUR',
    });
    expect(one('between 10 and 20 percent', 'en')).toMatchObject({ value: 10, valueMax: 20, unit: '%' });
    expect(one('10–20 km', 'en')).toMatchObject({ value: 10, valueMax: 20, unit: 'km' });
  });

  it('reads years, dates, times and ordinals', () => {
    const de = scanQuantities('Am 3. Oktober 2024 um 14:30 Uhr, im 20. Jahrhundert.', 'de');
    expect(de.map((q) => q.kind)).toEqual(['date', 'year', 'time', 'ordinal']);
    const en = scanQuantities('On October 3, 2024 at 2:30 p.m., in the 20th century.', 'en');
    expect(en.map((q) => [q.kind, q.value])).toEqual(de.map((q) => [q.kind, q.value]));
    expect(scanQuantities('am 03.10.2024', 'de').map((q) => q.kind)).toEqual(['date', 'year']);
  });

  it('reads "14 000" with a plain space as one number, but not a year next to a number', () => {
    expect(scanQuantities('mindestens 14 000 Menschen', 'de')[0]).toMatchObject({
      value: 14000,
      qualifier: 'lower',
    });
    expect(scanQuantities('im Jahr 2015 100 neue Stellen', 'de').map((q) => q.value)).toEqual([2015, 100]);
    expect(scanQuantities('he won 3 100-metre races', 'en').map((q) => q.value)).toEqual([3, 100]);
  });

  it('skips numbers that are part of names', () => {
    expect(scanQuantities('F-16 jets, the G7 summit, COVID-19 and 5G masts', 'en')).toEqual([]);
  });

  it('reads a sentence end after a German number as punctuation, not an ordinal', () => {
    const qs = scanQuantities('Es kamen 1.500. Dann gingen 200.', 'de');
    expect(qs.map((q) => [q.kind, q.value])).toEqual([
      ['number', 1500],
      ['number', 200],
    ]);
  });

  it('reads hyphen compounds, glued scales and units the same as their spaced forms', () => {
    const pairs: [string, string, 'de' | 'en'][] = [
      ['a 15-year sentence', 'for 15 years', 'en'],
      ['a three-year deal', 'for 3 years', 'en'],
      ['a 10-mile walk', 'walked 10 miles', 'en'],
      ['£330million', '£330 million', 'en'],
      ['ein 500.000-Dollar-Turnier', 'mit 500.000 Dollar', 'de'],
      ['in zehn  Jahren', 'in 10 Jahren', 'de'],
      ['12ft high', '12 feet', 'en'],
    ];
    for (const [a, b, lang] of pairs) {
      const [qa] = scanQuantities(a, lang);
      const [qb] = scanQuantities(b, lang);
      expect([qa?.value, qa?.unitKind, qa?.unit], a).toEqual([qb?.value, qb?.unitKind, qb?.unit]);
    }
    expect(scanQuantities('over 200K paintings', 'en')[0]).toMatchObject({
      value: 200_000,
      qualifier: 'lower',
    });
  });

  it('reads match scores as pairs, apart from times', () => {
    const qs = scanQuantities('Sie gewannen 3:1 (1:0), Anpfiff war um 18:30 Uhr.', 'de');
    expect(qs.map((q) => [q.kind, q.value])).toEqual([
      ['score', 3001],
      ['score', 1000],
      ['time', 1110],
    ]);
  });
});

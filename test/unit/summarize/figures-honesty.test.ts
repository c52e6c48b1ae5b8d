/**
 * Key figures must honestly match the article: vague words stay words, names and odds are no figures, scores and
 * ranges are kept whole, source precision and K/M suffixes survive. Sentences are our own.
 */
import { describe, expect, it } from 'vitest';
import type { KeyFigure } from '../../../src/domain/types.js';
import { extractQuantities, formatNumber } from '../../../src/pipeline/summarize/figures.js';
import { toKeyFigure } from '../../../src/pipeline/summarize/keyfigures.js';
import { formatFigure } from '../../../src/pipeline/summarize/render.js';

function figures(text: string, lang: 'de' | 'en'): KeyFigure[] {
  return extractQuantities(text, lang)
    .filter((q) => q.kind === 'number')
    .map((q) => toKeyFigure({ q, sentenceIndex: 0 }));
}

function shown(text: string, lang: 'de' | 'en'): string[] {
  return figures(text, lang).map((f) => formatFigure(f, lang));
}

describe('vague amounts', () => {
  it('are approximate and rendered with the words as written, never as a concrete number', () => {
    const figs = figures(
      'Vor dem Rathaus demonstrierten Tausende Anwohner, Dutzende Polizisten sicherten.',
      'de',
    );
    expect(figs.map((f) => [f.valueText, f.approx])).toEqual([
      ['Tausende', true],
      ['Dutzende', true],
    ]);
    expect(figs.map((f) => formatFigure(f, 'de'))).toEqual(['Tausende Anwohner', 'Dutzende Polizisten']);
    const q = extractQuantities('Hunderte Pendler warteten.', 'de')[0]!;
    expect([q.qualifierKind, q.vague]).toEqual(['approx', true]);
  });

  it('keeps "Millionen Euro" and "dozens" as written; exact number words keep their value', () => {
    expect(shown('Der Verein verlor Millionen Euro an Sponsoren.', 'de')).toEqual(['Millionen Euro']);
    expect(shown('Dozens of fishermen and a dozen ships waited in the harbour.', 'en')).toEqual([
      'Dozens',
      '12 ships',
    ]);
    const exact = extractQuantities('Zwölf Boote liefen aus.', 'de')[0]!;
    expect([exact.valueText, exact.vague, exact.qualifierKind]).toEqual([undefined, undefined, 'exact']);
  });
});

describe('names, odds, seasons and times', () => {
  it('skips digits glued by a hyphen to a letter token', () => {
    const text =
      'Beim G-20-Gipfel, in der MA-48-Zentrale und bei Covid-19 sprachen 300 Delegierte über F-35-Jets.';
    expect(extractQuantities(text, 'de').map((q) => q.text)).toEqual(['300 Delegierte']);
    expect(extractQuantities('Eine 3-D-Karte zeigt 40 Messstellen.', 'de').map((q) => q.text)).toEqual([
      '40 Messstellen',
    ]);
  });

  it('skips labels: a number right after a label word or No./Nr. is no amount', () => {
    const en =
      'She spoke on Channel 5 show OAPs, crossed Highway 36 and wore a size 24 dress; No. 10 sent 40 officers.';
    expect(extractQuantities(en, 'en').map((q) => q.text)).toEqual(['40 officers']);
    const de = 'Auf Gleis 7 warteten 300 Fahrgäste; Artikel 5 und Nr. 3 der Liste nennen 12 Millionen Euro.';
    expect(extractQuantities(de, 'de').map((q) => q.text)).toEqual(['300 Fahrgäste', '12 Millionen Euro']);
    // an amount after a label word stays an amount
    expect(
      extractQuantities('The series 3 million viewers watched ended.', 'en').map((q) => q.value),
    ).toEqual([3_000_000]);
  });

  it('reads odds, seasons and race times whole, never one half', () => {
    const de = extractQuantities('Die Quote lag bei 100/1, in der Saison 1998/99 lief er 5:41:17 Std.', 'de');
    expect(de.filter((q) => q.kind === 'number')).toEqual([]);
    expect(de.map((q) => [q.text, q.kind])).toEqual([
      ['100/1', 'odds'],
      ['1998/99', 'year'],
      ['5:41:17', 'time'],
    ]);
    const en = extractQuantities('The outsider started at 50/1 and won in 2:07.35 minutes.', 'en');
    expect(en.filter((q) => q.kind === 'number')).toEqual([]);
    expect(en.map((q) => [q.text, q.kind])).toEqual([
      ['50/1', 'odds'],
      ['2:07.35', 'time'],
    ]);
  });
});

describe('scores', () => {
  it('renders a score whole, never one side', () => {
    expect(shown('Nach der 1:4-Niederlage war die Stimmung schlecht.', 'de')).toEqual(['1:4 Niederlage']);
  });
});

describe('formatNumber', () => {
  it('keeps the source precision instead of rounding digits away', () => {
    expect(formatNumber(0.606, 'de')).toBe('0,606');
    expect(formatNumber(12.3456, 'en')).toBe('12.3456');
    expect(formatNumber(1500, 'de')).toBe('1.500');
    expect(shown('Sie war 0,417 Sekunden schneller.', 'de')).toEqual(['0,417 Sekunden']);
  });
});

describe('ranges and suffixes', () => {
  it('reads "between $2.4 and $2.6 billion" as one range with the shared scale and currency', () => {
    const [q, ...rest] = extractQuantities('Sales will be between $2.4 and $2.6 billion this year.', 'en');
    expect(rest).toEqual([]);
    expect([q!.value, q!.valueMax, q!.currency, q!.qualifierKind]).toEqual([2.4e9, 2.6e9, 'USD', 'range']);
    const bn = extractQuantities('Costs rose from $1.2bn to $1.5bn.', 'en')[0]!;
    expect([bn.value, bn.valueMax]).toEqual([1.2e9, 1.5e9]);
    const ft = extractQuantities('The river rose between 8 and 11ft overnight.', 'en')[0]!;
    expect([ft.value, ft.valueMax, ft.unit]).toEqual([8, 11, 'ft']);
  });

  it('scales K, M and bn suffixes', () => {
    const q = extractQuantities('The app has over 300K users.', 'en')[0]!;
    expect([q.value, q.numberText, q.qualifier]).toEqual([300_000, '300K', 'over']);
    expect(extractQuantities('A budget of $4M was approved.', 'en')[0]!.value).toBe(4e6);
    expect(extractQuantities('Die Strecke ist 200m lang.', 'de')[0]!.value).toBe(200);
  });
});

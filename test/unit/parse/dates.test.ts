import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../src/pipeline/parse/index.js';

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

describe('parseDate', () => {
  const cases: Array<[string, number | undefined]> = [
    ['Tue, 01 Oct 2024 08:00:00 GMT', at(2024, 10, 1, 8)],
    ['Tue, 01 Oct 2024 08:00:00 +0200', at(2024, 10, 1, 6)],
    ['Sun, 31 Dec 2023 23:59:59 -0800', at(2024, 1, 1, 7, 59, 59)],
    ['Wed, 20 Mar 24 18:00:00 EST', at(2024, 3, 20, 23)],
    ['2024-06-03T10:15:00+02:00', at(2024, 6, 3, 8, 15)],
    ['2024-06-03T10:15:00.123Z', at(2024, 6, 3, 10, 15) + 123],
    ['2024-06-03 10:15:00 +0200', at(2024, 6, 3, 8, 15)],
    ['2024-06-03', at(2024, 6, 3)],
    ['Di, 05 Mär 2024 14:30:00 MEZ', at(2024, 3, 5, 13, 30)],
    ['Montag, 3. Juni 2024 10:15 MESZ', at(2024, 6, 3, 8, 15)],
    ['Mo, 3 Jun 2024 10:15:00 CEST', at(2024, 6, 3, 8, 15)],
    ['Donnerstag, 24. Dezember 2020, 18:00 Uhr CET', at(2020, 12, 24, 17)],
    ['1. Okt. 2024 um 9:05 Uhr', at(2024, 10, 1, 9, 5)],
    ['Sa, 02 Mrz 2024 07:00:00 +0100', at(2024, 3, 2, 6)],
    ['05.03.2024 14:30', at(2024, 3, 5, 14, 30)],
    ['June 3, 2024 10:15:00 PDT', at(2024, 6, 3, 17, 15)],
    ['Montag, 32. Mai 2024', undefined],
    ['31.02.2024', undefined],
    ['Tue, 01 Oct 2024 25:00:00 GMT', undefined],
    ['gestern', undefined],
    ['1717400000', undefined],
    ['', undefined],
    [undefined as unknown as string, undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} → ${expected === undefined ? 'undefined' : new Date(expected).toISOString()}`, () => {
      expect(parseDate(input)).toBe(expected);
    });
  }
});

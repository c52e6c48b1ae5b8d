import { describe, expect, it } from 'vitest';
import {
  compileFilters,
  compileRegex,
  FILTER_LIMITS,
  isEmptyFilters,
} from '../../../src/delivery/filters.js';
import type { Filters } from '../../../src/domain/types.js';

function matcher(f: Partial<Filters>) {
  const r = compileFilters({ include: [], exclude: [], ...f });
  if (!r.ok) throw new Error(`unexpected error ${r.error.code} ${JSON.stringify(r.error.params)}`);
  return r.value;
}

describe('compileFilters', () => {
  it('passes everything when empty', () => {
    expect(matcher({})('Bahnstreik in Bayern', 'Die Gewerkschaft ruft zum Streik auf.')).toEqual({
      pass: true,
    });
    expect(isEmptyFilters({ include: [' '], exclude: [] })).toBe(true);
    expect(isEmptyFilters({ include: [], exclude: ['x'] })).toBe(false);
  });

  it('include: one term must occur, case-insensitive, also inside German compounds', () => {
    const m = matcher({ include: ['Börse', 'Inflation'] });
    expect(m('Börsencrash in Frankfurt', '')).toEqual({ pass: true, term: 'Börse' });
    expect(m('Wetter', 'Die INFLATION sinkt auf 2,1 Prozent.')).toEqual({ pass: true, term: 'Inflation' });
    expect(m('Fußball', 'Bayern gewinnt 3:1.')).toEqual({ pass: false, rule: 'include' });
  });

  it('exclude wins over include and names the term', () => {
    const m = matcher({ include: ['Bahn'], exclude: ['Fußball'] });
    expect(m('Bahn bringt Fans zum Fußball', '')).toEqual({ pass: false, term: 'Fußball', rule: 'exclude' });
    expect(m('Bahn erhöht Preise', '')).toEqual({ pass: true, term: 'Bahn' });
  });

  it('regex must match the title or the text, case-insensitive', () => {
    const m = matcher({ regex: '\\b(ECB|EZB)\\b.*(rate|Zins)' });
    expect(m('EZB senkt den Zins', '').pass).toBe(true);
    expect(m('Markets', 'The ecb kept its rate unchanged').pass).toBe(true);
    expect(m('EZB-Präsidentin spricht', 'über Inflation')).toEqual({
      pass: false,
      term: '\\b(ECB|EZB)\\b.*(rate|Zins)',
      rule: 'regex',
    });
  });

  it('a catastrophic-backtracking pattern still runs in linear time (RE2 semantics)', () => {
    const m = matcher({ regex: '(a+)+$' });
    const hostile = `${'a'.repeat(15_000)}!`;
    // With a backtracking engine this never finishes; here it answers.
    expect(m(hostile, '').pass).toBe(false);
    expect(m('aaaa', '').pass).toBe(true);
  });

  it('rejects unsupported or broken regexes with a stable code', () => {
    for (const bad of ['(?=x)', '(a', '(\\w)\\1', 'x{2,1}']) {
      const r = compileFilters({ include: [], exclude: [], regex: bad });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('command.invalid_regex');
    }
  });

  it('bounds regex length, term count and term length', () => {
    expect(compileRegex('a'.repeat(FILTER_LIMITS.maxRegexLength + 1)).ok).toBe(false);
    expect(compileRegex('a'.repeat(FILTER_LIMITS.maxRegexLength)).ok).toBe(true);
    const many = Array.from({ length: FILTER_LIMITS.maxTerms + 1 }, (_, i) => `t${i}`);
    expect(compileFilters({ include: many, exclude: [] }).ok).toBe(false);
    expect(compileFilters({ include: [], exclude: ['x'.repeat(FILTER_LIMITS.maxTermLength + 1)] }).ok).toBe(
      false,
    );
  });
});

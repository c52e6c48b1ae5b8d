/**
 * Subscription filters: include terms (any must occur), exclude terms (none may occur) and an optional
 * regular expression, matched with RE2 semantics (re2js: linear time, no backtracking, no look-around or
 * back-references), so a chat admin's pattern can never stall the bot on hostile feed text.
 */
import { RE2JS } from 're2js';
import { err, ok, type Result } from '../domain/errors.js';
import type { Filters } from '../domain/types.js';

export const FILTER_LIMITS = {
  maxTerms: 50,
  maxTermLength: 100,
  maxRegexLength: 200,
  /** Characters of title + text the matcher looks at. */
  maxScanChars: 20_000,
} as const;

export interface FilterVerdict {
  pass: boolean;
  /** The term that decided: the excluded term found, the include term found, or the regex source. */
  term?: string;
  /** Which rule decided a rejection. */
  rule?: 'include' | 'exclude' | 'regex';
}

export type FilterMatcher = (title: string, text: string) => FilterVerdict;

/** Case- and width-insensitive form used on both sides of a term match. */
export function foldText(s: string): string {
  return s.normalize('NFKC').toLocaleLowerCase('de').replace(/\s+/g, ' ');
}

function checkTerms(kind: 'include' | 'exclude', terms: readonly unknown[]): Result<string[]> {
  if (terms.length > FILTER_LIMITS.maxTerms) {
    return err('command.bad_argument', { detail: `${kind}: at most ${FILTER_LIMITS.maxTerms} terms` });
  }
  const out: string[] = [];
  for (const t of terms) {
    if (typeof t !== 'string') return err('command.bad_argument', { detail: `${kind}: terms must be text` });
    const term = t.trim();
    if (term === '') continue;
    if (term.length > FILTER_LIMITS.maxTermLength) {
      return err('command.bad_argument', {
        detail: `${kind}: a term is longer than ${FILTER_LIMITS.maxTermLength} characters`,
      });
    }
    out.push(term);
  }
  return ok(out);
}

/**
 * What is wrong with a pattern, without RE2's echo of the expression (which shows its internal `(?i)` flag):
 * "error parsing regexp: missing closing ): `(?i)(abc`" → "missing closing )".
 */
function regexProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /^error parsing regexp:\s*(.*?)(?::\s*`[\s\S]*`)?\s*$/.exec(message);
  return (m?.[1] || 'invalid syntax').slice(0, 120);
}

/** Compile a user's regular expression with RE2 semantics (case-insensitive). */
export function compileRegex(source: string): Result<RE2JS> {
  if (source.length > FILTER_LIMITS.maxRegexLength) {
    return err('command.bad_argument', {
      detail: `regex longer than ${FILTER_LIMITS.maxRegexLength} characters`,
    });
  }
  try {
    return ok(RE2JS.compile(source, RE2JS.CASE_INSENSITIVE));
  } catch (e) {
    return err('command.invalid_regex', { regex: source, why: regexProblem(e) });
  }
}

function findTerm(haystack: string, terms: { raw: string; folded: string }[]): string | undefined {
  return terms.find((t) => haystack.includes(t.folded))?.raw;
}

function regexMatches(regex: RE2JS, title: string, text: string): boolean {
  const max = FILTER_LIMITS.maxScanChars;
  return regex.matcher(title.slice(0, max)).find() || regex.matcher(text.slice(0, max)).find();
}

/** Validate filters and build a matcher. Errors are values with code `command.bad_argument`. */
export function compileFilters(f: Filters): Result<FilterMatcher> {
  const include = checkTerms('include', f.include ?? []);
  if (!include.ok) return include;
  const exclude = checkTerms('exclude', f.exclude ?? []);
  if (!exclude.ok) return exclude;
  const source = f.regex?.trim() ?? '';
  let regex: RE2JS | undefined;
  if (source !== '') {
    const compiled = compileRegex(source);
    if (!compiled.ok) return compiled;
    regex = compiled.value;
  }
  const inc = include.value.map((raw) => ({ raw, folded: foldText(raw) }));
  const exc = exclude.value.map((raw) => ({ raw, folded: foldText(raw) }));
  const matcher: FilterMatcher = (title, text) => {
    const joined = `${title}\n${text}`.slice(0, FILTER_LIMITS.maxScanChars);
    const folded = foldText(joined);
    const excluded = findTerm(folded, exc);
    if (excluded !== undefined) return { pass: false, term: excluded, rule: 'exclude' };
    let found: string | undefined;
    if (inc.length > 0) {
      found = findTerm(folded, inc);
      if (found === undefined) return { pass: false, rule: 'include' };
    }
    if (regex && !regexMatches(regex, title, text)) return { pass: false, term: source, rule: 'regex' };
    return found === undefined ? { pass: true } : { pass: true, term: found };
  };
  return ok(matcher);
}

/** True when the filters let everything through (no terms, no regex). */
export function isEmptyFilters(f: Filters): boolean {
  const blank = (xs: readonly string[] | undefined) => (xs ?? []).every((x) => x.trim() === '');
  return blank(f.include) && blank(f.exclude) && (f.regex ?? '').trim() === '';
}

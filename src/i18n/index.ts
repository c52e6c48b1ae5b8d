/**
 * de / en message catalog. Keys are error codes (src/domain/errors.ts) and message keys of the commands.
 * Parameters are written {name}. A test checks that both languages have the same keys and every error code.
 * Counted messages have plural forms `key.one` / `key.other` (CLDR categories of Intl.PluralRules), chosen by
 * the numeric `count` parameter: "1 item" / "2 items", "1 Beitrag" / "2 Beiträge".
 */
import type { Lang } from '../domain/types.js';
import { de } from './de.js';
import { en } from './en.js';

export type Catalog = Record<string, string>;
export const catalogs: Record<Lang, Catalog> = { de, en };

const pluralRules: Record<Lang, Intl.PluralRules> = {
  de: new Intl.PluralRules('de'),
  en: new Intl.PluralRules('en'),
};

/** The plural form of `key` for `count` in `lang`, when the catalog has plural forms for it. */
function pluralKey(lang: Lang, key: string, count: unknown): string {
  if (typeof count !== 'number' || catalogs.en[`${key}.other`] === undefined) return key;
  const form = `${key}.${pluralRules[lang].select(count)}`;
  return catalogs[lang][form] !== undefined ? form : `${key}.other`;
}

export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const k = pluralKey(lang, key, params.count);
  const template = catalogs[lang][k] ?? catalogs.en[k] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

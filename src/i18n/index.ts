/**
 * de / en message catalog. Keys are error codes (src/domain/errors.ts) and message keys of the commands.
 * Parameters are written {name}. The keys are types: `MessageKey` is derived from the English catalog, German is
 * typed by it, and every error code must be a key, so a missing or misspelt key fails the typecheck.
 * Counted messages have plural forms `key.one` / `key.other` (CLDR categories of Intl.PluralRules), chosen by
 * the numeric `count` parameter: "1 item" / "2 items", "1 Beitrag" / "2 Beiträge".
 */
import type { ErrorCode } from '../domain/errors.js';
import type { Lang } from '../domain/types.js';
import { de } from './de.js';
import { en } from './en.js';

export type Catalog = Record<string, string>;
export const catalogs: Record<Lang, Catalog> = { de, en };

type CatalogKey = keyof typeof en;
type PluralBase<K> = K extends `${infer B}.other` ? B : never;
/** A key `t` accepts: a catalog key, or the base of plural forms (`x` for `x.one` / `x.other`). */
export type MessageKey = CatalogKey | PluralBase<CatalogKey>;

/** Names the error codes without a message: the typecheck fails here until each has one. */
type NoneMissing<Missing extends never> = Missing;
export type ErrorCodesHaveMessages = NoneMissing<Exclude<ErrorCode, CatalogKey>>;

/** Whether `key` has a message (for stored text that may be an error code or free text). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogs.en, key);
}

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

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const k = pluralKey(lang, key, params.count);
  const template = catalogs[lang][k] ?? catalogs.en[k] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

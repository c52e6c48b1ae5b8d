/**
 * de / en message catalog. Keys are error codes (src/domain/errors.ts) and message keys of the commands.
 * Parameters are written {name}. A test checks that both languages have the same keys and every error code.
 */
import type { Lang } from '../domain/types.js';
import { de } from './de.js';
import { en } from './en.js';

export type Catalog = Record<string, string>;
export const catalogs: Record<Lang, Catalog> = { de, en };

export function t(lang: Lang, key: string, params: Record<string, string | number> = {}): string {
  const template = catalogs[lang][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

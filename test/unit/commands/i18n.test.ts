import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../../../src/commands/handlers/index.js';
import { COMMANDS } from '../../../src/commands/table.js';
import { ERROR_CODES } from '../../../src/domain/errors.js';
import { catalogs } from '../../../src/i18n/index.js';

describe('de/en catalog', () => {
  it('has the same keys in both languages', () => {
    expect(Object.keys(catalogs.de).sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it('has a message for every error code in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(catalogs.de[code], code).toBeTruthy();
      expect(catalogs.en[code], code).toBeTruthy();
    }
  });

  it('uses the same parameters in both languages of a command message', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(catalogs.en).filter(
      (k) => k.startsWith('cmd.') || k.startsWith('command.'),
    )) {
      expect(params(catalogs.de[key] ?? ''), key).toEqual(params(catalogs.en[key] ?? ''));
    }
  });

  it('has a handler for every command of the table and no other', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});

/**
 * Message keys are types. The `@ts-expect-error` lines are the test: `npm run typecheck` fails when a misspelt key,
 * a key built from any string, or a German catalog without an English key would compile again.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../src/domain/errors.js';
import type { DeliveryStatus } from '../../../src/domain/types.js';
import { de } from '../../../src/i18n/de.js';
import { isMessageKey, type MessageKey, t } from '../../../src/i18n/index.js';

describe('message keys', () => {
  it('accept a catalog key and refuse a misspelt one', () => {
    expect(t('en', 'cmd.why.reason.too_old')).toBe('too old');
    // @ts-expect-error: not a key of the catalog
    expect(t('en', 'cmd.why.reason.too_olde')).toBe('cmd.why.reason.too_olde');
  });

  it('accept the base of plural forms', () => {
    expect(t('en', 'cmd.opml_export.ok', { count: 2 })).toBe('OPML file with 2 feeds.');
    expect(t('de', 'cmd.opml_export.ok', { count: 1 })).toBe('OPML-Datei mit 1 Feed.');
  });

  it('accept keys built from a typed union, not from any string', () => {
    const status: DeliveryStatus = 'skipped';
    expect(t('en', `cmd.why.status.${status}`)).not.toBe(`cmd.why.status.${status}`);
    const word: string = 'skipped';
    // @ts-expect-error: a key built from an arbitrary string is not known to exist
    expect(t('en', `cmd.why.status.${word}`)).not.toBe(`cmd.why.status.${word}`);
  });

  it('include every error code', () => {
    expectTypeOf<ErrorCode>().toExtend<MessageKey>();
    for (const code of ERROR_CODES) expect(isMessageKey(code), code).toBe(true);
    expect(isMessageKey('delivery.no_such_code')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });

  it('must all be in the German catalog', () => {
    const { 'input.empty': _, ...withoutOne } = de;
    // @ts-expect-error: a German catalog without one of the English keys does not type
    const incomplete: typeof de = withoutOne;
    expect(incomplete).not.toHaveProperty('input.empty');
  });
});

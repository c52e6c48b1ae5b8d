import { describe, expect, it } from 'vitest';
import { whyReason } from '../../../src/commands/handlers/why.js';
import {
  type DeliveryReason,
  type DeliveryReasonKind,
  decodeReason,
  encodeReason,
} from '../../../src/domain/delivery-reason.js';

/** Samples of every kind (a new kind fails the typecheck here until it has one). */
const SAMPLES: Record<DeliveryReasonKind, DeliveryReason[]> = {
  queued: [{ kind: 'queued' }],
  delivered: [{ kind: 'delivered' }],
  too_old: [{ kind: 'too_old' }],
  channel_gone: [{ kind: 'channel_gone' }],
  article_gone: [{ kind: 'article_gone' }],
  expired: [{ kind: 'expired' }],
  held: [{ kind: 'held', code: 'delivery.blocked' }],
  paused: [{ kind: 'paused', code: 'delivery.missing_permissions' }],
  failed: [{ kind: 'failed', code: 'delivery.server_error' }],
  filtered: [
    { kind: 'filtered', term: 'fußball' },
    { kind: 'filtered', term: 'a (b) c' },
    { kind: 'filtered', term: '' },
    { kind: 'filtered', term: 'line\nbreak' },
  ],
  no_include: [{ kind: 'no_include' }],
  invalid_filter: [{ kind: 'invalid_filter', code: 'command.invalid_regex' }],
  duplicate: [
    { kind: 'duplicate', of: 42 },
    { kind: 'duplicate', of: 'Strompreis steigt — https://b.example/1' },
  ],
  too_old_paused: [{ kind: 'too_old_paused', hours: 48 }],
  not_selected: [{ kind: 'not_selected', max: 5 }],
  unknown: [{ kind: 'unknown', text: 'something_new(x)' }],
};

describe('delivery reasons', () => {
  it('decode what they encode, for every kind', () => {
    for (const r of Object.values(SAMPLES).flat()) expect(decodeReason(encodeReason(r)), r.kind).toEqual(r);
  });

  it('keep the stored text of rows already written', () => {
    // the exact text the engine wrote before the reasons were typed (and `paused(…)` of older versions)
    const rows: [string, DeliveryReason][] = [
      ['queued', { kind: 'queued' }],
      ['delivered', { kind: 'delivered' }],
      ['too_old', { kind: 'too_old' }],
      ['filtered(fußball)', { kind: 'filtered', term: 'fußball' }],
      ['filtered(exclude)', { kind: 'filtered', term: 'exclude' }],
      ['filtered(no include term)', { kind: 'no_include' }],
      [
        'filtered(invalid filter: command.invalid_regex)',
        { kind: 'invalid_filter', code: 'command.invalid_regex' },
      ],
      ['duplicate(17)', { kind: 'duplicate', of: 17 }],
      ['held(delivery.chat_not_found)', { kind: 'held', code: 'delivery.chat_not_found' }],
      ['paused(delivery.blocked)', { kind: 'paused', code: 'delivery.blocked' }],
      ['paused(bot removed by hand)', { kind: 'paused', code: 'bot removed by hand' }],
      ['failed(delivery.bad_format)', { kind: 'failed', code: 'delivery.bad_format' }],
      ['too_old(paused:72)', { kind: 'too_old_paused', hours: 72 }],
      ['not_selected(max 2)', { kind: 'not_selected', max: 2 }],
      ['channel_gone', { kind: 'channel_gone' }],
      ['article_gone', { kind: 'article_gone' }],
      ['expired', { kind: 'expired' }],
    ];
    for (const [text, r] of rows) {
      expect(decodeReason(text), text).toEqual(r);
      expect(encodeReason(r)).toBe(text);
    }
  });

  it('decode text they do not know as unknown, keeping it', () => {
    for (const text of [
      '',
      '   ',
      'something_new(x)',
      'held',
      'filtered',
      'queued(now)',
      'too_old(paused:soon)',
      'not_selected(all)',
      'filtered(unclosed',
      'two words',
      'ümlaut(x)',
    ]) {
      expect(decodeReason(text), text).toEqual({ kind: 'unknown', text });
    }
  });

  it('decode surrounding white space as the kind it frames', () => {
    expect(decodeReason('  too_old\n')).toEqual({ kind: 'too_old' });
  });

  it('read as a phrase for every kind; only delivered and queued say nothing beyond the status', () => {
    for (const r of Object.values(SAMPLES).flat()) {
      const text = whyReason('en', encodeReason(r));
      if (r.kind === 'delivered' || r.kind === 'queued') expect(text, r.kind).toBe('');
      else if (r.kind === 'unknown') expect(text).toBe(r.text);
      else expect(text, r.kind).not.toMatch(/^\w+\(/);
    }
    expect(whyReason('en', 'filtered(no include term)')).toBe('none of the “only with” words occurs');
    expect(whyReason('en', 'not_selected(max 3)')).toBe('not among the items chosen for the digest (max 3)');
    expect(whyReason('de', 'too_old(paused:48)')).toBe(
      'während der Pause zurückgehalten und beim Fortsetzen älter als 48 h',
    );
    expect(whyReason('en', 'held(delivery.blocked)')).toMatch(/blocked/i);
  });
});

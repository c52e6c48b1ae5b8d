import { describe, expect, it } from 'vitest';
import { parseFreshUntil, parseRetryAfter } from '../../../src/pipeline/fetch/index.js';

const NOW = Date.UTC(2024, 9, 1, 8, 0, 0);

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, bounded', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Oct 2024 08:05:00 GMT', NOW)).toBe(300_000);
    expect(parseRetryAfter('Tue, 01 Oct 2024 07:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('99999999', NOW)).toBe(24 * 3_600_000);
    expect(parseRetryAfter('bald', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});

describe('parseFreshUntil', () => {
  it('prefers max-age, falls back to Expires, bounds to 1 min .. 24 h', () => {
    expect(parseFreshUntil('public, max-age=600', undefined, NOW)).toBe(NOW + 600_000);
    expect(parseFreshUntil(undefined, 'Tue, 01 Oct 2024 09:00:00 GMT', NOW)).toBe(NOW + 3_600_000);
    expect(parseFreshUntil('max-age=5', undefined, NOW)).toBe(NOW + 60_000);
    expect(parseFreshUntil('max-age=9999999', undefined, NOW)).toBe(NOW + 24 * 3_600_000);
    expect(parseFreshUntil('no-cache, max-age=600', undefined, NOW)).toBeUndefined();
    expect(parseFreshUntil('max-age=0', undefined, NOW)).toBeUndefined();
    expect(parseFreshUntil(undefined, '0', NOW)).toBeUndefined();
  });
});

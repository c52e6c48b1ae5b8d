import { describe, expect, it } from 'vitest';
import { cleanName, MAX_NAME_CHARS } from '../../../src/commands/feed-intake.js';
import {
  checkSchedule,
  checkTimezone,
  MAX_KEYWORDS,
  parseKeywords,
  parseTags,
} from '../../../src/commands/validate.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string } }) =>
  r.ok ? r.value : r.error.code;

describe('checkSchedule', () => {
  it('accepts five-field schedules with plain minutes, normalizing spaces', () => {
    expect(value(checkSchedule('0 7 * * *'))).toBe('0 7 * * *');
    expect(value(checkSchedule(' 30   18 * * 1-5 '))).toBe('30 18 * * 1-5');
    expect(value(checkSchedule('0,15,30,45 6-22 * * *'))).toBe('0,15,30,45 6-22 * * *');
    expect(value(checkSchedule('0 7 * * MON-FRI'))).toBe('0 7 * * MON-FRI');
  });

  it('refuses every-minute schedules, seconds fields and what node-cron rejects', () => {
    for (const bad of [
      '* * * * *',
      '*/5 * * * *',
      '0,10,20,30,40 * * * *',
      '0 0 7 * * *',
      '0 7 * *',
      '61 7 * * *',
      '0 24 * * *',
      'täglich',
    ]) {
      expect(value(checkSchedule(bad)), bad).toBe('command.invalid_schedule');
    }
  });
});

describe('checkTimezone', () => {
  it('accepts IANA names in any case and returns the canonical spelling', () => {
    expect(value(checkTimezone('Europe/Berlin'))).toBe('Europe/Berlin');
    expect(value(checkTimezone('america/new_york'))).toBe('America/New_York');
    expect(value(checkTimezone('UTC'))).toBe('UTC');
  });

  it('refuses unknown zones and odd shapes', () => {
    for (const bad of ['Mars/Olympus', 'Berlin', '+02:00', '../etc/passwd', '']) {
      expect(value(checkTimezone(bad)), bad).toBe('command.invalid_timezone');
    }
  });
});

describe('parseKeywords / parseTags', () => {
  it('splits by comma, trims, drops case-insensitive duplicates; "-" clears', () => {
    expect(value(parseKeywords(' Bahn ,  Streik,bahn,, Deutsche   Bahn '))).toEqual([
      'Bahn',
      'Streik',
      'Deutsche Bahn',
    ]);
    expect(value(parseKeywords('-'))).toEqual([]);
  });

  it('bounds count and length', () => {
    const many = Array.from({ length: MAX_KEYWORDS + 1 }, (_, i) => `w${i}`).join(',');
    expect(value(parseKeywords(many))).toBe('command.invalid_keywords');
    expect(value(parseKeywords('x'.repeat(101)))).toBe('command.invalid_keywords');
  });

  it('tags are lower-case words', () => {
    expect(value(parseTags('Politik, Wirtschaft,politik'))).toEqual(['politik', 'wirtschaft']);
    expect(value(parseTags('zwei Wörter'))).toBe('command.invalid_tags');
    expect(value(parseTags('a<b>'))).toBe('command.invalid_tags');
  });
});

describe('cleanName', () => {
  it('keeps feed names on one line without control or bidi-override characters', () => {
    expect(cleanName('  Tages\nschau\u202e evil \u0007 ')).toBe('Tages schau evil');
    expect(cleanName('x'.repeat(500))).toHaveLength(MAX_NAME_CHARS);
  });
});

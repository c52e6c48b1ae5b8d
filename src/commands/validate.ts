/** Validation of settings values: cron schedules, timezones, keyword lists. Errors are values with codes. */
import { validate as validateCron } from 'node-cron';
import { FILTER_LIMITS } from '../delivery/filters.js';
import { err, ok, type Result } from '../domain/errors.js';

/** Minute field: plain minutes only (e.g. "0" or "0,30"), at most 4 a hour — a digest is not a ticker. */
const MINUTE_FIELD = /^\d{1,2}(?:,\d{1,2}){0,3}$/;

/** A five-field cron schedule (minute hour day month weekday) that node-cron accepts. */
export function checkSchedule(raw: string): Result<string> {
  const schedule = raw.trim().replace(/\s+/g, ' ');
  const fields = schedule.split(' ');
  const minute = fields[0] ?? '';
  if (fields.length !== 5 || !MINUTE_FIELD.test(minute) || !validateCron(schedule))
    return err('command.invalid_schedule', { schedule: raw.slice(0, 100) });
  return ok(schedule);
}

/** An IANA timezone that Intl knows (node-cron accepts unknown ones silently and never fires). */
export function checkTimezone(raw: string): Result<string> {
  const tz = raw.trim();
  try {
    if (!/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(tz) && tz !== 'UTC') throw new Error('shape');
    const resolved = new Intl.DateTimeFormat('en', { timeZone: tz }).resolvedOptions().timeZone;
    return ok(resolved);
  } catch {
    return err('command.invalid_timezone', { timezone: tz.slice(0, 64) });
  }
}

export const MAX_KEYWORDS: number = FILTER_LIMITS.maxTerms;
export const MAX_KEYWORD_CHARS: number = FILTER_LIMITS.maxTermLength;

/**
 * A comma-separated keyword list ("Bahn, Streik"). "-" (or an empty list) clears it.
 * At most MAX_KEYWORDS words of at most MAX_KEYWORD_CHARS characters each; duplicates (ignoring case) dropped.
 */
export function parseKeywords(raw: string): Result<string[]> {
  if (raw.trim() === '-') return ok([]);
  const words = raw
    .split(',')
    .map((w) => w.trim().replace(/\s+/g, ' '))
    .filter((w) => w !== '');
  const seen = new Set<string>();
  const out = words.filter((w) => {
    const k = w.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (out.length > MAX_KEYWORDS || out.some((w) => w.length > MAX_KEYWORD_CHARS))
    return err('command.invalid_keywords', { max: MAX_KEYWORDS, chars: MAX_KEYWORD_CHARS });
  return ok(out);
}

export const MAX_TAGS = 10;
export const MAX_TAG_CHARS = 40;

/** Tags of an admin feed: comma-separated, lower-case, letters/digits/-/_ only. */
export function parseTags(raw: string): Result<string[]> {
  const tags = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== ''),
    ),
  ];
  const bad = tags.find((tag) => tag.length > MAX_TAG_CHARS || !/^[\p{L}\p{N}_-]+$/u.test(tag));
  if (bad !== undefined || tags.length > MAX_TAGS)
    return err('command.invalid_tags', { max: MAX_TAGS, chars: MAX_TAG_CHARS });
  return ok(tags);
}

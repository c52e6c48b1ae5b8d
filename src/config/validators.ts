/**
 * The zod value validators of the settings table (src/config/settings.ts): numbers, URLs, lists, tokens, cron
 * schedules, timezones, rates. Each turns the raw environment string into the typed value or names the problem.
 */
import { isIP } from 'node:net';
import cron from 'node-cron';
import { z } from 'zod';
import { AllowList } from '../pipeline/fetch/address.js';

export const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const optionalText = z.string().transform((v) => (v.trim() === '' ? undefined : v.trim()));
/** An http(s) URL that parses and names a host (a prefix check alone lets "http://" or "http://a b" through). */
export function isHttpUrl(v: string, schemes = /^https?:$/, needHost = true): boolean {
  try {
    const u = new URL(v);
    return schemes.test(u.protocol) && (u.hostname !== '' || !needHost);
  } catch {
    return false;
  }
}
export const optionalUrl = z
  .string()
  .transform((v) => v.trim())
  .refine((v) => v === '' || isHttpUrl(v), 'must be an http(s) URL with a host')
  .transform((v) => (v === '' ? undefined : v.replace(/\/+$/, '')));
export const url = z
  .string()
  .trim()
  .refine((v) => isHttpUrl(v), 'must be an http(s) URL with a host')
  .transform((v) => v.replace(/\/+$/, ''));
export const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
);
/** A list whose every entry is checked; the message names each bad entry and what is wrong with it. */
export const checkedList = (problem: (entry: string) => string | undefined) =>
  list.superRefine((entries, ctx) => {
    const bad = entries.map(problem).filter((p): p is string => p !== undefined);
    if (bad.length > 0) ctx.addIssue({ code: 'custom', message: bad.join('; ') });
  });
const HOST_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;
/** An ALLOW_PRIVATE_HOSTS entry: a host name, an IP address or a CIDR (address/prefix). */
export function allowHostProblem(entry: string): string | undefined {
  const shown = JSON.stringify(entry.slice(0, 80));
  const [base = '', prefix, extra] = entry.split('/');
  const ip = base.replace(/^\[(.*)\]$/, '$1');
  if (prefix !== undefined) {
    const family = isIP(ip);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !/^\d{1,3}$/.test(prefix) || Number(prefix) > max)
      return `${shown} is not a CIDR (IPv4 address/0-32 or IPv6 address/0-128)`;
  } else if (isIP(ip) === 0) {
    const labels = entry.replace(/\.$/, '').split('.');
    const name = entry.length <= 253 && labels.every((l) => HOST_LABEL.test(l));
    // a name whose last label is all digits is a mistyped address (300.1.1.1), not a host name
    if (!name || /^\d+$/.test(labels[labels.length - 1] ?? ''))
      return `${shown} is not a host name, IP address or CIDR`;
  }
  try {
    new AllowList([entry]);
  } catch (e) {
    return `${shown}: ${(e as Error).message}`;
  }
  return undefined;
}
/** An ALLOW_PORTS entry: a TCP port 1-65535. */
export function portProblem(entry: string): string | undefined {
  const n = Number(entry);
  return /^\d{1,5}$/.test(entry) && n >= 1 && n <= 65535
    ? undefined
    : `${JSON.stringify(entry.slice(0, 20))} is not a port (1-65535)`;
}
/** A five-field cron expression (minute hour day month weekday) that node-cron accepts. */
export const cronSchedule = z
  .string()
  .trim()
  .transform((v) => v.replace(/\s+/g, ' '))
  .refine(
    (v) => v.split(' ').length === 5 && cron.validate(v),
    'must be a cron expression of five fields (minute hour day month weekday), e.g. 0 7 * * *',
  );
/** Printable ASCII without spaces: tokens go into URLs and headers as they are. */
export const optionalToken = (pattern: RegExp, what: string) =>
  optionalText.refine((v) => v === undefined || pattern.test(v), what);
export const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => ['', 'true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v),
    'must be true or false',
  )
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
export const timezone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown IANA timezone');
export const lang = z.enum(['de', 'en']);
/** A rate as "<count>/<window>", window in ms, s or min (e.g. 30/1s, 20/60s, 5/5s). */
export const rate = z
  .string()
  .trim()
  .regex(/^\d{1,6}\/\d{1,7}(ms|s|min)$/, 'must look like 30/1s, 20/60s or 5/5000ms')
  .transform((v) => {
    const m = /^(\d+)\/(\d+)(ms|s|min)$/.exec(v) as RegExpExecArray;
    const factor = m[3] === 'ms' ? 1 : m[3] === 's' ? 1000 : 60_000;
    return { count: Number(m[1]), windowMs: Number(m[2]) * factor };
  })
  .refine((r) => r.count >= 1 && r.windowMs >= 1, 'count and window must be at least 1');
/** DISCORD_SHARD_COUNT: a number of shards (1-65535) or `auto` (the count Discord recommends). */
export const shardCount = z
  .string()
  .trim()
  .toLowerCase()
  .refine(
    (v) => v === 'auto' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535),
    'must be a number of shards (at least 1) or auto',
  )
  .transform((v): number | 'auto' => (v === 'auto' ? 'auto' : Number(v)));
/** DISCORD_SHARD_IDS: distinct shard ids (0-65534); empty = any. */
export const shardIds = list
  .superRefine((entries, ctx) => {
    const bad = entries.filter((e) => !/^\d{1,5}$/.test(e) || Number(e) > 65534);
    if (bad.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: `${bad.map((b) => JSON.stringify(b.slice(0, 20))).join(', ')}: not a shard id (0, 1, 2, …)`,
      });
    const seen = new Set<number>();
    const dup = entries.map(Number).filter((n) => seen.size === seen.add(n).size);
    if (dup.length > 0) ctx.addIssue({ code: 'custom', message: `shard ${dup.join(', ')} listed twice` });
  })
  .transform((entries) => entries.map(Number));

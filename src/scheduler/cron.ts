/** node-cron helpers: timezone validation (node-cron accepts unknown zones silently), the night gap, its logger. */
import cron from 'node-cron';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../log/index.js';

export function assertTimezone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new AppError('config.invalid', `unknown timezone ${tz}`);
  }
}

/**
 * Validate a cron expression for daily work: valid syntax, and not in the 02:00–03:00 local hour,
 * which is skipped or repeated on DST changes.
 */
export function assertDailyCron(expr: string): void {
  if (!cron.validate(expr)) throw new AppError('config.invalid', `invalid cron expression "${expr}"`);
  const fields = expr.trim().split(/\s+/);
  const hour = fields.length === 6 ? fields[2] : fields[1];
  const hours = (hour ?? '').split(',').flatMap((h) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(h);
    if (!m) return [];
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
  });
  if (hours.includes(2)) {
    throw new AppError(
      'config.invalid',
      `daily job "${expr}" falls in 02:00–03:00, skipped or doubled on DST changes`,
    );
  }
}

/** Route node-cron's own messages (overlaps, missed runs) through our logger instead of the console. */
export function cronLogger(log: Logger) {
  return {
    info: (m: string) => log.debug({ source: 'node-cron' }, m),
    warn: (m: string) => log.warn({ source: 'node-cron' }, m),
    error: (m: string | Error) => log.error({ source: 'node-cron', err: m }, 'cron error'),
    debug: (m: string | Error) => log.debug({ source: 'node-cron' }, String(m)),
  };
}

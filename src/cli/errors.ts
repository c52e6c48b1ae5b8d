/** One line per CLI error: `error [<code>]: <English message> (<detail>)`; exit 2 for bad options, else 1. */
import type { CliIo } from '../cli.js';
import type { ErrorInfo } from '../domain/errors.js';
import { t } from '../i18n/index.js';

export function printError(io: CliIo, info: ErrorInfo): number {
  const detail = (info.detail ?? '').replace(`${info.code}: `, '').replace(/\s+/g, ' ').slice(0, 300);
  const message = t('en', info.code, { detail, ...(info.params ?? {}) }).replace(/\s+/g, ' ');
  const extra = detail && detail !== info.code && !message.includes(detail) ? ` (${detail})` : '';
  io.stderr(`error [${info.code}]: ${message}${extra}\n`);
  return info.code === 'input.invalid_option' ? 2 : 1;
}

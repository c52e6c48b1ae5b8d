/**
 * One line per CLI error: `error [<code>]: <English message> (<detail>)`; exit 2 for bad options, else 1.
 * Every placeholder of the message is filled or left out (never a literal `{detail}`), and secrets are scrubbed
 * (io.scrub) before anything is shortened, so no cut can leave half a token behind.
 */
import type { CliIo } from '../cli.js';
import { type Config, configWarnings } from '../config/index.js';
import type { ErrorInfo } from '../domain/errors.js';
import { catalogs } from '../i18n/index.js';

/** Marks a placeholder that has no value, so it can be dropped with the punctuation around it. */
const MISSING = '\u0000';

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The English message of `info` with every placeholder filled (params, else the detail) or dropped. */
export function cliMessage(io: Pick<CliIo, 'scrub'>, info: ErrorInfo): { message: string; detail: string } {
  const scrub = io.scrub ?? ((s: string) => s);
  const detail = oneLine(scrub(info.detail ?? '').replace(`${info.code}: `, '')).slice(0, 300);
  const template = catalogs.en[info.code] ?? info.code;
  const message = template
    .replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = info.params?.[name] ?? (name === 'detail' && detail !== '' ? detail : undefined);
      return v === undefined || v === '' ? MISSING : oneLine(scrub(String(v))).slice(0, 300);
    })
    .replace(/\s*\(\u0000\)|:\s*\u0000|\s*\u0000/g, '');
  return { message: oneLine(message), detail };
}

export function printError(io: CliIo, info: ErrorInfo): number {
  const { message, detail } = cliMessage(io, info);
  const extra = detail && detail !== info.code && !message.includes(detail) ? ` (${detail})` : '';
  io.stderr(`error [${info.code}]: ${message}${extra}\n`);
  return info.code === 'input.invalid_option' ? 2 : 1;
}

/** Valid but dangerous settings, printed whatever LOG_LEVEL says (see configWarnings). */
export function printConfigWarnings(io: CliIo, config: Config): void {
  for (const w of configWarnings(config)) io.stderr(`warning [config.risky]: ${w}\n`);
}

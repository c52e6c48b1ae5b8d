/**
 * Structured logging (pino). Secret values from the config are scrubbed from every line written. Lines are JSON
 * for machines; for people (LOG_FORMAT=pretty, or auto when the log stream is a terminal) each scrubbed JSON line
 * is rendered by pino-pretty, loaded only then.
 */
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import { type Config, secretValues } from '../config/index.js';
import { makeScrubber } from './scrub.js';

export type { Logger } from 'pino';
export { makeScrubber } from './scrub.js';

const REDACT_PATHS = [
  'token',
  'apiKey',
  'api_key',
  'password',
  'authorization',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; default stdout. Tests pass a collector. */
  write?: (line: string) => void;
  secrets?: string[];
  /** Render lines for people (pino-pretty) instead of JSON; `color` adds ANSI colours. */
  pretty?: { color: boolean };
}

type Prettify = (line: string) => string;

/** pino-pretty's formatter, loaded on first use (it is not needed for JSON lines). */
function prettifier(color: boolean): Prettify {
  const require = createRequire(import.meta.url);
  const { prettyFactory } = require('pino-pretty') as {
    prettyFactory: (o: Record<string, unknown>) => Prettify;
  };
  return prettyFactory({ colorize: color, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const scrub = makeScrubber(opts.secrets ?? []);
  const out = opts.write ?? ((line: string) => process.stdout.write(line));
  const pretty = opts.pretty ? prettifier(opts.pretty.color) : undefined;
  const write = pretty ? (line: string) => out(pretty(line)) : out;
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: undefined,
    },
    { write: (line: string) => write(scrub(line)) },
  );
}

/**
 * The app's logger. `tty`: the log stream is a terminal (LOG_FORMAT=auto then renders lines for people, in
 * colour).
 */
export function loggerFromConfig(
  config: Config,
  write?: (line: string) => void,
  opts: { tty?: boolean } = {},
): Logger {
  const format = config.LOG_FORMAT ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && opts.tty === true);
  return createLogger({
    level: config.LOG_LEVEL,
    secrets: secretValues(config),
    write,
    pretty: pretty ? { color: opts.tty === true } : undefined,
  });
}

/** A logger that writes nothing, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });

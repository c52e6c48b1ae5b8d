/** Structured logging (pino). Secret values from the config are scrubbed from every line written. */
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
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const scrub = makeScrubber(opts.secrets ?? []);
  const write = opts.write ?? ((line: string) => process.stdout.write(line));
  return pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      base: undefined,
    },
    { write: (line: string) => write(scrub(line)) },
  );
}

export function loggerFromConfig(config: Config, write?: (line: string) => void): Logger {
  return createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config), write });
}

/** A logger that writes nothing, for tests and library defaults. */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Typed errors with stable codes. A code doubles as the i18n key of the message users see
 * (src/i18n). Expected failures travel as values (`Result`); unexpected ones throw to one boundary.
 */

/** Stable error codes. Add new ones here; src/i18n must have a message for each (a test checks). */
export const ERROR_CODES = [
  // config / input
  'config.invalid',
  'input.missing_file',
  'input.empty',
  'input.binary',
  'input.too_large',
  'input.invalid_json',
  'input.invalid_url',
  'input.invalid_option',
  // fetcher
  'fetch.timeout',
  'fetch.too_large',
  'fetch.blocked_address',
  'fetch.blocked_port',
  'fetch.blocked_scheme',
  'fetch.too_many_redirects',
  'fetch.http_status',
  'fetch.network',
  'fetch.dns',
  'fetch.unsupported_type',
  // parser
  'parse.invalid_xml',
  'parse.not_a_feed',
  'parse.empty',
  'parse.forbidden_entity',
  'parse.timeout',
  // extraction / summary
  'extract.no_content',
  'extract.not_html',
  'extract.too_large',
  'extract.too_deep',
  'extract.timeout',
  'summarize.failed',
  // llm / translation
  'llm.unavailable',
  'llm.bad_response',
  'llm.timeout',
  'llm.budget_exhausted',
  'llm.figure_mismatch',
  'translate.unavailable',
  // store
  'store.unavailable',
  // store at start: what the operator has to fix in DATABASE_URL or on the server
  'store.unreachable',
  'store.no_database',
  'store.auth_failed',
  'store.bad_path',
  'store.not_sqlite',
  // cluster mode (REDIS_URL set)
  'redis.unavailable',
  'cluster.job_failed',
  // commands
  'command.unknown',
  'command.admin_only',
  'command.manage_only',
  'command.bad_argument',
  'command.rate_limited',
  'command.not_found',
  'command.limit_reached',
  'command.already_exists',
  'command.unknown_option',
  'command.missing_option',
  'command.invalid_choice',
  'command.option_too_long',
  'command.option_not_integer',
  'command.option_out_of_range',
  'command.unavailable',
  'command.invalid_schedule',
  'command.invalid_timezone',
  'command.invalid_keywords',
  'command.invalid_tags',
  'command.invalid_regex',
  'opml.invalid',
  'opml.empty',
  'opml.too_many',
  // delivery / platforms
  'delivery.rate_limited',
  'delivery.missing_permissions',
  'delivery.chat_not_found',
  'delivery.bad_format',
  'delivery.server_error',
  'delivery.network',
  'delivery.blocked',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  /** Parameters for the localized message, e.g. { status: 404 }. Never secrets. */
  params?: Record<string, string | number>;
  /** Technical detail for logs (not shown to users). */
  detail?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  constructor(
    code: ErrorCode,
    detail?: string,
    params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(detail ? `${code}: ${detail}` : code, options);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, params: this.params, detail: this.message };
  }
}

export type Result<T, E = ErrorInfo> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (
  code: ErrorCode,
  params?: Record<string, string | number>,
  detail?: string,
): Result<never> => ({
  ok: false,
  error: { code, params, detail },
});

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Any thrown value as an ErrorInfo (unknown errors become `internal`). */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof AppError) return e.toInfo();
  return { code: 'internal', detail: e instanceof Error ? e.message : String(e) };
}

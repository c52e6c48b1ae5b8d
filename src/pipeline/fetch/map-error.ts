/** Turns whatever undici, zlib or the resolver threw into an AppError with a fetch.* code. */
import { AppError } from '../../domain/errors.js';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA']);

function findAppError(e: unknown): AppError | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur; depth++) {
    if (cur instanceof AppError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

export function toFetchError(e: unknown, signal: AbortSignal): AppError {
  const found = findAppError(e);
  if (found) return found;
  if (signal.aborted) {
    const reason = signal.reason;
    return reason instanceof AppError ? reason : new AppError('fetch.timeout', 'request aborted');
  }
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof code === 'string' && TIMEOUT_CODES.has(code)) return new AppError('fetch.timeout', message);
  if (typeof code === 'string' && DNS_CODES.has(code)) return new AppError('fetch.dns', message);
  return new AppError('fetch.network', message, {}, { cause: e });
}

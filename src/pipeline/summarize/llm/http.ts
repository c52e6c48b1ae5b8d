/**
 * JSON POST to an operator-configured backend (LLM or translation server) with a timeout and bounded retries
 * with exponential backoff. Errors carry the caller's stable codes and never the request headers (API keys).
 */
import { type Dispatcher, request } from 'undici';
import { AppError, type ErrorCode } from '../../../domain/errors.js';
import type { Logger } from '../../../log/index.js';

export interface BackendCodes {
  timeout: ErrorCode;
  unavailable: ErrorCode;
  /** The answer is unusable (too large). */
  bad: ErrorCode;
}

/** Largest response body read from a backend. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

export interface PostJsonOptions {
  url: string;
  body: unknown;
  /** Extra headers (Authorization); never logged. */
  headers?: Record<string, string>;
  timeoutMs: number;
  codes: BackendCodes;
  dispatcher?: Dispatcher;
}

export interface JsonResponse {
  status: number;
  text: string;
  retryAfterMs?: number;
}

/** One POST. Throws AppError(codes.timeout) on timeout and AppError(codes.unavailable) when unreachable. */
export async function postJson(o: PostJsonOptions): Promise<JsonResponse> {
  const signal = AbortSignal.timeout(o.timeoutMs);
  try {
    const res = await request(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...o.headers },
      body: JSON.stringify(o.body),
      signal,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
    });
    const text = await readCapped(res.body, o.codes);
    return { status: res.statusCode, text, retryAfterMs: retryAfter(res.headers['retry-after']) };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (signal.aborted || isTimeout(e))
      throw new AppError(o.codes.timeout, `no answer within ${o.timeoutMs} ms`);
    throw new AppError(o.codes.unavailable, `request failed: ${errorName(e)}`);
  }
}

async function readCapped(body: AsyncIterable<Buffer>, codes: BackendCodes): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES)
      throw new AppError(codes.bad, `response larger than ${MAX_RESPONSE_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isTimeout(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code ?? '';
  return /TIMEOUT/i.test(code) || (e instanceof Error && e.name === 'TimeoutError');
}

/** Error class and code only: undici messages may quote the URL, which is fine, but keep them short. */
function errorName(e: unknown): string {
  if (!(e instanceof Error)) return 'unknown';
  const code = (e as { code?: string }).code;
  return code ? `${e.name} ${code}` : e.name;
}

function retryAfter(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  const s = Number(v);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

/** HTTP statuses worth another try: rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export interface RetryOptions {
  retries: number;
  baseMs: number;
  /** Longest single wait (Retry-After is capped to it too). */
  maxDelayMs?: number;
  log: Logger;
  what: string;
}

/** A failure that may be retried, with an optional server-given delay. */
export class RetryableError extends AppError {
  constructor(
    code: ErrorCode,
    detail: string,
    readonly retryAfterMs?: number,
  ) {
    super(code, detail);
  }
}

/** Run `attempt` up to 1 + retries times; retries RetryableError and timeouts/unreachable codes. */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  o: RetryOptions,
  retryable: (e: unknown) => boolean,
): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (e) {
      if (n >= o.retries || !retryable(e)) throw e;
      const hinted = e instanceof RetryableError ? e.retryAfterMs : undefined;
      const delay = Math.min(hinted ?? o.baseMs * 2 ** n * (1 + Math.random() / 2), o.maxDelayMs ?? 30_000);
      o.log.warn({ what: o.what, attempt: n + 1, delayMs: Math.round(delay), code: codeOf(e) }, 'retrying');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function codeOf(e: unknown): string {
  return e instanceof AppError ? e.code : 'internal';
}

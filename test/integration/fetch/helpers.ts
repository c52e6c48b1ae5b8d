import { AppError } from '../../../src/domain/errors.js';
import type { FetcherOptions, LookupFn } from '../../../src/pipeline/fetch/index.js';

export function options(over: Partial<FetcherOptions> = {}): FetcherOptions {
  return {
    allowPrivateHosts: [],
    allowPorts: [],
    userAgent: 'news-digest-bot-test/1.0 (+https://example.invalid/bot)',
    timeoutMs: 3000,
    connectTimeoutMs: 1000,
    maxFeedBytes: 64 * 1024,
    maxPageBytes: 64 * 1024,
    maxRedirects: 5,
    ...over,
  };
}

/** A fake resolver: names map to fixed answers (a list per call, the last one repeats); counts calls. */
export function fakeLookup(table: Record<string, string | string[]>): LookupFn & { calls: string[] } {
  const calls: string[] = [];
  const seen = new Map<string, number>();
  const fn = async (hostname: string) => {
    calls.push(hostname);
    const entry = table[hostname.toLowerCase()];
    if (entry === undefined) throw Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const list = Array.isArray(entry) ? entry : [entry];
    const n = seen.get(hostname) ?? 0;
    seen.set(hostname, n + 1);
    const address = list[Math.min(n, list.length - 1)] ?? '';
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return Object.assign(fn, { calls });
}

export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof AppError ? e.code : `untyped: ${String(e)}`;
  }
}

export async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

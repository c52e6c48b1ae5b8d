/** The guarded fetcher: the one way the bot reaches URLs that come from feeds or admins. */
import type { Config } from '../../config/index.js';
import type { FetcherOptions } from './types.js';

export { AllowList, isPublicAddress } from './address.js';
export { createFetcher } from './fetcher.js';
export { parseFreshUntil, parseRetryAfter } from './headers.js';
export type {
  Fetcher,
  FetcherOptions,
  FetchRequest,
  FetchResult,
  LookupAddress,
  LookupFn,
} from './types.js';
export { checkUrl } from './url.js';

function ports(list: readonly string[]): number[] {
  return list.map(Number).filter((p) => Number.isInteger(p) && p > 0 && p < 65536);
}

export function fetcherOptionsFromConfig(c: Config): FetcherOptions {
  return {
    allowPrivateHosts: [...c.ALLOW_PRIVATE_HOSTS],
    allowPorts: ports(c.ALLOW_PORTS),
    userAgent: c.USER_AGENT,
    timeoutMs: c.FETCH_TIMEOUT_MS,
    connectTimeoutMs: c.FETCH_CONNECT_TIMEOUT_MS,
    maxFeedBytes: c.FETCH_MAX_FEED_BYTES,
    maxPageBytes: c.FETCH_MAX_PAGE_BYTES,
    maxRedirects: c.FETCH_MAX_REDIRECTS,
  };
}

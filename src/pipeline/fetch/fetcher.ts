/** The guarded fetcher: undici `request`, our own redirects, caps, timeouts and conditional GET. */
import { createHash } from 'node:crypto';
import type { Agent, Dispatcher } from 'undici';
import { request } from 'undici';
import { AppError } from '../../domain/errors.js';
import { AllowList } from './address.js';
import { createGuardedAgent } from './agent.js';
import { discard, readCapped, tooLarge, unpackSniffedGzip } from './body.js';
import {
  ACCEPT_ENCODING,
  FEED_ACCEPT,
  headerText,
  isHtmlType,
  PAGE_ACCEPT,
  parseFreshUntil,
  parseRetryAfter,
} from './headers.js';
import { toFetchError } from './map-error.js';
import type { Fetcher, FetcherOptions, FetchRequest, FetchResult } from './types.js';
import { checkUrl } from './url.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

type Response = Dispatcher.ResponseData;

export function createFetcher(opts: FetcherOptions): Fetcher {
  const agent = createGuardedAgent(opts);
  const allow = new AllowList(opts.allowPrivateHosts);
  return {
    async fetch(url: string, req: FetchRequest): Promise<FetchResult> {
      const controller = new AbortController();
      const timer = setTimeout(
        () =>
          controller.abort(new AppError('fetch.timeout', `no complete answer within ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
      try {
        return await follow(url, req, { opts, agent, allow, signal: controller.signal });
      } catch (e) {
        throw toFetchError(e, controller.signal);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await agent.destroy();
    },
  };
}

interface Ctx {
  opts: FetcherOptions;
  agent: Agent;
  allow: AllowList;
  signal: AbortSignal;
}

async function follow(start: string, req: FetchRequest, ctx: Ctx): Promise<FetchResult> {
  let current = start;
  for (let hop = 0; ; hop++) {
    const url = checkUrl(current, ctx.allow, ctx.opts.allowPorts);
    const res = await request(url, {
      method: 'GET',
      dispatcher: ctx.agent,
      headers: requestHeaders(req, ctx.opts.userAgent),
      signal: ctx.signal,
    });
    const location = headerText(res.headers.location);
    if (!REDIRECTS.has(res.statusCode) || !location) return respond(url.href, res, req, ctx.opts);
    discard(res.body);
    if (hop >= ctx.opts.maxRedirects) {
      throw new AppError('fetch.too_many_redirects', `more than ${ctx.opts.maxRedirects} redirects`, {
        max: ctx.opts.maxRedirects,
      });
    }
    current = resolveLocation(location, url);
  }
}

function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new AppError('fetch.network', 'redirect with an invalid Location header');
  }
}

function requestHeaders(req: FetchRequest, userAgent: string): Record<string, string> {
  const h: Record<string, string> = {
    'user-agent': userAgent,
    accept: req.kind === 'page' ? PAGE_ACCEPT : FEED_ACCEPT,
    'accept-encoding': ACCEPT_ENCODING,
  };
  if (req.etag) h['if-none-match'] = req.etag;
  if (req.lastModified) h['if-modified-since'] = req.lastModified;
  return h;
}

async function respond(finalUrl: string, res: Response, req: FetchRequest, o: FetcherOptions) {
  const now = Date.now();
  const h = res.headers;
  const meta = {
    status: res.statusCode,
    contentType: headerText(h['content-type']),
    finalUrl,
    etag: headerText(h.etag) ?? req.etag,
    lastModified: headerText(h['last-modified']) ?? req.lastModified,
    freshUntil: parseFreshUntil(headerText(h['cache-control']), headerText(h.expires), now),
  };
  if (res.statusCode === 304) {
    // no body to read: dump() lets the connection be reused (destroy() would close it and build an abort error)
    await res.body.dump().catch(() => undefined);
    return { ...meta, notModified: true, body: Buffer.alloc(0), bodyHash: req.previousBodyHash ?? '' };
  }
  checkStatus(res, now);
  const limit = req.kind === 'page' ? o.maxPageBytes : o.maxFeedBytes;
  checkHeadersBeforeBody(res, req, limit);
  const encoding = headerText(h['content-encoding']);
  const raw = await readCapped(res.body, encoding, limit);
  const body = req.kind === 'feed' ? await unpackSniffedGzip(raw, encoding, limit) : raw;
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return { ...meta, notModified: bodyHash === req.previousBodyHash, body, bodyHash };
}

function checkStatus(res: Response, now: number): void {
  if (res.statusCode >= 200 && res.statusCode < 300) return;
  discard(res.body);
  const params: Record<string, number> = { status: res.statusCode };
  if (res.statusCode === 429 || res.statusCode === 503) {
    const retry = parseRetryAfter(headerText(res.headers['retry-after']), now);
    if (retry !== undefined) params.retryAfterMs = retry;
  }
  throw new AppError('fetch.http_status', `HTTP ${res.statusCode}`, params);
}

function checkHeadersBeforeBody(res: Response, req: FetchRequest, limit: number): void {
  const contentType = headerText(res.headers['content-type']);
  if (req.kind === 'page' && !isHtmlType(contentType)) {
    discard(res.body);
    throw new AppError('fetch.unsupported_type', `not an HTML page: ${contentType ?? ''}`.slice(0, 200), {
      type: (contentType ?? '').slice(0, 80),
    });
  }
  const length = Number(headerText(res.headers['content-length']));
  if (Number.isFinite(length) && length > limit) {
    discard(res.body);
    throw tooLarge(limit);
  }
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../../../src/pipeline/fetch/index.js';
import { codeOf, errorOf, options } from './helpers.js';
import { startServer, type TestServer } from './server.js';

let srv: TestServer;
const fetchers: Fetcher[] = [];
const BODY = '<rss version="2.0"><channel><title>Nachrichten</title></channel></rss>';

function make(over: Parameters<typeof options>[0] = {}): Fetcher {
  const f = createFetcher(options({ allowPrivateHosts: ['127.0.0.1'], allowPorts: [srv.port], ...over }));
  fetchers.push(f);
  return f;
}

beforeAll(async () => {
  srv = await startServer();
  srv.route('/cond', (req, res) => {
    if (
      req.headers['if-none-match'] === '"v1"' ||
      req.headers['if-modified-since'] === 'Tue, 01 Oct 2024 08:00:00 GMT'
    ) {
      res.writeHead(304, { etag: '"v1"' });
      return res.end();
    }
    res.writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      'last-modified': 'Tue, 01 Oct 2024 08:00:00 GMT',
      'cache-control': 'public, max-age=600',
    });
    res.end(BODY);
  });
  srv.route('/rate', (_req, res) => {
    res.writeHead(429, { 'retry-after': '120' });
    res.end('slow down');
  });
  srv.route('/unavailable', (_req, res) => {
    res.writeHead(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() });
    res.end();
  });
  srv.route('/gone', (_req, res) => {
    res.writeHead(404);
    res.end();
  });
  for (let i = 0; i < 7; i++) {
    srv.route(`/chain${i}`, (_req, res) => {
      res.writeHead(i % 2 ? 301 : 302, { location: `/chain${i + 1}` });
      res.end('moved');
    });
  }
  srv.route('/chain7', (_req, res) => res.end(BODY));
  srv.route('/page', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body><p>Artikel</p></body></html>');
  });
  srv.route('/pdf', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.4');
  });
  srv.route('/forever', (_req, res) => {
    res.writeHead(200, { 'cache-control': 'max-age=99999999' });
    res.end(BODY);
  });
});
afterEach(async () => {
  for (const f of fetchers.splice(0)) await f.close();
});
afterAll(async () => {
  await srv.close();
});

describe('conditional GET', () => {
  it('keeps the connection open after a 304 (the next conditional GET reuses it)', async () => {
    const f = make();
    const before = { opened: srv.connections, closed: srv.closedSockets };
    for (let i = 0; i < 10; i++) {
      const r = await f.fetch(srv.url('/cond'), { kind: 'feed', etag: '"v1"' });
      expect(r.status).toBe(304);
    }
    await new Promise((r) => setTimeout(r, 50));
    // no connection was closed, and they were reused (at most 2 opened for 10 requests)
    expect(srv.closedSockets - before.closed).toBe(0);
    expect(srv.connections - before.opened).toBeLessThanOrEqual(2);
  });

  it('runs the 200 → 304 → unchanged-hash flow', async () => {
    const f = make();
    const first = await f.fetch(srv.url('/cond'), { kind: 'feed' });
    expect(first.status).toBe(200);
    expect(first.notModified).toBe(false);
    expect(first.body.toString()).toBe(BODY);
    expect(first.etag).toBe('"v1"');
    expect(first.lastModified).toBe('Tue, 01 Oct 2024 08:00:00 GMT');
    expect(first.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(first.bodyHash).toMatch(/^[0-9a-f]{64}$/);

    const second = await f.fetch(srv.url('/cond'), {
      kind: 'feed',
      etag: first.etag,
      previousBodyHash: first.bodyHash,
    });
    expect(second).toMatchObject({ status: 304, notModified: true, bodyHash: first.bodyHash, etag: '"v1"' });
    expect(second.body.length).toBe(0);

    const byDate = await f.fetch(srv.url('/cond'), { kind: 'feed', lastModified: first.lastModified });
    expect(byDate.status).toBe(304);

    const third = await f.fetch(srv.url('/cond'), { kind: 'feed', previousBodyHash: first.bodyHash });
    expect(third.status).toBe(200);
    expect(third.notModified).toBe(true);
    const fourth = await f.fetch(srv.url('/cond'), { kind: 'feed', previousBodyHash: '0'.repeat(64) });
    expect(fourth.notModified).toBe(false);
  });

  it('takes freshness from Cache-Control, bounded to 24 h', async () => {
    const f = make();
    const before = Date.now();
    const r = await f.fetch(srv.url('/cond'), { kind: 'feed' });
    expect(r.freshUntil).toBeGreaterThanOrEqual(before + 600_000);
    expect(r.freshUntil).toBeLessThanOrEqual(Date.now() + 600_000);
    const capped = await f.fetch(srv.url('/forever'), { kind: 'feed' });
    expect(capped.freshUntil).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
  });
});

describe('status codes', () => {
  it('reports 429 with Retry-After in seconds', async () => {
    const e = await errorOf(make().fetch(srv.url('/rate'), { kind: 'feed' }));
    expect(e.code).toBe('fetch.http_status');
    expect(e.params).toEqual({ status: 429, retryAfterMs: 120_000 });
  });

  it('reports 503 with Retry-After as an HTTP date', async () => {
    const e = await errorOf(make().fetch(srv.url('/unavailable'), { kind: 'feed' }));
    expect(e.params.status).toBe(503);
    expect(e.params.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(e.params.retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('reports 404 without a retry hint', async () => {
    const e = await errorOf(make().fetch(srv.url('/gone'), { kind: 'feed' }));
    expect(e.params).toEqual({ status: 404 });
  });
});

describe('redirects', () => {
  it('follows 5 redirects and reports the final URL', async () => {
    const r = await make().fetch(srv.url('/chain2'), { kind: 'feed' });
    expect(r.body.toString()).toBe(BODY);
    expect(r.finalUrl).toBe(srv.url('/chain7'));
  });

  it('refuses a chain of 6 redirects', async () => {
    expect(await codeOf(make().fetch(srv.url('/chain1'), { kind: 'feed' }))).toBe('fetch.too_many_redirects');
    expect(await codeOf(make({ maxRedirects: 0 }).fetch(srv.url('/chain6'), { kind: 'feed' }))).toBe(
      'fetch.too_many_redirects',
    );
  });
});

describe('request headers and page kind', () => {
  it('sends the configured User-Agent, Accept per kind and Accept-Encoding', async () => {
    const f = make();
    const seen = srv.requests.length;
    await f.fetch(srv.url('/cond'), { kind: 'feed' });
    await f.fetch(srv.url('/page'), { kind: 'page' });
    const [feedReq, pageReq] = srv.requests.slice(seen);
    expect(feedReq?.headers['user-agent']).toBe(options().userAgent);
    expect(feedReq?.headers.accept).toContain('application/rss+xml');
    expect(feedReq?.headers['accept-encoding']).toContain('gzip');
    expect(feedReq?.headers['accept-encoding']).toContain('br');
    expect(pageReq?.headers.accept).toMatch(/^text\/html/);
  });

  it('accepts HTML pages and refuses other types for pages only', async () => {
    const f = make();
    expect((await f.fetch(srv.url('/page'), { kind: 'page' })).body.toString()).toContain('Artikel');
    expect(await codeOf(f.fetch(srv.url('/pdf'), { kind: 'page' }))).toBe('fetch.unsupported_type');
    expect((await f.fetch(srv.url('/pdf'), { kind: 'feed' })).status).toBe(200);
  });
});

describe('bad destinations', () => {
  it('refuses other schemes and ports, reports refused connections and unknown names', async () => {
    const f = make({
      lookup: async () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })),
    });
    expect(await codeOf(f.fetch('file:///etc/passwd', { kind: 'feed' }))).toBe('fetch.blocked_scheme');
    expect(await codeOf(f.fetch('ftp://127.0.0.1/feed', { kind: 'feed' }))).toBe('fetch.blocked_scheme');
    expect(await codeOf(f.fetch('http://127.0.0.1:22/', { kind: 'feed' }))).toBe('fetch.blocked_port');
    expect(await codeOf(f.fetch('not a url', { kind: 'feed' }))).toBe('input.invalid_url');
    expect(await codeOf(f.fetch('http://unknown.test/feed', { kind: 'feed' }))).toBe('fetch.dns');
    const closed = await startServer();
    const port = closed.port;
    await closed.close();
    const g = make({ allowPorts: [port] });
    expect(await codeOf(g.fetch(`http://127.0.0.1:${port}/`, { kind: 'feed' }))).toBe('fetch.network');
  });
});

import { gzipSync } from 'node:zlib';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../../../src/pipeline/fetch/index.js';
import { gzipBomb, tinyItems } from '../../helpers/hostile.js';
import { codeOf, options } from './helpers.js';
import { startServer, type TestServer } from './server.js';

let srv: TestServer;
const fetchers: Fetcher[] = [];
const CAP = 64 * 1024;

function make(over: Parameters<typeof options>[0] = {}): Fetcher {
  const f = createFetcher(options({ allowPrivateHosts: ['127.0.0.1/32'], allowPorts: [srv.port], ...over }));
  fetchers.push(f);
  return f;
}

/** Resolves when the server side of the response's socket closes; records bytes written. */
function track(res: import('node:http').ServerResponse) {
  const state = { written: 0, closed: new Promise<void>((r) => res.socket?.once('close', () => r())) };
  return state;
}

const closes: Array<Promise<void>> = [];
let written = 0;

beforeAll(async () => {
  srv = await startServer();
  srv.route('/endless', (_req, res) => {
    const t = track(res);
    closes.push(t.closed);
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    let n = 0;
    const pump = () => {
      // bounded: at most 64 MB, normally stopped by the client after ~64 KB
      while (n < 4096 && !res.destroyed) {
        n++;
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
  srv.route('/gzip-bomb', (_req, res) => {
    closes.push(track(res).closed);
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
    res.write(bomb); // and never end: the client has to close
  });
  const brBomb = brotliCompressSync(Buffer.alloc(10 * 1024 * 1024));
  srv.route('/br-bomb', (_req, res) => {
    closes.push(track(res).closed);
    res.writeHead(200, { 'content-encoding': 'br' });
    res.write(brBomb);
  });
  srv.route('/big-length', (_req, res) => {
    res.writeHead(200, { 'content-length': String(CAP * 10) });
    res.write('<rss>');
  });
  srv.route('/drip', (_req, res) => {
    closes.push(track(res).closed);
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    let n = 0;
    const timer = setInterval(() => {
      if (res.destroyed || ++n > 200) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write('x');
    }, 20);
  });
  srv.route('/silence', (_req, res) => {
    closes.push(track(res).closed);
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.flushHeaders();
  });
  srv.route('/no-headers', (_req, res) => {
    closes.push(track(res).closed);
  });
  srv.route('/gzip-ok', (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.from('<rss version="2.0">gepackt</rss>')));
  });
  srv.route('/br-ok', (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'br' });
    res.end(brotliCompressSync(Buffer.from('<feed>brotli</feed>')));
  });
  // gzip without Content-Encoding: 1.7M items fit in ~120 KB; here 60,000 tiny items (~1.7 MB) in a few KB
  const sniffedBomb = gzipBomb(60_000);
  srv.route('/gzip-undeclared-bomb', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(sniffedBomb);
  });
  srv.route('/gzip-undeclared-ok', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(gzipSync(Buffer.from(tinyItems(3))));
  });
  srv.route('/broken-gzip', (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' });
    res.end(Buffer.from('this is not gzip at all'));
  });
});
afterEach(async () => {
  for (const f of fetchers.splice(0)) await f.close();
});
afterAll(async () => {
  await srv.close();
});

describe('body cap', () => {
  it('stops an endless body at the cap and closes the socket', async () => {
    const before = closes.length;
    expect(await codeOf(make().fetch(srv.url('/endless'), { kind: 'feed' }))).toBe('fetch.too_large');
    await closes[before];
    expect(written).toBeLessThan(4096 * 16 * 1024);
  });

  it('stops a gzip bomb after decompression at the cap and closes the socket', async () => {
    const before = closes.length;
    expect(await codeOf(make().fetch(srv.url('/gzip-bomb'), { kind: 'feed' }))).toBe('fetch.too_large');
    await closes[before];
  });

  it('stops a brotli bomb at the cap', async () => {
    const before = closes.length;
    expect(await codeOf(make({ maxFeedBytes: 10_000 }).fetch(srv.url('/br-bomb'), { kind: 'feed' }))).toBe(
      'fetch.too_large',
    );
    await closes[before];
  });

  it('refuses a larger Content-Length before reading', async () => {
    const e = await codeOf(make().fetch(srv.url('/big-length'), { kind: 'feed' }));
    expect(e).toBe('fetch.too_large');
  });

  it('decodes gzip and brotli bodies', async () => {
    const f = make();
    expect((await f.fetch(srv.url('/gzip-ok'), { kind: 'feed' })).body.toString()).toBe(
      '<rss version="2.0">gepackt</rss>',
    );
    expect((await f.fetch(srv.url('/br-ok'), { kind: 'feed' })).body.toString()).toBe('<feed>brotli</feed>');
  });

  it('holds the feed cap for a gzip body sent without Content-Encoding (sniffed), and still unpacks a small one', async () => {
    const f = make();
    expect(await codeOf(f.fetch(srv.url('/gzip-undeclared-bomb'), { kind: 'feed' }))).toBe('fetch.too_large');
    // the cap is the fetcher's feed cap: with room for it, the same body is unpacked in full
    const roomy = make({ maxFeedBytes: 2_000_000 });
    const res = await roomy.fetch(srv.url('/gzip-undeclared-bomb'), { kind: 'feed' });
    expect(res.body.length).toBe(tinyItems(60_000).length);
    const small = await f.fetch(srv.url('/gzip-undeclared-ok'), { kind: 'feed' });
    expect(small.body.toString()).toBe(tinyItems(3));
  });

  it('reports a corrupt compressed body as a network error', async () => {
    expect(await codeOf(make().fetch(srv.url('/broken-gzip'), { kind: 'feed' }))).toBe('fetch.network');
  });
});

describe('timeouts', () => {
  for (const path of ['/drip', '/silence', '/no-headers']) {
    it(`ends ${path} at the overall timeout and destroys the socket`, async () => {
      const before = closes.length;
      const f = make({ timeoutMs: 300 });
      expect(await codeOf(f.fetch(srv.url(path), { kind: 'feed' }))).toBe('fetch.timeout');
      await closes[before];
    });
  }
});

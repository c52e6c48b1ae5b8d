import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, type Fetcher } from '../../../src/pipeline/fetch/index.js';
import { codeOf, fakeLookup, options } from './helpers.js';
import { startServer, type TestServer } from './server.js';

let srv: TestServer;
let other: TestServer;
const fetchers: Fetcher[] = [];

function make(over: Parameters<typeof options>[0] = {}): Fetcher {
  const f = createFetcher(options({ allowPorts: [srv.port, other.port], ...over }));
  fetchers.push(f);
  return f;
}

beforeAll(async () => {
  srv = await startServer();
  other = await startServer();
  srv.route('/feed', (_req, res) => res.end('<rss/>'));
  other.route('/secret', (_req, res) => res.end('secret'));
});
afterEach(async () => {
  for (const f of fetchers.splice(0)) await f.close();
});
afterAll(async () => {
  await srv.close();
  await other.close();
});

describe('SSRF: address forms pointing at a live loopback server', () => {
  const forms = [
    '127.0.0.1',
    '2130706433',
    '0x7f000001',
    '127.1',
    '0x7f.1',
    '0177.0.0.1',
    '127.0.0.1.',
    '[::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]',
    '0',
    '0.0.0.0',
    'localhost',
    'localhost.',
  ];
  for (const host of forms) {
    it(`refuses http://${host}:<port>/ without connecting`, async () => {
      const lookup = fakeLookup({ localhost: '127.0.0.1', 'localhost.': '127.0.0.1' });
      const before = srv.connections;
      const code = await codeOf(make({ lookup }).fetch(`http://${host}:${srv.port}/feed`, { kind: 'feed' }));
      expect(code).toBe('fetch.blocked_address');
      expect(srv.connections).toBe(before);
    });
  }

  it('refuses the userinfo trick (user@127.0.0.1@name) by the real host', async () => {
    const lookup = fakeLookup({ 'evil.test': '127.0.0.1' });
    const url = `http://127.0.0.1:${srv.port}@evil.test:${srv.port}/feed`;
    const before = srv.connections;
    expect(await codeOf(make({ lookup }).fetch(url, { kind: 'feed' }))).toBe('fetch.blocked_address');
    expect(lookup.calls).toEqual(['evil.test']);
    expect(srv.connections).toBe(before);
  });

  it('never calls the resolver for IP literals (checked before connecting)', async () => {
    const lookup = fakeLookup({});
    const f = make({ lookup });
    for (const host of ['2130706433', '[::1]', '0x7f000001']) {
      expect(await codeOf(f.fetch(`http://${host}:${srv.port}/feed`, { kind: 'feed' }))).toBe(
        'fetch.blocked_address',
      );
    }
    expect(lookup.calls).toEqual([]);
  });

  it('refuses names that resolve to private addresses, without connecting', async () => {
    const lookup = fakeLookup({
      'intranet.test': '10.0.0.1',
      'metadata.test': '169.254.169.254',
      'cgnat.test': '100.64.0.1',
      'ula.test': 'fd00::1',
      'mapped.test': '::ffff:10.0.0.1',
      'loop.test': '127.0.0.1',
    });
    const f = make({ lookup });
    for (const name of [
      'intranet.test',
      'metadata.test',
      'cgnat.test',
      'ula.test',
      'mapped.test',
      'loop.test',
    ]) {
      const code = await codeOf(f.fetch(`http://${name}:${srv.port}/feed`, { kind: 'feed' }));
      expect(code, name).toBe('fetch.blocked_address');
    }
    expect(srv.connections).toBe(0);
  });

  it('reaches loopback when the operator allows it by CIDR or by host name', async () => {
    const byCidr = make({ allowPrivateHosts: ['127.0.0.0/8'] });
    const r1 = await byCidr.fetch(srv.url('/feed'), { kind: 'feed' });
    expect(r1.body.toString()).toBe('<rss/>');
    const lookup = fakeLookup({ 'feeds.test': '127.0.0.1' });
    const byName = make({ allowPrivateHosts: ['feeds.test'], lookup });
    const r2 = await byName.fetch(`http://feeds.test:${srv.port}/feed`, { kind: 'feed' });
    expect(r2.status).toBe(200);
    expect(r2.finalUrl).toBe(`http://feeds.test:${srv.port}/feed`);
  });
});

describe('SSRF: redirects are re-checked on every hop', () => {
  const lookup = () => fakeLookup({ 'feeds.test': '127.0.0.1', 'evil.test': '127.0.0.1' });
  const targets = (port: number) => ({
    'loopback literal': `http://127.0.0.1:${port}/secret`,
    'decimal literal': `http://2130706433:${port}/secret`,
    'name resolving to loopback': `http://evil.test:${port}/secret`,
  });

  it('refuses a redirect from an allowed host to a private destination; the target is never hit', async () => {
    for (const [label, target] of Object.entries(targets(other.port))) {
      srv.route('/hop', (_req, res) => {
        res.writeHead(302, { location: target });
        res.end();
      });
      const f = make({ allowPrivateHosts: ['feeds.test'], lookup: lookup() });
      const code = await codeOf(f.fetch(`http://feeds.test:${srv.port}/hop`, { kind: 'feed' }));
      expect(code, label).toBe('fetch.blocked_address');
    }
    expect(other.connections).toBe(0);
  });

  it('refuses redirects to other schemes and ports', async () => {
    const cases: Array<[string, string]> = [
      ['file:///etc/passwd', 'fetch.blocked_scheme'],
      ['ftp://feeds.test/x', 'fetch.blocked_scheme'],
      ['gopher://feeds.test/x', 'fetch.blocked_scheme'],
      ['javascript:alert(1)', 'fetch.blocked_scheme'],
      ['data:text/plain,hi', 'fetch.blocked_scheme'],
      ['http://feeds.test:22/', 'fetch.blocked_port'],
    ];
    for (const [location, expected] of cases) {
      srv.route('/hop2', (_req, res) => {
        res.writeHead(301, { location });
        res.end();
      });
      const f = make({ allowPrivateHosts: ['feeds.test'], lookup: lookup() });
      expect(await codeOf(f.fetch(`http://feeds.test:${srv.port}/hop2`, { kind: 'feed' })), location).toBe(
        expected,
      );
    }
  });
});

describe('SSRF: DNS rebinding', () => {
  it('checks the address actually connected, on every new connection', async () => {
    // 127.0.0.1 plays the allowed address, 127.0.0.2 the private one a rebinding resolver switches to.
    const second = await startServer('127.0.0.2');
    try {
      srv.route('/rebind', (_req, res) => {
        res.setHeader('connection', 'close');
        res.end('first');
      });
      second.route('/rebind', (_req, res) => res.end('second'));
      const lookup = fakeLookup({ 'rebind.test': ['127.0.0.1', '127.0.0.2'] });
      const f = make({ allowPrivateHosts: ['127.0.0.1/32'], allowPorts: [srv.port, second.port], lookup });
      const first = await f.fetch(`http://rebind.test:${srv.port}/rebind`, { kind: 'feed' });
      expect(first.body.toString()).toBe('first');
      const code = await codeOf(f.fetch(`http://rebind.test:${second.port}/rebind`, { kind: 'feed' }));
      expect(code).toBe('fetch.blocked_address');
      expect(lookup.calls).toEqual(['rebind.test', 'rebind.test']);
      expect(second.connections).toBe(0);
    } finally {
      await second.close();
    }
  });
});

describe('SSRF: mixed answers', () => {
  it('connects only to the allowed addresses of a name that also resolves to blocked ones', async () => {
    const lookup = Object.assign(
      async () => [
        { address: '::1', family: 6 },
        { address: '127.0.0.2', family: 4 },
        { address: '127.0.0.1', family: 4 },
      ],
      {},
    );
    const f = make({ allowPrivateHosts: ['127.0.0.1/32'], lookup });
    const res = await f.fetch(`http://mixed.test:${srv.port}/feed`, { kind: 'feed' });
    expect(res.body.toString()).toBe('<rss/>');
  });
});

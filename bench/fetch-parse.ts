/**
 * Fetcher and parser figures: `npx tsx bench/fetch-parse.ts`
 * - guarded fetcher vs bare undici.request: 1,000 loopback feeds, half 304, concurrency 50
 * - parseFeed on a 5 MB feed (5,000 items), one 5 MB item, a 200 KB `&lt;` description
 * - parseFeed over the shared corpus (../shared/corpus/feeds), when present
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';
import { createFetcher } from '../src/pipeline/fetch/index.js';
import { parseFeed } from '../src/pipeline/parse/index.js';

const FEEDS = 1000;
const CONCURRENCY = 50;

const item = (i: number) =>
  `<item><title>Meldung ${i}: Stadtrat beschließt Haushalt</title><link>https://www.example.de/m/${i}</link>` +
  `<guid>g${i}</guid><pubDate>Tue, 01 Oct 2024 08:00:00 GMT</pubDate><description><![CDATA[<p>${'Der Rat hat am Dienstag den Haushalt mit 1,2 Milliarden Euro beschlossen. '.repeat(12)}</p>]]></description></item>`;
const feedOf = (n: number) =>
  `<rss version="2.0"><channel><title>t</title>${Array.from({ length: n }, (_, i) => item(i)).join('')}</channel></rss>`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, performance.now() - t];
}

async function fetchBench(): Promise<void> {
  const body = feedOf(20);
  const server = createServer((req, res) => {
    const n = Number((req.url ?? '/0').slice(1));
    if (n % 2 === 0 && req.headers['if-none-match'] === '"v"') {
      res.writeHead(304);
      return res.end();
    }
    res.writeHead(200, { etag: '"v"', 'content-type': 'application/rss+xml' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const urls = Array.from({ length: FEEDS }, (_, i) => `http://127.0.0.1:${port}/${i}`);
  const limit = pLimit(CONCURRENCY);
  const fetcher = createFetcher({
    allowPrivateHosts: ['127.0.0.1/32'],
    allowPorts: [port],
    userAgent: 'bench',
    timeoutMs: 20_000,
    connectTimeoutMs: 10_000,
    maxFeedBytes: 5 * 1024 * 1024,
    maxPageBytes: 5 * 1024 * 1024,
    maxRedirects: 5,
  });
  const agent = new Agent({ connections: 64 });
  const bare = (u: string) =>
    limit(async () => {
      const res = await request(u, { dispatcher: agent, headers: { 'if-none-match': '"v"' } });
      await res.body.arrayBuffer();
    });
  const guarded = (u: string) => limit(() => fetcher.fetch(u, { kind: 'feed', etag: '"v"' }));
  await Promise.all(urls.slice(0, 100).map(bare)); // warm-up
  await Promise.all(urls.slice(0, 100).map(guarded));
  const [, tBare] = await timed(() => Promise.all(urls.map(bare)));
  const [, tGuarded] = await timed(() => Promise.all(urls.map(guarded)));
  console.log(`conditional GET, ${FEEDS} loopback feeds, half 304, concurrency ${CONCURRENCY}:`);
  console.log(`  bare undici.request  ${Math.round(FEEDS / (tBare / 1000))} feeds/s`);
  console.log(
    `  guarded fetcher      ${Math.round(FEEDS / (tGuarded / 1000))} feeds/s  (ratio ${(tBare / tGuarded).toFixed(2)})`,
  );
  await fetcher.close();
  await agent.close();
  server.close();
}

async function parseBench(): Promise<void> {
  const cases: Array<[string, string]> = [
    ['5,000 items', feedOf(5000)],
    [
      'one 5 MB item',
      `<rss version="2.0"><channel><title>t</title><item><title>x</title><description><![CDATA[<p>${'Ein langer Absatz. '.repeat(270_000)}</p>]]></description></item></channel></rss>`,
    ],
    [
      '200 KB of &lt;',
      `<rss version="2.0"><channel><title>t</title><item><title>x</title><description>${'&lt;'.repeat(200_000)}</description></item></channel></rss>`,
    ],
  ];
  console.log('parseFeed:');
  for (const [name, xml] of cases) {
    const [feed, ms] = await timed(() => parseFeed({ body: Buffer.from(xml) }));
    console.log(
      `  ${name.padEnd(16)} ${(xml.length / 1e6).toFixed(1)} MB  ${feed.items.length} items  ${Math.round(ms)} ms`,
    );
  }
}

function corpusFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !f.startsWith('LICENSES') && f !== 'MANIFEST.json')
    .map((f) => `${dir}/${f}`)
    .filter((f) => statSync(f).isFile());
}

async function corpusBench(): Promise<void> {
  const dir = new URL('../../shared/corpus/feeds', import.meta.url).pathname;
  if (!existsSync(dir)) return void console.log(`corpus: skipped (${dir} not found)`);
  const files = corpusFiles(dir).map((f) => readFileSync(f));
  let ok = 0;
  const [, ms] = await timed(async () => {
    for (const body of files)
      ok += await parseFeed({ body }).then(
        () => 1,
        () => 0,
      );
  });
  const mb = files.reduce((n, b) => n + b.length, 0) / 1e6;
  console.log(
    `corpus: ${files.length} files (${mb.toFixed(2)} MB), ${ok} parsed, others typed errors, ${Math.round(ms)} ms total`,
  );
}

await fetchBench();
await parseBench();
await corpusBench();

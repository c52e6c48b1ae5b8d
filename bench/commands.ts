/**
 * Command figures on the embedded SQLite store: router round trips (list, settings, subscribe/unsubscribe) with
 * median and p95, OPML parsing of a file at the outline cap, and an OPML import of loopback feeds through the
 * guarded fetcher (each feed fetched and parsed once), and autocomplete suggestions (Discord) through the router.
 * Run: npx tsx bench/commands.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { MAX_OPML_OUTLINES, parseOpml } from '../src/commands/opml.js';
import { createCommandRouter } from '../src/commands/router.js';
import { configWith } from '../src/config/index.js';
import type { CommandRequest, OptionValue } from '../src/domain/types.js';
import { silentLogger } from '../src/log/index.js';
import { createFetcher, fetcherOptionsFromConfig } from '../src/pipeline/fetch/index.js';
import { extractiveSummarizer } from '../src/pipeline/summarize/index.js';
import { upsertCatalogFeeds } from '../src/store/feeds-repo.js';
import { sqliteTestStore } from '../test/helpers/store.js';

const FEEDS = 100;
const ROUNDS = 500;

function rss(n: number): string {
  const items = Array.from(
    { length: 10 },
    (_, i) => `<item><title>Meldung ${n}-${i}</title><link>https://n${n}.example/${i}</link>
      <description>Der Kreistag hat ${i + 3} neue Radwege für ${n * 1000} Euro beschlossen.</description></item>`,
  ).join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${n}</title><language>de</language>${items}</channel></rss>`;
}

function quantiles(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
  return `median ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms`;
}

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    const n = Number(/\/f(\d+)\.xml/.exec(req.url ?? '')?.[1] ?? 0);
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(rss(n));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const ts = await sqliteTestStore();
  const config = configWith({
    ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
    ALLOW_PORTS: String(port),
    MAX_FEEDS_PER_CHAT: String(FEEDS + 10),
    SUMMARY_RATE_PER_USER: '1000',
    SUMMARY_RATE_PER_CHAT: '1000',
    CONFIGURE_RATE_PER_USER: '1000',
    CONFIGURE_RATE_PER_CHAT: '1000',
  });
  const fetcher = createFetcher(fetcherOptionsFromConfig(config));
  const router = createCommandRouter({
    store: ts.store,
    config,
    log: silentLogger,
    fetcher,
    summarizer: extractiveSummarizer,
  });
  const req = (
    name: string,
    options: Record<string, OptionValue> = {},
    attachment?: CommandRequest['attachment'],
  ) => ({
    name,
    options,
    actor: { platform: 'telegram' as const, userId: 'admin', isAdmin: true },
    channel: { platform: 'telegram' as const, chatId: '-1' },
    locale: 'de' as const,
    ...(attachment ? { attachment } : {}),
  });
  const catalog = Array.from({ length: 20 }, (_, i) => ({
    url: `https://catalog.example/${i}.xml`,
    name: `Katalog ${i}`,
    language: 'de' as const,
    tags: [`thema${i % 5}`],
    intervalMinutes: 10,
    fullText: false,
  }));
  await upsertCatalogFeeds(ts.store.db, catalog, Date.now());
  for (let i = 0; i < 20; i++) await router.handle(req('subscribe', { target: `Katalog ${i}` }));

  const time = async (make: (i: number) => CommandRequest): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const r = await router.handle(make(i));
      out.push(performance.now() - t0);
      if (r.error) throw new Error(`${r.error.code}: ${r.text}`);
    }
    return out;
  };
  console.log(`list (20 subscriptions), ${ROUNDS}×: ${quantiles(await time(() => req('list')))}`);
  console.log(`settings show, ${ROUNDS}×: ${quantiles(await time(() => req('settings')))}`);
  console.log(
    `settings change (all 20), ${ROUNDS}×: ${quantiles(await time((i) => req('settings', { include: `Wort${i}`, max_items: 1 + (i % 50) })))}`,
  );
  console.log(
    `subscribe+unsubscribe (tag), ${ROUNDS}×: ${quantiles(
      await time((i) =>
        i % 2 === 0
          ? req('subscribe', { target: 'tag:thema1' })
          : req('unsubscribe', { target: 'tag:thema1' }),
      ),
    )}`,
  );
  const suggest = async (option: string, name: string, query: (i: number) => string) => {
    const out: number[] = [];
    let most = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const { channel, locale } = req(name);
      const choices = (await router.complete?.({ name, option, query: query(i), channel, locale })) ?? [];
      out.push(performance.now() - t0);
      most = Math.max(most, choices.length);
    }
    return `${quantiles(out)}, at most ${most} choices`;
  };
  console.log(
    `autocomplete subscribe target (20 feeds, 5 topics), ${ROUNDS}×: ${await suggest('target', 'subscribe', (i) => (i % 2 ? '' : `katalog ${i % 20}`))}`,
  );
  console.log(
    `autocomplete settings subscription (20 subscriptions), ${ROUNDS}×: ${await suggest('subscription', 'settings', () => '')}`,
  );

  const big = `<opml version="2.0"><body>${Array.from({ length: MAX_OPML_OUTLINES }, (_, i) => `<outline text="F${i}" xmlUrl="https://f.example/${i}.xml" category="a,b"/>`).join('')}</body></opml>`;
  const t1 = performance.now();
  for (let i = 0; i < 20; i++) parseOpml(big);
  console.log(
    `OPML parse, ${MAX_OPML_OUTLINES} outlines (${(big.length / 1024).toFixed(0)} KB): ${((performance.now() - t1) / 20).toFixed(1)} ms`,
  );

  const opml = `<opml version="2.0"><body>${Array.from({ length: FEEDS }, (_, i) => `<outline xmlUrl="http://127.0.0.1:${port}/f${i + 1}.xml"/>`).join('')}</body></opml>`;
  const t2 = performance.now();
  const r = await router.handle(req('opml import', {}, { name: 'x.opml', content: opml }));
  const s = (performance.now() - t2) / 1000;
  console.log(
    `OPML import of ${FEEDS} loopback feeds (fetch + parse + store + link): ${s.toFixed(2)} s, ${(FEEDS / s).toFixed(0)} feeds/s — ${r.text?.split('\n')[0]}`,
  );

  await fetcher.close();
  server.close();
  await ts.cleanup();
}

await main();

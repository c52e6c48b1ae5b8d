/**
 * The measured halves of bench:poll, each run in its own child process so its peak RSS is its own:
 * - setup: load N feeds into a SQLite store and run poll cycle 1 (everything stored silently);
 * - real:  poll cycle 2 through the real poller (guarded fetcher, parser, dedup, summarizer, one transaction per feed);
 * - real-noskip: the same with PARSE_SKIP_KNOWN=false (stored items are parsed too, as the bare loop does);
 * - bare:  the ceiling — undici.request, rss-parser parseString and the digest engine on the new items, nothing else.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { request } from 'undici';
import pLimit from 'p-limit';
import { createFetcher } from '../src/pipeline/fetch/index.js';
import { extractiveSummarizer, summarize } from '../src/pipeline/summarize/index.js';
import { createPoller, type PollReport } from '../src/scheduler/index.js';
import { openStore } from '../src/store/db.js';
import { upsertCatalogFeeds } from '../src/store/feeds-repo.js';
import { ITEMS } from './poll-feeds.js';

export interface ChildArgs {
  port: number;
  feeds: number;
  db: string;
  concurrency: number;
}

export interface ChildResult {
  seconds: number;
  feeds: number;
  notModified: number;
  newItems: number;
  announced: number;
  peakRssMb: number;
  /** CPU seconds (user + system) of the child while measuring. */
  cpuSeconds: number;
}

const feedUrl = (port: number, f: number) => `http://127.0.0.1:${port}/feed/${f}.xml`;
/**
 * This process's own peak resident set (VmHWM of /proc/self/status). getrusage's maxRSS is no good here: on Linux
 * a child inherits its parent's peak as a floor across fork/exec (a child with a 39 MB peak reported 404 MB).
 * Off Linux (no /proc) it falls back to maxRSS.
 */
export function peakRssMb(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Math.round(Number(m[1]) / 1024);
  } catch {
    // no procfs
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
const cpuSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

async function poll(
  a: ChildArgs,
  clockOffsetMs: number,
  load: boolean,
  skipKnown = true,
): Promise<ChildResult> {
  const store = await openStore(`sqlite:${a.db}`);
  if (load) {
    const feeds = Array.from({ length: a.feeds }, (_, f) => ({
      url: feedUrl(a.port, f),
      name: `Bench ${f}`,
      language: f % 2 === 0 ? ('de' as const) : ('en' as const),
      tags: ['bench'],
      intervalMinutes: 10,
      fullText: false,
    }));
    await upsertCatalogFeeds(store.db, feeds, Date.now());
  }
  const fetcher = createFetcher({
    allowPrivateHosts: ['127.0.0.1/32'],
    allowPorts: [a.port],
    userAgent: 'news-digest-bot-bench/0.1 (+https://example.invalid)',
    timeoutMs: 20_000,
    connectTimeoutMs: 10_000,
    maxFeedBytes: 5 * 1024 * 1024,
    maxPageBytes: 5 * 1024 * 1024,
    maxRedirects: 5,
  });
  const poller = createPoller({
    db: store.db,
    fetcher,
    summarizer: extractiveSummarizer,
    now: () => Date.now() + clockOffsetMs,
    settings: {
      concurrency: a.concurrency,
      perHostConcurrency: a.concurrency,
      maxItemAgeHours: 24,
      timezone: 'UTC',
      retentionDays: 30,
      skipKnown,
    },
  });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r: PollReport = await poller.pollOnce();
  const seconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuSince(c0);
  await fetcher.close();
  await store.close();
  return {
    seconds,
    feeds: r.due,
    notModified: r.notModified,
    newItems: r.newItems,
    announced: r.announced,
    peakRssMb: peakRssMb(),
    cpuSeconds,
  };
}

function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

async function bare(a: ChildArgs): Promise<ChildResult> {
  // the same guard our parser applies: rss-parser's quadratic contentSnippet helper switched off
  const require = createRequire(import.meta.url);
  (require('rss-parser/lib/utils.js') as { getSnippet: (s: string) => string }).getSnippet = () => '';
  const parser = new Parser();
  const limit = pLimit(a.concurrency);
  let notModified = 0;
  let newItems = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: a.feeds }, (_, f) =>
      limit(async () => {
        const res = await request(feedUrl(a.port, f), { headers: { 'if-none-match': '"v1"' } });
        if (res.statusCode === 304) {
          await res.body.dump();
          notModified++;
          return;
        }
        const feed = await parser.parseString(await res.body.text());
        for (const item of feed.items) {
          const j = Number(/-i(\d+)$/.exec(item.guid ?? '')?.[1] ?? '0');
          if (j < ITEMS) continue; // seen in cycle 1
          newItems++;
          const text = htmlToPlain(String(item['content:encoded'] ?? item.content ?? ''));
          summarize({ text, title: item.title, url: item.link, lang: f % 2 === 0 ? 'de' : 'en' });
        }
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    feeds: a.feeds,
    notModified,
    newItems,
    announced: newItems,
    peakRssMb: peakRssMb(),
    cpuSeconds: cpuSince(c0),
  };
}

export async function runChild(mode: string, a: ChildArgs): Promise<ChildResult> {
  if (mode === 'setup') return poll(a, 0, true);
  // cycle 2: 20 minutes later every feed (interval 10 min, phase-spread within 5–15 min) is due
  if (mode === 'real') return poll(a, 20 * 60_000, false);
  // the same, with PARSE_SKIP_KNOWN=false: every item of a changed feed goes through rss-parser
  if (mode === 'real-noskip') return poll(a, 20 * 60_000, false, false);
  if (mode === 'bare') return bare(a);
  throw new Error(`unknown child mode ${mode}`);
}

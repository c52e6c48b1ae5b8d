/**
 * Hostile feeds and pages (issue 12): `npm run bench:hostile`
 *
 * Every class runs in a fresh child process, so that its peak RSS (VmHWM from /proc/self/status; not
 * process.resourceUsage().maxRSS, which a child inherits from its parent) is its own. Each child serves the
 * hostile document and ordinary feeds and pages from a loopback server and measures, next to a normal
 * feed/page:
 * - `poll`: the hostile feed fetched by the guarded fetcher and read in the parse worker with digests (the poll
 *   path: candidatesWith, PARSE_MAX_ITEMS 1000), while other feeds are polled;
 * - `check-feed`: the hostile feed as a file through `newsdigest check-feed` in-process (parsing on the main
 *   thread, as the CLI does; no event-loop figure);
 * - `page`: the hostile page fetched as a page and handed to extraction (worker, pre-limits, 2 s limit), while
 *   other feeds are polled.
 * Wall time is the hostile document's fetch + work; "loop max" is the main thread's largest event-loop delay
 * (perf_hooks.monitorEventLoopDelay) during it; "polls" counts the other feeds polled meanwhile.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runCli } from '../src/cli.js';
import { toErrorInfo } from '../src/domain/errors.js';
import { extractArticle } from '../src/pipeline/extract/index.js';
import { createFetcher } from '../src/pipeline/fetch/index.js';
import { candidatesWith, createCandidatePool } from '../src/pipeline/refresh/candidate-pool/index.js';
import {
  emptyParagraphs,
  escapedTags,
  gzipBomb,
  guidItems,
  lineBreaks,
  nestedDivs,
  normalFeed,
  normalPage,
  options,
  pdfBytes,
  randomBytes,
  selfClosingItems,
  tinyItems,
} from '../test/helpers/hostile.js';

type Mode = 'poll' | 'check-feed' | 'page';

interface Case {
  name: string;
  mode: Mode;
  make: () => string | Buffer;
}

const FEEDS: Array<[string, () => string | Buffer]> = [
  ['normal feed (50 items)', () => normalFeed(50)],
  ['700k self-closing <item/>', () => selfClosingItems(700_000)],
  ['170k tiny items', () => tinyItems(170_000)],
  ['100k items with guids', () => guidItems(100_000)],
  ['4 MB &lt;-escaped tags', () => escapedTags(4_000_000)],
  ['gzip, no C-E (1.7M items)', () => gzipBomb(1_700_000)],
];

const PAGES: Array<[string, () => string | Buffer]> = [
  ['normal page', normalPage],
  ['1,000 nested <div>', () => nestedDivs(1_000)],
  ['2,000 nested <div>', () => nestedDivs(2_000)],
  ['4,000 nested <div>', () => nestedDivs(4_000)],
  ['16,000 nested <div>', () => nestedDivs(16_000)],
  ['500k empty <p>', () => emptyParagraphs(500_000)],
  ['1M <br>', () => lineBreaks(1_000_000)],
  ['250k <option>', () => options(250_000)],
  ['PDF bytes as text/html', () => pdfBytes(1_000_000)],
  ['random bytes as text/html', () => randomBytes(1_000_000)],
];

const CASES: Case[] = [
  ...FEEDS.map(([name, make]) => ({ name, mode: 'poll' as const, make })),
  ...FEEDS.map(([name, make]) => ({ name, mode: 'check-feed' as const, make })),
  ...PAGES.map(([name, make]) => ({ name, mode: 'page' as const, make })),
];

interface Row {
  bytes: number;
  result: string;
  wallMs: number;
  /** CPU time of the whole process (all threads) during the work. */
  cpuMs: number;
  peakRssMb: number;
  loopMaxMs?: number;
  loopP99Ms?: number;
  polls?: number;
  /** Codes of failed background polls (none expected). */
  backgroundErrors?: string[];
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function vmHwmMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : -1;
}

const BACKGROUND_FEEDS = 8;

/** What the parent gives a child: the document server's port, the hostile file (check-feed), its size. */
interface ChildArgs {
  port: number;
  file: string;
  bytes: number;
}

async function child(c: Case, { port, file, bytes }: ChildArgs): Promise<Row> {
  if (c.mode === 'check-feed') {
    const out: string[] = [];
    const io = {
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void out.push(s),
      stdin: async function* () {},
      env: {},
    };
    const cpu = process.cpuUsage();
    const t = performance.now();
    const rc = await runCli(['check-feed', file, '--json'], io);
    const wallMs = performance.now() - t;
    const cpuMs = cpuMsSince(cpu);
    const text = out.join('');
    let result: string;
    if (rc === 0) {
      const j = JSON.parse(text) as { items: unknown[]; itemsInDocument?: number };
      result = `${j.items.length} items read${j.itemsInDocument ? ` of ${j.itemsInDocument}` : ''}`;
    } else result = /\[([a-z_.]+)\]/.exec(text)?.[1] ?? `exit ${rc}`;
    return { bytes, result, wallMs, cpuMs, peakRssMb: vmHwmMb() };
  }

  const url = (p: string) => `http://127.0.0.1:${port}${p}`;
  const fetcher = createFetcher({
    allowPrivateHosts: ['127.0.0.1/32'],
    allowPorts: [port],
    userAgent: 'bench-hostile',
    timeoutMs: 20_000,
    connectTimeoutMs: 5_000,
    maxFeedBytes: 5_242_880,
    maxPageBytes: 5_242_880,
    maxRedirects: 5,
  });
  const pool = createCandidatePool({ size: 1 });
  const digest = {
    limits: { maxSentences: 3, maxChars: 600, maxFigures: 3 },
    lang: 'de' as const,
    sourceName: 'bench',
    fullText: false,
    now: Date.now(),
    maxAgeMs: 24 * 3_600_000,
  };
  const pollFeed = async (path: string) => {
    const res = await fetcher.fetch(url(path), { kind: 'feed' });
    const req = { body: res.body, contentType: res.contentType, url: res.finalUrl, feedUrl: url(path) };
    return candidatesWith(pool, { ...req, known: [], digest, maxItems: 1_000 });
  };
  // warm-up: the poller's workers are running before a hostile document arrives
  await pollFeed('/feed/0');
  const warm = await fetcher.fetch(url('/page/0'), { kind: 'page' });
  await extractArticle({ body: warm.body, contentType: warm.contentType, url: warm.finalUrl });

  let done = false;
  let polls = 0;
  const backgroundErrors: string[] = [];
  const background = (async () => {
    for (let i = 0; !done; i++) {
      try {
        await pollFeed(`/feed/${i % BACKGROUND_FEEDS}`);
        const p = await fetcher.fetch(url(`/page/${i}`), { kind: 'page' });
        await extractArticle({ body: p.body, contentType: p.contentType, url: p.finalUrl });
        polls++;
      } catch (e) {
        backgroundErrors.push(toErrorInfo(e).code);
      }
    }
  })();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  const t = performance.now();
  let result: string;
  try {
    if (c.mode === 'page') {
      const p = await fetcher.fetch(url('/hostile'), { kind: 'page' });
      const a = await extractArticle({ body: p.body, contentType: p.contentType, url: p.finalUrl });
      result = `${a.text.length} chars`;
    } else {
      const r = await pollFeed('/hostile');
      // items without guid, link or title all get the same id: one item
      result = `${r.ids.length} distinct ids`;
    }
  } catch (e) {
    result = toErrorInfo(e).code;
  }
  const wallMs = performance.now() - t;
  const cpuMs = cpuMsSince(cpu);
  loop.disable();
  done = true;
  await background;
  await pool?.close();
  await fetcher.close();
  return {
    bytes,
    result,
    wallMs,
    cpuMs,
    peakRssMb: vmHwmMb(),
    loopMaxMs: loop.max / 1e6,
    loopP99Ms: loop.percentile(99) / 1e6,
    polls,
    backgroundErrors: backgroundErrors.length > 0 ? backgroundErrors : undefined,
  };
}

const self = fileURLToPath(import.meta.url);
const at = process.argv.indexOf('--child');
if (at >= 0) {
  const [i, port, bytes, file] = process.argv.slice(at + 1);
  const row = await child(CASES[Number(i)] as Case, {
    port: Number(port),
    bytes: Number(bytes),
    file: file ?? '',
  });
  process.stdout.write(`${JSON.stringify(row)}\n`);
  process.exit(0);
} else {
  // the documents are served by this (parent) process: a loopback server inside the measured process would
  // charge its writes to the main thread being measured
  const feeds = Array.from({ length: BACKGROUND_FEEDS }, (_, i) => Buffer.from(normalFeed(30, `bg${i}`)));
  const page = Buffer.from(normalPage());
  let hostile: Buffer = Buffer.alloc(0);
  let hostileType = 'application/rss+xml';
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/hostile') {
      res.writeHead(200, { 'content-type': hostileType });
      return void res.end(hostile);
    }
    if (path.startsWith('/feed/')) {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      return void res.end(feeds[Number(path.slice(6))] ?? Buffer.alloc(0));
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'bench-hostile-'));
  const file = join(dir, 'feed.xml');
  console.log('Hostile feeds and pages: one fresh child process per row (2 shared cores, Node 20)');
  console.log('targets: work <= 2000 ms, peak RSS <= 300 MB, main-thread event-loop delay <= 100 ms');
  console.log(
    'wall/cpu: the hostile document only (cpu: whole process, background polls included); loop: main thread during it\n',
  );
  const head = `${'mode'.padEnd(11)}${'class'.padEnd(28)}${'bytes'.padStart(10)}  ${'result'.padEnd(26)}${'wall ms'.padStart(8)}${'cpu ms'.padStart(8)}${'peak RSS MB'.padStart(13)}${'loop max ms'.padStart(13)}${'loop p99'.padStart(10)}${'polls'.padStart(7)}`;
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const [i, c] of CASES.entries()) {
    const made = c.make();
    hostile = typeof made === 'string' ? Buffer.from(made) : made;
    hostileType = c.mode === 'page' ? 'text/html' : 'application/rss+xml';
    if (c.mode === 'check-feed') writeFileSync(file, hostile);
    const args = ['--import', 'tsx', self, '--child', String(i), String(port), String(hostile.length), file];
    const r = await run(args);
    const line = r.stdout.trim().split('\n').pop() ?? '';
    let row: Row;
    try {
      row = JSON.parse(line) as Row;
    } catch {
      console.log(
        `${c.mode.padEnd(11)}${c.name.padEnd(28)}  child failed: ${(r.stderr || line).split('\n')[0]}`,
      );
      continue;
    }
    if (row.backgroundErrors) console.log(`  background polls failed: ${row.backgroundErrors.join(', ')}`);
    const opt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(0));
    console.log(
      `${c.mode.padEnd(11)}${c.name.padEnd(28)}${String(row.bytes).padStart(10)}  ${row.result.padEnd(26)}${row.wallMs.toFixed(0).padStart(8)}${row.cpuMs.toFixed(0).padStart(8)}${String(row.peakRssMb).padStart(13)}${opt(row.loopMaxMs).padStart(13)}${opt(row.loopP99Ms).padStart(10)}${opt(row.polls).padStart(7)}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  server.close();
}

/** A child process, its output collected (async: this process keeps serving documents meanwhile). */
function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('close', () => resolve({ stdout, stderr }));
  });
}

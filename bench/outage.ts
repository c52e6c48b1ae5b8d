/**
 * npm run bench:outage [-- --seconds 30,300 --feeds 4]
 * A PostgreSQL outage of the running bot, measured end to end on the real start path: `newsdigest start`
 * (console publisher, no platform token) in a child process, its DATABASE_URL pointing at a loopback TCP proxy
 * in front of PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; a fresh schema,
 * dropped at the end). Per outage length the proxy cuts every connection and refuses new ones; meanwhile new
 * items appear in every feed and the feeds come due (set in the store directly, past the proxy); then the proxy
 * is restored. Printed per outage: whether the bot is still alive, the `store.unavailable` / `store.recovered` /
 * error log lines (1 / 1 / 0 expected), how long after the restore it noticed the store was back, how long
 * until every new item was printed, how many were printed once / lost / twice, and the child's peak RSS.
 * Timings are wall clock on a shared machine: read them as orders of magnitude.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startTcpProxy } from '../test/helpers/tcp-proxy.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '30,300' }, feeds: { type: 'string', default: '4' } },
});
const outages = String(values.seconds)
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const FEEDS = Array.from({ length: Number(values.feeds) }, (_, i) => `feed${i + 1}`);
const BASE = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const word = () =>
  randomBytes(8)
    .toString('base64')
    .replace(/[^a-z]/gi, '')
    .toLowerCase()
    .slice(0, 8)
    .padEnd(5, 'q');
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

interface Item {
  guid: string;
  title: string;
  date: number;
}
const items = new Map<string, Item[]>(FEEDS.map((f) => [f, []]));
function addItems(count: number): string[] {
  const titles: string[] = [];
  for (const f of FEEDS) {
    for (let i = 0; i < count; i++) {
      const title = `${word()} ${word()} ${word()} ${word()}`.replace(/^./, (c) => c.toUpperCase());
      items.get(f)?.unshift({ guid: `${f}-${word()}`, title, date: Date.now() - 60_000 });
      titles.push(title);
    }
  }
  return titles;
}
function feedXml(f: string): string {
  const body = (items.get(f) ?? [])
    .map((i) => {
      const text = Array.from({ length: 4 }, () => `${word()} ${word()} ${word()} ${word()} ${word()}.`).join(
        ' ',
      );
      return `<item><title>${esc(i.title)}</title><guid isPermaLink="false">${i.guid}</guid><link>https://news.example/${i.guid}</link><pubDate>${new Date(i.date).toUTCString()}</pubDate><description>${esc(text)}</description></item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${f}</title><link>https://example.org/</link>${body}</channel></rss>`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const start = Date.now();
  while (!check() && Date.now() - start < ms) await sleep(100);
  return check();
}

function peakRssMb(pid: number | undefined): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<void> {
  addItems(2);
  const server: Server = createServer((req, res) => {
    const f = (req.url ?? '').replace(/^\/|\.xml.*$/g, '');
    res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
    res.end(feedXml(f));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: BASE });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const u = new URL(BASE);
  const proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
  const sep = BASE.includes('?') ? '&' : '?';
  const url = proxy.through(`${BASE}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-outage-'));
  mkdirSync(join(dir, 'feeds'));
  writeFileSync(
    join(dir, 'feeds', 'bench.yaml'),
    `feeds:\n${FEEDS.map((f) => `  - url: http://127.0.0.1:${port}/${f}.xml\n    name: ${f}\n    language: de\n`).join('')}`,
  );
  let out = '';
  const logs: { level: number; msg: string; code?: string; at: number }[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url,
      FEEDS_DIR: join(dir, 'feeds'),
      ALLOW_PRIVATE_HOSTS: '127.0.0.1/32',
      ALLOW_PORTS: String(port),
      FULL_TEXT: 'false',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString('utf8');
  });
  let partial = '';
  child.stderr?.on('data', (b: Buffer) => {
    partial += b.toString('utf8');
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) {
      try {
        logs.push({ ...JSON.parse(l), at: Date.now() });
      } catch {
        logs.push({ level: 60, msg: l, at: Date.now() });
      }
    }
  });
  let exitCode: number | null | undefined;
  child.once('exit', (code) => {
    exitCode = code;
  });
  try {
    if (!(await until(() => logs.some((l) => l.msg === 'poll cycle done'), 60_000)))
      throw new Error('the bot did not finish its first poll');
    await sleep(2_000);
    const count = (t: string) => out.split(t).length - 1;
    console.log(
      `PostgreSQL outage of the running bot (newsdigest start, ${FEEDS.length} feeds, console publisher)`,
    );
    console.log(
      'outage   alive  unavail.lines  recovered.lines  error.lines  noticed.after.restore  all.printed.after.restore  new.items  once  lost  twice  peak.RSS',
    );
    for (const seconds of outages) {
      const before = logs.length;
      proxy.cut();
      await sleep(500);
      const titles = addItems(3);
      // the feeds come due during the outage (written past the proxy, as time passing would)
      await admin.query(`update ${schema}.feeds set next_check_at = 0`);
      await sleep(seconds * 1000 - 500);
      const restoredAt = Date.now();
      proxy.restore();
      const done = await until(() => titles.every((t) => count(t) >= 1), 120_000);
      const doneAt = Date.now();
      await sleep(3_000);
      const mine = logs.slice(before);
      const recovered = mine.find((l) => l.code === 'store.recovered');
      const once = titles.filter((t) => count(t) === 1).length;
      const lost = titles.filter((t) => count(t) === 0).length;
      const twice = titles.filter((t) => count(t) > 1).length;
      console.log(
        [
          `${seconds} s`.padEnd(8),
          String(exitCode === undefined).padEnd(6),
          String(mine.filter((l) => l.code === 'store.unavailable').length).padEnd(14),
          String(mine.filter((l) => l.code === 'store.recovered').length).padEnd(16),
          String(mine.filter((l) => l.level >= 50).length).padEnd(12),
          `${recovered ? recovered.at - restoredAt : 'never'} ms`.padEnd(22),
          `${done ? `${doneAt - restoredAt} ms` : 'not all'}`.padEnd(26),
          String(titles.length).padEnd(10),
          String(once).padEnd(5),
          String(lost).padEnd(5),
          String(twice).padEnd(6),
          `${peakRssMb(child.pid)} MB`,
        ].join(' '),
      );
      for (const l of mine.filter((x) => x.level >= 50)) console.log(`  error line: ${l.msg}`);
    }
  } finally {
    child.kill('SIGTERM');
    await until(() => exitCode !== undefined, 15_000);
    console.log(`shutdown after the outages: exit code ${exitCode}`);
    await proxy.close();
    await new Promise((r) => server.close(r));
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

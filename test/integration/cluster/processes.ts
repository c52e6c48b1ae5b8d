/**
 * Child processes for the cluster acceptance test and `bench:cluster`: `node dist/cli.js start` instances (env
 * only), a fresh PostgreSQL schema, a catalog of loopback feeds, distinct generated stories, and the checks that
 * read what the fakes recorded (the most arrivals in any sliding window).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { closedPort } from '../../helpers/net.js';
import { type FeedItem, type FeedServer, rss } from '../pipeline/feed-server.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli.js');
export const BUILT = existsSync(CLI);

export interface Instance {
  name: string;
  child: ChildProcess;
  /** Everything it wrote (stdout and stderr: JSON log lines). */
  output(): string;
  exited: Promise<number | null>;
  alive(): boolean;
  /** VmHWM and VmRSS from /proc/<pid>/status, in MiB (undefined when gone). */
  memory(): { hwm: number; rss: number } | undefined;
}

/** Start `node dist/cli.js start` with only these settings (and PATH, HOME). */
export function startInstance(name: string, env: Record<string, string>): Instance {
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const add = (b: Buffer) => {
    out += b.toString('utf8');
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    output: () => out,
    exited,
    alive: () => child.exitCode === null && child.signalCode === null,
    memory: () => {
      try {
        const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
        return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
      } catch {
        return undefined;
      }
    },
  };
}

/** SIGTERM (or SIGKILL after `ms`) and wait for the exit. */
export async function stopInstance(i: Instance, ms = 10_000): Promise<void> {
  if (!i.alive()) return;
  i.child.kill('SIGTERM');
  const t = setTimeout(() => i.child.kill('SIGKILL'), ms);
  await i.exited;
  clearTimeout(t);
}

/** A loopback port nothing listens on now (for a child's TELEGRAM_WEBHOOK_PORT / HTTP_PORT). */
export const freePort = closedPort;

export interface Schema {
  url: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty PostgreSQL schema (as test/helpers/store.ts forms it); the instances create the tables. */
export async function freshSchema(base: string): Promise<Schema> {
  const schema = `c_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE SCHEMA ${schema}`);
  const sep = base.includes('?') ? '&' : '?';
  return {
    url: `${base}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    cleanup: () => run(`DROP SCHEMA ${schema} CASCADE`),
  };
}

/** A temp FEEDS_DIR whose catalog lists `n` feeds /f/<k>.xml on the server, all tagged `tag`. */
export function writeCatalog(server: FeedServer, n: number, tag: string): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'cluster-feeds-'));
  const dir = join(root, 'feeds');
  mkdirSync(dir);
  const lines = ['feeds:'];
  for (let k = 0; k < n; k++)
    lines.push(
      `  - url: ${server.url(feedPath(k))}`,
      `    name: Blatt ${k}`,
      '    language: de',
      `    tags: [${tag}]`,
    );
  writeFileSync(join(dir, 'catalog.yaml'), `${lines.join('\n')}\n`);
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const feedPath = (k: number) => `/f/${k}.xml`;

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ru',
  'te',
  'vo',
  'za',
  'ni',
  'pe',
  'su',
  'do',
  'fa',
  'gi',
  'hu',
  'be',
  'wo',
];

/** A made-up word, distinct for each n (so no two stories share a key token). */
export function word(n: number, salt: number): string {
  let x = n * 7919 + salt * 104_729 + 12_345;
  let w = '';
  for (let i = 0; i < 4; i++) {
    w += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length) + i * 31;
  }
  return `${w}${n.toString(36)}`;
}

/** The `n`-th generated story: its marker (first title word, unique) and the feed item. */
export function storyItem(n: number): { marker: string; item: FeedItem } {
  const w = (s: number) => word(n, s);
  const marker = `${w(1)[0]?.toUpperCase()}${w(1).slice(1)}`;
  return {
    marker,
    item: {
      guid: `story-${n}`,
      link: `https://blatt.example/artikel/${w(1)}`,
      title: `${marker} eröffnet ${w(2)} mit ${n + 11} ${w(3)}`,
      date: Date.now(),
      description: `Die ${w(4)} meldet ${n * 3 + 7} neue ${w(5)}. Nach Angaben der ${w(6)} beginnt der Betrieb am ${w(7)}.`,
    },
  };
}

/** Publish a feed document with these items (newest first). */
export function publish(server: FeedServer, k: number, items: FeedItem[]): void {
  server.set(feedPath(k), { body: rss(`Blatt ${k}`, items) });
}

/** The most arrivals in any window of `windowMs` (times in ms, any order). */
export function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while ((t[hi] as number) - (t[lo] as number) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/** Poll `check` every 100 ms until true or `ms` passed; throws with `what` on time-out. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

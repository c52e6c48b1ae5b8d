/**
 * Crash test: a delivery worker (child process, file-backed SQLite) sends to a fake platform in another process
 * over loopback HTTP and is killed with SIGKILL at random moments, then restarted, until it finishes. In the end
 * every (subscription, article) is recorded delivered exactly once and every message arrived; with a
 * nonce-enforcing platform nothing arrived twice, with a plain one at most one message per crash did.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import type { PlatformStats } from '../fakes/publisher-fake.js';
import { seedArticles, seedFeed, seedSubscription } from './seed.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HERE = 'test/integration/delivery/crash';
const PER_CHAT = 16;
const KILLS = 11;

const dirs: string[] = [];
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function word(seed: string, k: number): string {
  let h = 2166136261;
  for (const ch of `${seed}:${k}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return Array.from({ length: 8 }, (_, j) => String.fromCharCode(97 + ((h >>> (j * 3)) % 26))).join('');
}

async function seed(dbUrl: string, chats: number): Promise<number> {
  const store = await openStore(dbUrl);
  const now = Date.now();
  for (let c = 0; c < chats; c++) {
    const feed = await seedFeed(store, { url: `https://crash.example/${c}`, name: `Feed ${c}` }, now);
    await seedSubscription(store, { platform: 'discord', chatId: `chan-${c}`, feedId: feed }, now);
    const items = Array.from({ length: PER_CHAT }, (_, i) => ({
      id: `a${i}`,
      title: `${word(`${c}/${i}`, 1)} ${word(`${c}/${i}`, 2)} ${word(`${c}/${i}`, 3)}`,
      text: `${word(`${c}/${i}`, 4)} ${word(`${c}/${i}`, 5)}.`,
    }));
    await seedArticles(store, feed, items, now);
  }
  await store.close();
  return chats * PER_CHAT;
}

function spawnTs(script: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function line(child: ChildProcess, prefix: string, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    const timer = setTimeout(() => resolve(undefined), ms);
    child.stdout?.on('data', (b: Buffer) => {
      buf += b.toString('utf8');
      const hit = buf.split('\n').find((l) => l.startsWith(prefix));
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(buf.split('\n').find((l) => l.startsWith(prefix)));
    });
  });
}

const exited = (c: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', resolve),
  );

async function stats(url: string): Promise<PlatformStats> {
  const r = await fetch(`${url}/stats`);
  return (await r.json()) as PlatformStats;
}

/** Wait until the platform has taken `n` messages (or the worker ended). */
async function untilArrivals(url: string, n: number, worker: ChildProcess): Promise<void> {
  for (let i = 0; i < 2000 && worker.exitCode === null; i++) {
    if ((await stats(url)).arrivals >= n) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function scenario(mode: 'idempotent' | 'plain') {
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-crash-'));
  dirs.push(dir);
  const dbUrl = `sqlite:${join(dir, 'outbox.db')}`;
  // the nonce-enforcing run sends 4 at a time, so it gets more work to be killed in the middle of; each run is
  // killed after at most a few arrivals, so the work outlasts all kills however fast or slow the machine is
  const total = await seed(dbUrl, mode === 'idempotent' ? 30 : 14);
  const platform = spawnTs('platform.ts', [mode], {});
  const port = (await line(platform, 'PORT', 20_000))?.split(' ')[1];
  expect(port).toBeDefined();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: dbUrl,
    LOG_LEVEL: 'silent',
    DELIVERY_LEASE_MS: '300',
    DELIVERY_POLL_MS: '20',
    // one send in flight: a crash can double at most the one message the platform took before it was recorded
    DELIVERY_CONCURRENCY: mode === 'plain' ? '1' : '4',
    DISCORD_RATE_GLOBAL: '100000/1s',
    DISCORD_RATE_PER_CHANNEL: '100000/1s',
  };
  let kills = 0;
  let finishedEarly = 0;
  for (let i = 0; i < KILLS; i++) {
    const worker = spawnTs('worker.ts', [url, mode], env);
    await line(worker, 'READY', 20_000);
    // odd runs: any moment after start (open, fan-out, claim), but before more than a few arrivals; even runs:
    // once sending is under way
    const few = (await stats(url)).arrivals + 1 + Math.floor(Math.random() * 8);
    if (i % 2 === 0) {
      await untilArrivals(url, few, worker);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
    } else {
      await Promise.race([
        new Promise((r) => setTimeout(r, Math.floor(Math.random() * 300))),
        untilArrivals(url, few, worker),
      ]);
    }
    if (worker.exitCode !== null) {
      finishedEarly++;
      break;
    }
    worker.kill('SIGKILL');
    await exited(worker);
    kills++;
  }
  const last = spawnTs('worker.ts', [url, mode], env);
  const done = await line(last, 'DONE', 40_000);
  expect(await exited(last)).toBe(0);
  const s = await stats(url);
  platform.kill('SIGTERM');
  await exited(platform);

  const store = await openStore(dbUrl);
  const rows = await store.db
    .selectFrom('deliveries')
    .select(['subscription_id', 'article_pk', 'status'])
    .execute();
  const outbox = await store.db.selectFrom('outbox').select(['status', 'attempts']).execute();
  await store.close();
  const pairs = new Set(rows.map((r) => `${r.subscription_id}/${r.article_pk}`));
  const resent = outbox.reduce((n, o) => n + Math.max(0, Number(o.attempts) - 1), 0);
  console.log(
    `crash test (${mode}): kills=${kills} finishedEarly=${finishedEarly} pairs=${pairs.size}/${total} ` +
      `delivered=${rows.filter((r) => r.status === 'delivered').length} arrivals=${s.arrivals} distinct=${s.distinct} ` +
      `duplicates=${s.duplicates} suppressedByNonce=${s.suppressed} reclaims=${resent} last=${done}`,
  );
  return { kills, total, rows, pairs, s, outbox };
}

describe.concurrent('delivery survives SIGKILL at random moments', () => {
  it('with a nonce-enforcing platform: every pair delivered once, nothing arrives twice', async () => {
    const r = await scenario('idempotent');
    expect(r.kills).toBeGreaterThanOrEqual(10);
    expect(r.rows).toHaveLength(r.total);
    expect(r.pairs.size).toBe(r.total);
    expect(r.rows.every((x) => x.status === 'delivered')).toBe(true);
    expect(r.outbox.every((o) => o.status === 'delivered')).toBe(true);
    expect(r.s.distinct).toBe(r.total);
    expect(r.s.duplicates).toBe(0);
    expect(r.s.arrivals).toBe(r.total);
  }, 90_000);

  it('with a plain platform: every pair delivered once, at most one double per crash', async () => {
    const r = await scenario('plain');
    expect(r.kills).toBeGreaterThanOrEqual(10);
    expect(r.rows).toHaveLength(r.total);
    expect(r.pairs.size).toBe(r.total);
    expect(r.rows.every((x) => x.status === 'delivered')).toBe(true);
    expect(r.s.distinct).toBe(r.total);
    expect(r.s.duplicates).toBeLessThanOrEqual(r.kills);
  }, 90_000);
});

/**
 * SQLite locked by another connection (`BEGIN EXCLUSIVE`, as a backup or an admin's shell would hold it): the
 * store waits for the lock without standing the event loop still, logs the wait as a warning with its duration
 * once it is long, logs the end with the total, and writes when the lock is gone. A lock held past the longest
 * wait fails the query with `store.unavailable` instead of hanging or crashing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/index.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { addFeed, type StoredFeed } from '../../../src/store/feeds-repo.js';
import { createRefreshWriter } from '../../../src/store/refresh-write.js';
import { createLockWatch } from '../../../src/store/sqlite-lock.js';

const feed = (name: string) => ({
  url: `https://news.example/${name}.xml`,
  name,
  language: 'de' as const,
  tags: [],
  intervalMinutes: 10,
  fullText: false,
});

describe('SQLite locked by another connection', () => {
  let dir: string;
  let path: string;
  let store: Store;
  let other: SQLite.Database;
  let lines: { level: number; msg: string; waitedMs?: number }[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'newsdigest-lock-'));
    path = join(dir, 'bot.db');
    lines = [];
    const log = createLogger({ level: 'info', write: (l) => lines.push(JSON.parse(l)) });
    store = await openStore(`sqlite:${path}`);
    // as the app does once its logger exists
    store.health.setLogger(log);
    other = new SQLite(path);
  });
  afterEach(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the lock with the event loop free, warns with the duration, and writes afterwards', async () => {
    const { feed: f } = await addFeed(store.db, feed('vorher'), Date.now());
    other.exec('BEGIN EXCLUSIVE');
    const lockedAt = Date.now();
    setTimeout(() => other.exec('COMMIT'), 2_500);
    const order: string[] = [];
    // a timer due during the wait runs during the wait (a synchronous busy wait would run it afterwards)
    setTimeout(() => order.push('timer'), 300);
    const writer = createRefreshWriter(store.db, { maxBatch: 1, windowMs: 0 });
    const [added] = await Promise.all([
      addFeed(store.db, feed('waehrend'), Date.now()).then((r) => {
        order.push('kysely write');
        return r;
      }),
      writer
        .save({
          feedId: f.id,
          articles: [],
          state: { nextCheckAt: 1, health: 'ok', errorCount: 0, lastCheckedAt: 2 },
          now: Date.now(),
        })
        .then(() => order.push('group commit')),
    ]);
    expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(2_000);
    expect(order[0]).toBe('timer');
    expect(added.created).toBe(true);
    const rows = await store.db.selectFrom('feeds').select(['name', 'last_checked_at']).execute();
    expect(rows.map((r) => r.name).sort()).toEqual(['vorher', 'waehrend']);
    expect(rows.find((r) => r.name === 'vorher')?.last_checked_at).toBe(2);

    const warned = lines.filter((l) => l.level === 40 && /locked/.test(l.msg));
    expect(warned).toHaveLength(1);
    expect(warned[0]?.waitedMs).toBeGreaterThanOrEqual(1_000);
    const released = lines.filter((l) => /lock released/.test(l.msg));
    expect(released).toHaveLength(1);
    expect(released[0]?.waitedMs).toBeGreaterThanOrEqual(2_000);
  }, 20_000);

  it('a short lock is waited for without a warning', async () => {
    other.exec('BEGIN EXCLUSIVE');
    setTimeout(() => other.exec('COMMIT'), 300);
    const { created } = await addFeed(store.db, feed('kurz'), Date.now());
    expect(created).toBe(true);
    expect(lines.filter((l) => /lock/.test(l.msg))).toEqual([]);
  });

  it('a lock held past the longest wait fails the query with store.unavailable, and the store goes on', async () => {
    const sqlite = new SQLite(path);
    sqlite.pragma('busy_timeout = 50');
    const watch = createLockWatch({ maxWaitMs: 800, warnAfterMs: 200 });
    other.exec('BEGIN EXCLUSIVE');
    const insert = sqlite.prepare("insert into feeds (url, name) values ('https://x.example/f', 'x')");
    await expect(watch.run(() => insert.run())).rejects.toMatchObject({ code: 'store.unavailable' });
    other.exec('COMMIT');
    sqlite.close();
    const f: StoredFeed = (await addFeed(store.db, feed('danach'), Date.now())).feed;
    expect(f.name).toBe('danach');
  });
});

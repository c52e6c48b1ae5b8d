import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../../src/store/statement-cache.js';

let raw: SQLite.Database | undefined;
afterEach(() => {
  if (raw?.open) raw.close();
});

function open(max?: number) {
  raw = new SQLite(':memory:');
  raw.exec('create table t (x integer)');
  raw.exec('insert into t values (1), (2), (3)');
  return withStatementCache(raw, max);
}

describe('withStatementCache', () => {
  it('reuses the prepared statement of the same SQL, with fresh parameters each time', () => {
    const db = open();
    const a = db.prepare('select x from t where x >= ?');
    expect(db.prepare('select x from t where x >= ?')).toBe(a);
    expect(a.all([2])).toEqual([{ x: 2 }, { x: 3 }]);
    expect(db.prepare('select x from t where x >= ?').all([3])).toEqual([{ x: 3 }]);
  });

  it('gives a fresh statement while the cached one is still iterating', () => {
    const db = open();
    const a = db.prepare('select x from t order by x');
    const it1 = a.iterate([]);
    expect(it1.next().value).toEqual({ x: 1 });
    const b = db.prepare('select x from t order by x');
    expect(b).not.toBe(a);
    expect(b.all([])).toHaveLength(3);
    expect([...it1]).toEqual([{ x: 2 }, { x: 3 }]);
  });

  it('keeps at most `max` statements, dropping the least recently used', () => {
    const db = open(2);
    const one = db.prepare('select 1');
    const two = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(one);
    db.prepare('select 3'); // evicts "select 2", the least recently used
    expect(db.prepare('select 1')).toBe(one);
    expect(db.prepare('select 2')).not.toBe(two);
  });

  it('serves Kysely queries, including schema changes after a statement was cached, and closes the database', async () => {
    const db = new Kysely<{ t: { x: number } }>({ dialect: new SqliteDialect({ database: open() }) });
    const q = () => sql<{ n: number }>`select count(*) as n from t`.execute(db);
    expect((await q()).rows[0]?.n).toBe(3);
    await sql`alter table t add column y text`.execute(db);
    await db.insertInto('t').values({ x: 4 }).execute();
    expect((await q()).rows[0]?.n).toBe(4);
    await db.destroy();
    expect(raw?.open).toBe(false);
  });
});

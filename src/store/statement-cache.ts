/**
 * Prepared-statement cache for better-sqlite3 under Kysely. Kysely's SQLite driver prepares every query anew;
 * a poll cycle runs the same few statements thousands of times (feed state updates, article and digest inserts,
 * seen-set lookups), and compiling them was a quarter of the store's CPU time. Statements are kept by SQL text
 * (least recently used dropped beyond `max`); a cached statement that is busy (an iterator still open on it) is
 * not shared: that query gets a fresh one. Schema changes are safe: SQLite re-prepares stale statements itself.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export function withStatementCache(db: BetterSqlite3.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close() {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const hit = cache.get(sql);
      if (hit?.busy) return db.prepare(sql);
      const stmt = hit ?? db.prepare(sql);
      // re-insert: Map order is recency order, the first key is the least recently used
      cache.delete(sql);
      cache.set(sql, stmt);
      if (cache.size > max) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      return stmt;
    },
  };
}

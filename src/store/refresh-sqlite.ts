/**
 * The better-sqlite3 connection behind a Kysely instance (registered by openStore), and the seen-set lookups of a
 * refresh on it without the query builder: prepared once per connection. Used only when Kysely has no
 * transaction open on the connection; PostgreSQL always takes the Kysely path. The writes are ./refresh-write.ts.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

const handles = new WeakMap<Kysely<Database>, BetterSqlite3.Database>();

/** Remember the better-sqlite3 connection under a Kysely instance (openStore does this). */
export function registerSqlite(db: Kysely<Database>, sqlite: BetterSqlite3.Database): void {
  handles.set(db, sqlite);
}

/** The better-sqlite3 connection under this Kysely instance, or undefined when the store is not SQLite. */
export function sqliteOf(db: Kysely<Database>): BetterSqlite3.Database | undefined {
  return handles.get(db);
}

const lookups = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/**
 * Which of `values` (at most 500) the feed has stored in `column`, or undefined when this store is not SQLite
 * or a Kysely transaction is open on the connection (its uncommitted rows must not count as seen; the caller
 * then asks through Kysely).
 */
export function knownSqlite(
  db: Kysely<Database>,
  column: 'id' | 'canonical_url',
  feedId: number,
  values: string[],
): Set<string> | undefined {
  const sqlite = handles.get(db);
  if (!sqlite || sqlite.inTransaction || values.length === 0 || values.length > 500) return undefined;
  let cache = lookups.get(sqlite);
  if (!cache) {
    cache = new Map();
    lookups.set(sqlite, cache);
  }
  const key = `${column}:${values.length}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const marks = values.map(() => '?').join(', ');
    // `+feed_id` keeps SQLite's planner on the canonical_url index: by feed_id it would read all of the feed's
    // rows (text included) to find five URLs; the id lookup is a covering search of the (feed_id, id) index
    const feed = column === 'id' ? 'feed_id' : '+feed_id';
    stmt = sqlite
      .prepare(`select ${column} from articles where ${feed} = ? and ${column} in (${marks})`)
      .pluck();
    cache.set(key, stmt);
  }
  return new Set(stmt.all(feedId, ...values) as string[]);
}

const feedIdStatements = new WeakMap<BetterSqlite3.Database, BetterSqlite3.Statement>();

/**
 * Up to `limit` ids the feed has stored (a covering read of the (feed_id, id) index), or undefined when this
 * store is not SQLite or a Kysely transaction is open on the connection (as for knownSqlite).
 */
export function feedIdsSqlite(db: Kysely<Database>, feedId: number, limit: number): string[] | undefined {
  const sqlite = handles.get(db);
  if (!sqlite || sqlite.inTransaction) return undefined;
  let stmt = feedIdStatements.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare('select id from articles where feed_id = ? limit ?').pluck();
    feedIdStatements.set(sqlite, stmt);
  }
  return stmt.all(feedId, limit) as string[];
}

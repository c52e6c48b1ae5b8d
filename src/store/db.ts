/**
 * The store's connection: Kysely over better-sqlite3 (default, embedded) or PostgreSQL (pg).
 * Migrations in src/store/migrations are applied at open.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import { AppError } from '../domain/errors.js';
import type { Logger } from '../log/index.js';
import { alwaysAvailable, type StoreHealth } from './health.js';
import { migrations } from './migrations/index.js';
import { guardedPostgres } from './pg-guard.js';
import { storeOpenError } from './open-errors.js';
import type { Database } from './schema.js';
import { registerSqlite } from './refresh-sqlite.js';
import {
  BUSY_TIMEOUT_MS,
  createLockWatch,
  LockAwareSqliteDialect,
  registerLockWatch,
} from './sqlite-lock.js';
import { withStatementCache } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';

// int8 (bigint, count(*)) as JS numbers: our bigints are epoch milliseconds and counts, far below 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Reachable or not, since when (PostgreSQL outages; SQLite is always reachable). See store/health.ts. */
  health: StoreHealth;
  close(): Promise<void>;
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly all: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.all;
  }
}

/** Parse DATABASE_URL: `sqlite:<path>`, `sqlite::memory:`, `postgres://…` / `postgresql://…`. */
export function parseDatabaseUrl(url: string): { dialect: Dialect; target: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', target: url };
  const m = /^sqlite:(?:\/\/)?(.+)$/i.exec(url);
  if (m?.[1]) return { dialect: 'sqlite', target: m[1] };
  throw new AppError('config.invalid', 'DATABASE_URL must start with sqlite: or postgres://');
}

/** Open (and migrate) the store; a failure the operator can fix is a coded store.* error (./open-errors.ts). */
export async function openStore(
  databaseUrl: string,
  opts: { migrate?: boolean; log?: Logger } = {},
): Promise<Store> {
  const { dialect, target } = parseDatabaseUrl(databaseUrl);
  try {
    return await connectStore(dialect, target, opts);
  } catch (e) {
    throw storeOpenError(e, dialect, target);
  }
}

async function connectStore(
  dialect: Dialect,
  target: string,
  opts: { migrate?: boolean; log?: Logger },
): Promise<Store> {
  let db: Kysely<Database>;
  let health: StoreHealth;
  if (dialect === 'sqlite') {
    if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
    const sqlite = new SQLite(target);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // a lock held by another process is waited for asynchronously (sqlite-lock.ts), not on the event loop
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const watch = createLockWatch({ log: opts.log });
    db = new Kysely<Database>({
      dialect: new LockAwareSqliteDialect({ database: withStatementCache(sqlite) }, watch),
    });
    registerSqlite(db, sqlite);
    registerLockWatch(db, watch);
    const base = alwaysAvailable();
    // the app's logger reaches the lock-wait warnings too
    health = {
      ...base,
      setLogger: (l) => {
        base.setLogger(l);
        watch.setLogger(l);
      },
    };
  } else {
    const guarded = guardedPostgres(target);
    health = guarded.health;
    if (opts.log) health.setLogger(opts.log);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guarded.pool }) });
  }
  if (opts.migrate !== false) {
    try {
      await migrate(db);
    } catch (e) {
      health.close();
      await db.destroy().catch(() => undefined);
      throw e;
    }
  }
  return {
    db,
    dialect,
    health,
    close: async () => {
      health.close();
      await db.destroy();
    },
  };
}

/** PostgreSQL: the schema the connection writes to (search_path), so the migration tables live beside ours. */
async function currentSchema(db: Kysely<Database>): Promise<string | undefined> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return undefined;
  const r = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return r.rows[0]?.schema;
}

/**
 * PostgreSQL: Kysely's migrator looks for its tables through the catalog of every schema; a schema dropped by
 * someone else during that look fails it with 3F000 naming that schema. Not ours: look again.
 */
export function otherSchemaVanished(error: unknown, own: string | undefined): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (e?.code !== '3F000' || typeof e.message !== 'string') return false;
  return own === undefined || !e.message.includes(`"${own}"`);
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrationTableSchema = await currentSchema(db);
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations), migrationTableSchema });
  let { error, results } = await migrator.migrateToLatest();
  for (let retry = 0; error && retry < 5 && otherSchemaVanished(error, migrationTableSchema); retry++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new AppError(
      'store.unavailable',
      `migration ${failed} failed: ${String(error)}`,
      {},
      { cause: error },
    );
  }
}

/** Run `work` in one transaction (all or nothing); it passes the repositories the transaction's handle. */
export function inTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(work);
}

/**
 * SQLite locked by another process (a backup, an admin's `BEGIN EXCLUSIVE`, a second bot on the same file).
 * better-sqlite3 waits for a lock synchronously (busy_timeout), which stands the whole event loop still, so the
 * store keeps that wait short (BUSY_TIMEOUT_MS) and waits the rest asynchronously here: the statement is tried
 * again with growing pauses. A wait longer than `warnAfterMs` is logged once as a warning, and its end once
 * with the total duration; after `maxWaitMs` the query fails with `store.unavailable` (nothing crashes).
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteDialect,
  type SqliteDialectConfig,
  type TransactionSettings,
} from 'kysely';
import { AppError } from '../domain/errors.js';
import { type Logger, silentLogger } from '../log/index.js';

/** What one blocking lock wait of better-sqlite3 may take (the rest is waited asynchronously). */
export const BUSY_TIMEOUT_MS = 100;

export interface LockWatch {
  /** Run `fn`, trying again while SQLite answers "database is locked". */
  run<T>(fn: () => T | Promise<T>): Promise<T>;
  setLogger(log: Logger): void;
}

export interface LockWatchOptions {
  warnAfterMs?: number;
  maxWaitMs?: number;
  log?: Logger;
  now?: () => number;
}

/** SQLITE_BUSY / SQLITE_LOCKED, except a stale WAL snapshot (only a new transaction helps there). */
export function isLockError(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string' || code === 'SQLITE_BUSY_SNAPSHOT') return false;
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

export function createLockWatch(o: LockWatchOptions = {}): LockWatch {
  const warnAfterMs = o.warnAfterMs ?? 1_000;
  const maxWaitMs = o.maxWaitMs ?? 120_000;
  const now = o.now ?? Date.now;
  let log = o.log ?? silentLogger;
  /** Start of the current wait (shared by every query waiting on the same lock), and whether it was logged. */
  let waitingSince: number | undefined;
  let warned = false;

  function released(): void {
    if (waitingSince === undefined) return;
    if (warned) log.warn({ waitedMs: now() - waitingSince }, 'SQLite lock released; the store goes on');
    waitingSince = undefined;
    warned = false;
  }

  return {
    async run(fn) {
      const start = now();
      let pause = 20;
      for (;;) {
        try {
          const r = await fn();
          released();
          return r;
        } catch (e) {
          if (!isLockError(e)) throw e;
          waitingSince ??= start;
          const waited = now() - start;
          if (!warned && now() - waitingSince >= warnAfterMs) {
            warned = true;
            log.warn(
              { waitedMs: now() - waitingSince, code: (e as { code: string }).code },
              'SQLite database is locked by another connection; waiting for it',
            );
          }
          if (waited >= maxWaitMs) {
            throw new AppError(
              'store.unavailable',
              `SQLite database locked for ${waited} ms`,
              {},
              { cause: e },
            );
          }
          await new Promise((r) => setTimeout(r, pause));
          pause = Math.min(pause * 2, 500);
        }
      }
    },
    setLogger(l) {
      log = l;
    },
  };
}

const watches = new WeakMap<object, LockWatch>();

export function registerLockWatch(db: object, watch: LockWatch): void {
  watches.set(db, watch);
}

/** Run `fn` under the store's lock watch (SQLite), or just run it (PostgreSQL). */
export function underLockWatch<T>(db: object, fn: () => T | Promise<T>): Promise<T> {
  const w = watches.get(db);
  return w ? w.run(fn) : Promise.resolve().then(fn);
}

function watchedConnection(c: DatabaseConnection, watch: LockWatch): DatabaseConnection {
  return {
    executeQuery: <R>(q: CompiledQuery): Promise<QueryResult<R>> => watch.run(() => c.executeQuery<R>(q)),
    streamQuery: (q, chunkSize) => c.streamQuery(q, chunkSize),
  };
}

/** Kysely's SQLite dialect whose queries wait for a lock asynchronously (see the file comment). */
export class LockAwareSqliteDialect extends SqliteDialect {
  readonly #watch: LockWatch;
  constructor(config: SqliteDialectConfig, watch: LockWatch) {
    super(config);
    this.#watch = watch;
  }
  override createDriver(): Driver {
    const inner = super.createDriver();
    const watch = this.#watch;
    const conns = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const un = (c: DatabaseConnection) => innerOf.get(c) ?? c;
    return {
      init: () => inner.init(),
      async acquireConnection() {
        const c = await inner.acquireConnection();
        let w = conns.get(c);
        if (!w) {
          w = watchedConnection(c, watch);
          conns.set(c, w);
          innerOf.set(w, c);
        }
        return w;
      },
      // begin/commit/rollback go through the watched connection: a COMMIT can meet a lock too
      beginTransaction: (c: DatabaseConnection, s: TransactionSettings) => inner.beginTransaction(c, s),
      commitTransaction: (c: DatabaseConnection) => inner.commitTransaction(c),
      rollbackTransaction: (c: DatabaseConnection) => inner.rollbackTransaction(c),
      savepoint: (c, name, compile) => inner.savepoint?.(c, name, compile) ?? Promise.resolve(),
      rollbackToSavepoint: (c, name, compile) =>
        inner.rollbackToSavepoint?.(c, name, compile) ?? Promise.resolve(),
      releaseSavepoint: (c, name, compile) => inner.releaseSavepoint?.(c, name, compile) ?? Promise.resolve(),
      releaseConnection: (c: DatabaseConnection) => inner.releaseConnection(un(c)),
      destroy: () => inner.destroy(),
    };
  }
}

/**
 * SQLite checkpoints off the event loop during long runs of writes (the daily cleanup). In WAL mode the
 * connection that commits past `wal_autocheckpoint` pages (1,000) copies the log back into the database and
 * fsyncs it, synchronously: measured 250–400 ms on a 1M-article store, once every few cleanup batches. While
 * `withOffloadedCheckpoints` runs, the writing connection does not checkpoint (`wal_autocheckpoint = 0`) and a
 * worker thread with its own connection checkpoints every 200 ms (PASSIVE: it never blocks a writer).
 * If the worker cannot start or ends early, the connection checkpoints itself again (the old behaviour).
 * PostgreSQL and in-memory SQLite: the function just runs.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import { sqliteHandle } from './refresh-sqlite.js';
import type { Database } from './schema.js';

const INTERVAL_MS = 200;

function spawn(path: string): Worker {
  const self = import.meta.url;
  const workerData = { path, intervalMs: INTERVAL_MS };
  if (self.endsWith('.ts')) {
    // under tsx/vitest: the shared bootstrap (pipeline/dev-worker.cjs) compiles the TypeScript worker in its own thread
    return new Worker(new URL('../pipeline/dev-worker.cjs', self), {
      workerData: { ...workerData, entry: fileURLToPath(new URL('./checkpoint-worker.ts', self)) },
      execArgv: [],
    });
  }
  return new Worker(new URL('./checkpoint-worker.js', self), { workerData });
}

/** Start the worker; resolves with it once its connection is open, or undefined when it could not start. */
function start(path: string): Promise<Worker | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = spawn(path);
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', () => resolve(worker));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

export async function withOffloadedCheckpoints<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  const sqlite = sqliteHandle(db);
  if (!sqlite || sqlite.memory || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return fn();
  const worker = await start(sqlite.name);
  if (!worker) return fn();
  const before = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
  const restore = () => sqlite.pragma(`wal_autocheckpoint = ${before}`);
  // a worker that dies early hands checkpoints back to the connection
  worker.on('error', restore);
  worker.on('exit', restore);
  sqlite.pragma('wal_autocheckpoint = 0');
  try {
    return await fn();
  } finally {
    restore();
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    worker.postMessage('stop');
    await exited;
  }
}

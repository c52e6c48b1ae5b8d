/**
 * Worker thread of ./checkpoint.ts: its own connection to the SQLite file copies the write-ahead log back into
 * the database (a PASSIVE checkpoint: never waits for readers or writers) every `intervalMs`, so the fsync that
 * a checkpoint ends with happens here instead of on the event loop of the connection that writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const db = new SQLite(path);
db.pragma('busy_timeout = 1000');

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    // busy or locked this time: the next tick tries again; anything else is reported and ends the worker
    const code = (e as { code?: string }).code ?? '';
    if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw e;
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort?.on('message', (m: unknown) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort?.close();
});
parentPort?.postMessage('ready');

/**
 * The PostgreSQL pool as Kysely sees it, made outage-proof: every pg connection has an 'error' listener (an idle
 * or checked-out connection that the server drops never becomes an unhandled 'error' event), connection-level
 * failures become `store.unavailable` and mark the store's health, and while the store is unavailable a query
 * fails at once instead of trying a dead server (the health probe finds out when it is back).
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { createStoreHealth, type StoreHealth, storeUnavailable } from './health.js';

/** Connect, `select 1`, disconnect: whether the server answers (throws when it does not). */
export async function probePostgres(url: string, timeoutMs = 5_000): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('select 1');
  } finally {
    await c.end().catch(() => undefined);
  }
}

export function guardedPostgres(url: string): { pool: PostgresPool; health: StoreHealth } {
  // keep-alive finds a connection whose server vanished without a word (no FIN/RST)
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  const health = createStoreHealth({ probe: () => probePostgres(url) });
  // an idle connection lost (server shut down, connection cut): without a listener this kills the process
  pool.on('error', (e) => {
    health.failed(e);
  });
  // a checked-out connection lost between two queries (inside a transaction) emits on the client itself
  pool.on('connect', (client) => {
    client.on('error', (e) => {
      health.failed(e);
    });
  });
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let w = wrappers.get(client);
    if (!w) {
      w = {
        query: ((sql: string, parameters: ReadonlyArray<unknown>) =>
          client.query(sql, [...parameters]).catch((e: unknown) => {
            throw health.failed(e);
          })) as unknown as PostgresPoolClient['query'],
        // the pool replaces `release` at every checkout: look it up at call time
        release: (destroy?: boolean) => client.release(destroy),
      };
      wrappers.set(client, w);
    }
    return w;
  };
  return {
    health,
    pool: {
      async connect() {
        if (!health.available())
          throw storeUnavailable('the store is unavailable (waiting for it to come back)');
        try {
          return wrap(await pool.connect());
        } catch (e) {
          throw health.failed(e);
        }
      },
      end: () => pool.end(),
    },
  };
}

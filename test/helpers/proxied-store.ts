/**
 * A PostgreSQL test store reached through a TCP proxy (tcp-proxy.ts), in a fresh schema dropped on cleanup,
 * so a test can cut the bot's connections to the shared server without stopping it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../src/log/index.js';
import { openStore } from '../../src/store/db.js';
import type { TestStore } from './store.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export interface ProxiedStore extends TestStore {
  proxy: TcpProxy;
}

export async function proxiedPostgresStore(base: string, log?: Logger): Promise<ProxiedStore> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(base);
  const proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
  const sep = base.includes('?') ? '&' : '?';
  const url = proxy.through(`${base}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
  const store = await openStore(url, { log });
  return {
    name: 'postgres',
    url,
    store,
    proxy,
    cleanup: async () => {
      proxy.restore();
      await store.close();
      await proxy.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

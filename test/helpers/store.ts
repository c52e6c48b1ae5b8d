/**
 * Real stores for tests: a SQLite file in a temp folder always, and PostgreSQL in a fresh schema when
 * TEST_DATABASE_URL is set (each call gets its own schema, dropped on cleanup, so parallel test files never collide).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface TestStore {
  name: 'sqlite' | 'postgres';
  url: string;
  store: Store;
  /** Close the store and remove its file or schema. */
  cleanup(): Promise<void>;
}

export async function sqliteTestStore(): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'newsdigest-test-'));
  const url = `sqlite:${join(dir, 'test.db')}`;
  const store = await openStore(url);
  return {
    name: 'sqlite',
    url,
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresTestStore(base = TEST_DATABASE_URL): Promise<TestStore> {
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const sep = base.includes('?') ? '&' : '?';
  const url = `${base}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const store = await openStore(url);
  return {
    name: 'postgres',
    url,
    store,
    cleanup: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** The dialects to run a store test against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const STORE_KINDS: { name: 'sqlite' | 'postgres'; open: () => Promise<TestStore> }[] = [
  { name: 'sqlite', open: sqliteTestStore },
  ...(TEST_DATABASE_URL ? [{ name: 'postgres' as const, open: () => postgresTestStore() }] : []),
];

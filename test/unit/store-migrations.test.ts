import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.js';
import type { Database } from '../../src/store/schema.js';
import { STORE_KINDS, TEST_DATABASE_URL, type TestStore } from '../helpers/store.js';

/** The tables of this store only (on PostgreSQL other tests' schemas come and go at the same time). */
async function ownTables(db: Kysely<Database>, postgres: boolean): Promise<string[]> {
  const schema = postgres
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
    : undefined;
  const tables = await db.introspection.getTables();
  return tables.filter((x) => schema === undefined || x.schema === schema).map((x) => x.name);
}

describe.each(STORE_KINDS)('store migrations on $name', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('creates the tables and is idempotent on reopen', async () => {
    const t = await open();
    opened.push(t);
    const names = await ownTables(t.store.db, t.name === 'postgres');
    expect(names).toEqual(expect.arrayContaining(['channels', 'subscriptions', 'chat_feeds']));
    await migrate(t.store.db); // second run applies nothing and does not throw
    const again = (await ownTables(t.store.db, t.name === 'postgres')).sort();
    expect(again).toEqual(names.sort());
  });

  it('enforces one subscription per channel and target', async () => {
    const t = await open();
    opened.push(t);
    const { db } = t.store;
    const ch = await db
      .insertInto('channels')
      .values({
        platform: 'console',
        chat_id: 'c1',
        thread_id: '',
        language: 'de',
        paused_reason: null,
        created_at: Date.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = {
      channel_id: ch.id,
      target_kind: 'tag' as const,
      feed_id: 0,
      tag: 'tech',
      language: 'de',
      mode: 'instant' as const,
      cron: '0 7 * * *',
      timezone: 'Europe/Berlin',
      filters_json: '{"include":[],"exclude":[]}',
      max_items: 10,
      summarizer: null,
      paused_reason: null,
      created_by: 'u1',
      created_at: Date.now(),
    };
    await db.insertInto('subscriptions').values(row).execute();
    await expect(db.insertInto('subscriptions').values(row).execute()).rejects.toThrow();
    const created = await db.selectFrom('channels').select('created_at').executeTakeFirstOrThrow();
    expect(typeof created.created_at).toBe('number');
  });
});

describe('PostgreSQL store tests', () => {
  it.skipIf(Boolean(TEST_DATABASE_URL))('are skipped: TEST_DATABASE_URL is not set (CI sets it)', () => {
    expect(TEST_DATABASE_URL).toBeUndefined();
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.js';
import { STORE_KINDS, TEST_DATABASE_URL, type TestStore } from '../helpers/store.js';

describe.each(STORE_KINDS)('store migrations on $name', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('creates the tables and is idempotent on reopen', async () => {
    const t = await open();
    opened.push(t);
    const names = (await t.store.db.introspection.getTables()).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['channels', 'subscriptions', 'chat_feeds']));
    await migrate(t.store.db); // second run applies nothing and does not throw
    const again = (await t.store.db.introspection.getTables()).map((x) => x.name).sort();
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

/** The telegram_channel_links table (migration 005_telegram) on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkChannel, selectedChannel, unselectChannel } from '../../../src/store/telegram-links-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const A = { chatId: '-1001', title: 'Morgenlage', username: 'morgenlage' };
const B = { chatId: '-1002', title: 'Abendlage', username: '' };

describe.each(STORE_KINDS)('telegram channel links on $name', (kind) => {
  let ts: TestStore;
  beforeEach(async () => {
    ts = await kind.open();
  });
  afterEach(async () => {
    await ts.cleanup();
  });

  it('selects the most recently linked channel per user, one at a time', async () => {
    expect(await selectedChannel(ts.store.db, '7')).toBeUndefined();
    await linkChannel(ts.store.db, '7', A, 1);
    await linkChannel(ts.store.db, '7', B, 2);
    await linkChannel(ts.store.db, '8', A, 3);
    expect(await selectedChannel(ts.store.db, '7')).toEqual(B);
    expect(await selectedChannel(ts.store.db, '8')).toEqual(A);
    await linkChannel(ts.store.db, '7', { ...A, title: 'Morgenlage (neu)' }, 4);
    expect(await selectedChannel(ts.store.db, '7')).toEqual({ ...A, title: 'Morgenlage (neu)' });
    const rows = await ts.store.db
      .selectFrom('telegram_channel_links')
      .selectAll()
      .where('user_id', '=', '7')
      .execute();
    expect(rows.filter((r) => r.selected === 1)).toHaveLength(1);
    expect(rows).toHaveLength(2);
  });

  it('unselects without forgetting the link', async () => {
    await linkChannel(ts.store.db, '7', A, 1);
    await unselectChannel(ts.store.db, '7');
    expect(await selectedChannel(ts.store.db, '7')).toBeUndefined();
    const rows = await ts.store.db.selectFrom('telegram_channel_links').selectAll().execute();
    expect(rows).toHaveLength(1);
  });
});

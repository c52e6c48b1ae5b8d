/**
 * The sender's queue read (dueHeads): per chat the oldest pending due message, or a sending one whose lease
 * ran out; in due order; at most `limit`. A chat's younger due rows and not-yet-due rows are never heads.
 */
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { dueHeads } from '../../../src/store/outbox-repo.js';
import type { Database } from '../../../src/store/schema.js';
import type { OutboxTable } from '../../../src/store/schema-delivery.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const NOW = Date.UTC(2026, 5, 1, 12);
let nonce = 0;

async function message(
  db: Kysely<Database>,
  channel: number,
  status: OutboxTable['status'],
  dueIn: number,
  claimedUntil = 0,
): Promise<number> {
  const r = await db
    .insertInto('outbox')
    .values({
      channel_id: channel,
      subscription_id: channel,
      kind: 'instant',
      status,
      next_attempt_at: NOW + dueIn,
      claimed_until: claimedUntil,
      attempts: 0,
      failures: 0,
      lease_owner: '',
      nonce: `n${nonce++}`,
      locale: 'de',
      created_at: NOW,
      updated_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

describe.each(STORE_KINDS)('sender queue heads in the $name store', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('one head per chat, the oldest due one, in due order, limited', async () => {
    const ts = await open();
    opened.push(ts);
    const { db } = ts.store;
    // chat 1: a not-yet-due message first, then two due ones: the older due one is the head
    await message(db, 1, 'pending', 60_000);
    const c1 = await message(db, 1, 'pending', -5_000);
    await message(db, 1, 'pending', -9_000);
    // chat 2: due earliest
    const c2 = await message(db, 2, 'pending', -20_000);
    await message(db, 2, 'pending', -30_000);
    // chat 3: only a delivered and a future message: no head
    await message(db, 3, 'delivered', -50_000);
    await message(db, 3, 'pending', 1_000);
    // chat 4: a sending message whose lease ran out stands before its pending one
    const c4 = await message(db, 4, 'sending', -1_000, NOW - 1);
    await message(db, 4, 'pending', -40_000);
    // chat 5: sending with a live lease, plus a due pending one (the head among pending rows)
    await message(db, 5, 'sending', -1_000, NOW + 60_000);
    const c5 = await message(db, 5, 'pending', -2_000);

    const heads = await dueHeads(db, NOW, 10);
    expect(heads.map((h) => Number(h.id))).toEqual([c2, c1, c5, c4]);
    expect(heads.map((h) => Number(h.channel_id))).toEqual([2, 1, 5, 4]);
    const two = await dueHeads(db, NOW, 2);
    expect(two.map((h) => Number(h.id))).toEqual([c2, c1]);
    expect(await dueHeads(db, NOW - 60_000, 10)).toEqual([]);
  });
});

/** Graceful stop on real time: a send waiting for a rate-limit token gives its message back, unsent, same nonce. */
import { afterEach, expect, it } from 'vitest';
import { configWith } from '../../../src/config/index.js';
import { createDeliveryEngine } from '../../../src/delivery/engine.js';
import { silentLogger } from '../../../src/log/index.js';
import { extractiveSummarizer } from '../../../src/pipeline/summarize/index.js';
import { sqliteTestStore, type TestStore } from '../../helpers/store.js';
import { scriptedPublisher } from '../fakes/publisher-fake.js';
import { seedArticles, seedFeed, seedSubscription } from './seed.js';

let ts: TestStore;
afterEach(async () => {
  await ts?.cleanup();
});

it('stop() finishes sends in flight and releases the ones waiting for a token', async () => {
  ts = await sqliteTestStore();
  const now = Date.now();
  const feed = await seedFeed(ts.store, { url: 'https://a.example/rss', name: 'Tagesblatt' }, now);
  // two chats: both messages are claimed at once, and one of them waits for the single global token
  await seedSubscription(ts.store, { chatId: '77', feedId: feed }, now);
  await seedSubscription(ts.store, { chatId: '78', feedId: feed }, now);
  await seedArticles(
    ts.store,
    feed,
    [{ id: 'a', title: 'Rathaus bekommt neue Solaranlage', text: 'Die Stadt baut eine Solaranlage.' }],
    now,
  );
  const engine = createDeliveryEngine({
    store: ts.store,
    config: configWith({ DELIVERY_POLL_MS: '20', DELIVERY_CONCURRENCY: '2', LOG_LEVEL: 'silent' }),
    log: silentLogger,
    summarizer: extractiveSummarizer,
    // one message per minute overall: the second one has to wait
    limits: () => ({ global: { count: 1, windowMs: 60_000 } }),
  });
  const pub = scriptedPublisher({ now: Date.now });
  engine.registerPublisher(pub);
  await engine.start();
  for (let i = 0; i < 200 && pub.delivered.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
  expect(pub.delivered).toHaveLength(1);
  await engine.stop();
  expect(pub.calls).toHaveLength(1);
  const rows = await ts.store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
  expect(rows.map((r) => r.status)).toEqual(['delivered', 'pending']);
  const waiting = rows[1];
  expect(Number(waiting?.claimed_until)).toBe(0);
  expect(Number(waiting?.failures)).toBe(0);
  expect(Number(waiting?.attempts)).toBe(1); // it was claimed, waited, and was given back
  // a later run sends it with the nonce it had from the start
  expect(waiting?.nonce).toMatch(/^[0-9a-f]{20}$/);
}, 20_000);

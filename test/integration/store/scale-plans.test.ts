/**
 * The hot queries keep their cost independent of the store's size: their plans (SQLite EXPLAIN QUERY PLAN,
 * PostgreSQL EXPLAIN with sequential scans priced out, so an index path must exist) never read all of
 * articles, subscriptions, deliveries or outbox. The queries are captured as the repositories build them.
 */
import {
  CompiledQuery,
  createQueryId,
  type Kysely,
  type KyselyPlugin,
  type RootOperationNode,
  sql,
} from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeReason } from '../../../src/domain/delivery-reason.js';
import { knownIdList, latestArticles, listPendingFanout } from '../../../src/store/articles-repo.js';
import { upsertCatalogFeeds } from '../../../src/store/feeds-repo.js';
import { dueHeads } from '../../../src/store/outbox-repo.js';
import { runRetention } from '../../../src/store/retention.js';
import type { Database } from '../../../src/store/schema.js';
import {
  indexStory,
  storyCandidates,
  storyWindow,
  tokenFrequencies,
} from '../../../src/store/story-index.js';
import { subscribe, subscriptionsForFeed } from '../../../src/store/subscriptions-repo.js';
import { STORE_KINDS, type TestStore } from '../../helpers/store.js';

const HOT = ['articles', 'subscriptions', 'deliveries', 'outbox'];
const NOW = Date.UTC(2026, 5, 1);

/** Run `fn` on `db` and return the compiled queries it sent. */
async function capture(db: Kysely<Database>, fn: (db: Kysely<Database>) => Promise<unknown>) {
  const nodes: RootOperationNode[] = [];
  const spy: KyselyPlugin = {
    transformQuery: (a) => {
      nodes.push(a.node);
      return a.node;
    },
    transformResult: async (a) => a.result,
  };
  await fn(db.withPlugin(spy));
  return nodes.map((n) => db.getExecutor().compileQuery(n, createQueryId()));
}

async function seed(db: Kysely<Database>): Promise<number[]> {
  const feeds = Array.from({ length: 60 }, (_, i) => ({
    url: `https://f.example/${i}.xml`,
    name: `Feed ${i}`,
    language: 'de' as const,
    tags: ['all', `t${i % 3}`],
    intervalMinutes: 10,
    fullText: false,
  }));
  await upsertCatalogFeeds(db, feeds, NOW);
  const ids = (await db.selectFrom('feeds').select('id').orderBy('id').execute()).map((r) => Number(r.id));
  const rows = Array.from({ length: 600 }, (_, i) => ({
    feed_id: ids[i % ids.length] ?? 0,
    id: `a${i}`,
    url: `https://n.example/${i}`,
    canonical_url: `https://n.example/${i}`,
    title: `T ${i}`,
    published_at: NOW - (600 - i) * 3_600_000,
    text: 'x',
    language: 'de',
    announce: i % 3 === 0 ? 1 : 0,
    fanout_done: i > 590 ? 0 : 1,
    created_at: NOW - (600 - i) * 3_600_000,
  }));
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('articles')
      .values(rows.slice(i, i + 100))
      .execute();
  for (let c = 0; c < 20; c++) {
    const ref = { platform: 'telegram' as const, chatId: `c${c}` };
    const base = {
      language: 'de' as const,
      mode: 'instant' as const,
      cron: '0 7 * * *',
      timezone: 'UTC',
      createdBy: 'u',
    };
    await subscribe(db, ref, { ...base, target: { kind: 'feed', feedId: ids[c] ?? 0 } }, NOW);
    await subscribe(db, ref, { ...base, target: { kind: 'tag', tag: `t${c % 3}` } }, NOW);
  }
  return ids;
}

async function plans(ts: TestStore, queries: CompiledQuery[]): Promise<string[]> {
  const { db } = ts.store;
  if (ts.name === 'sqlite') {
    const out: string[] = [];
    for (const q of queries) {
      const r = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
      );
      out.push(r.rows.map((x) => x.detail).join('\n'));
    }
    return out;
  }
  return db.connection().execute(async (conn) => {
    await sql`set enable_seqscan = off`.execute(conn);
    const out: string[] = [];
    for (const q of queries) {
      const r = await conn.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${q.sql}`, [...q.parameters]),
      );
      out.push(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    }
    await sql`reset enable_seqscan`.execute(conn);
    return out;
  });
}

/** Indexes that are walked in order under a LIMIT, or that hold only the rows wanted (partial): never a full read. */
const ORDERED_WALKS = ['articles_newest', 'articles_fanout_todo'];

/**
 * The tables a plan reads whole: SQLite `SCAN <table>` without an index or over an index other than an ordered
 * walk; PostgreSQL a `Seq Scan`, or an index scan with no `Index Cond` (e.g. the primary key read in order with
 * a filter) over an index other than an ordered walk.
 */
function fullScans(plan: string): string[] {
  const out: string[] = [];
  const lines = plan.split('\n');
  lines.forEach((line, i) => {
    const lite = /^SCAN (\w+)(?: AS \w+)?(?: USING (?:COVERING )?INDEX (\w+))?/.exec(line.trim());
    if (lite?.[1] && HOT.includes(lite[1]) && !ORDERED_WALKS.includes(lite[2] ?? '')) out.push(line.trim());
    const seq = /Seq Scan on (\w+)/.exec(line);
    if (seq?.[1] && HOT.includes(seq[1])) out.push(line.trim());
    const idx = /Index (?:Only )?Scan(?: Backward)? using (\w+) on (\w+)/.exec(line);
    if (idx?.[2] && HOT.includes(idx[2]) && !ORDERED_WALKS.includes(idx[1] ?? '')) {
      const rest = lines.slice(i + 1);
      const end = rest.findIndex((l) => l.includes('->'));
      const own = end < 0 ? rest : rest.slice(0, end);
      if (!own.some((l) => l.includes('Index Cond'))) out.push(line.trim());
    }
  });
  return out;
}

describe.each(STORE_KINDS)('hot query plans in the $name store', ({ open }) => {
  const opened: TestStore[] = [];
  afterAll(async () => {
    for (const s of opened) await s.cleanup();
  });

  it('fan-out, newest articles, subscriptions of an article, duplicate check, sender queue, known ids and cleanup use indexes', async () => {
    const ts = await open();
    opened.push(ts);
    const { db } = ts.store;
    const ids = await seed(db);
    const queries: [string, CompiledQuery[]][] = [
      ['fan-out', await capture(db, (d) => listPendingFanout(d, 100))],
      [
        'latest of one feed',
        await capture(db, (d) => latestArticles(d, { feedIds: [ids[1] ?? 0], limit: 5 })),
      ],
      ['latest of a broad topic', await capture(db, (d) => latestArticles(d, { tags: ['all'], limit: 5 }))],
      [
        'subscriptions of an article',
        await capture(db, (d) => subscriptionsForFeed(d, ids[2] ?? 0, ['t1', 'all'])),
      ],
      [
        'duplicate check',
        await capture(db, async (d) => {
          // one story of chat 1 that shares a headline word, so every statement of the check runs
          const story = await d
            .insertInto('deliveries')
            .values({
              subscription_id: 1,
              channel_id: 1,
              article_pk: 1,
              canonical_url: 'https://n.example/0',
              language: 'de',
              status: 'delivered',
              reason: encodeReason({ kind: 'delivered' }),
              story_key: 'hafen rekord|umschlag',
              created_at: NOW - 3_600_000,
              updated_at: NOW - 3_600_000,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const key = 'hafen rekord|umschlag';
          await indexStory(d, { deliveryId: Number(story.id), channelId: 1, key, now: NOW - 3_600_000 });
          const since = NOW - 48 * 3_600_000;
          const w = { ...(await storyWindow(d, 1, since)), since };
          const found = await storyCandidates(d, 1, w, 'https://n.example/1', ['hafen', 'rekord']);
          if (found.length !== 1) throw new Error('the indexed story was not found');
          await tokenFrequencies(d, 1, w, ['hafen', 'rekord']);
        }),
      ],
      ['sender queue', await capture(db, (d) => dueHeads(d, NOW, 20))],
      [
        'known ids',
        await capture(db, (d) => d.transaction().execute((trx) => knownIdList(trx, ids[3] ?? 0))),
      ],
      [
        'cleanup',
        await capture(db, (d) =>
          runRetention(d, { articleRetentionDays: 20, deliveryRetentionDays: 20, batch: 50 }, NOW),
        ),
      ],
    ];
    const seen: string[] = [];
    for (const [name, qs] of queries) {
      expect(qs.length, name).toBeGreaterThan(0);
      const ps = await plans(ts, qs);
      ps.forEach((p, i) => {
        const sqlText = qs[i]?.sql ?? '';
        if (/^\s*(insert|begin|commit|rollback|savepoint|release)/i.test(sqlText)) return;
        seen.push(name);
        if (process.env.SHOW_PLANS) console.log(`${ts.name} ${name}: ${sqlText}\n${p}\n`);
        expect(fullScans(p), `${name}: ${sqlText}\n${p}`).toEqual([]);
      });
    }
    // every listed query was planned (none slipped through as a write only)
    expect(new Set(seen).size).toBe(queries.length);
    // the cleanup did delete: the plans above are of real work
    expect(
      Number(
        (
          await db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n,
      ),
    ).toBeLessThan(600);
  });
});
